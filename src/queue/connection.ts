/**
 * The Redis behind `nad queue` and `nad worker`: a `redis://` or `rediss://` URL checked and
 * turned into ioredis options, and a first connection that either answers within the connect
 * timeout or becomes one clear UnavailableError (exit 69) — never a hang, never a stack trace.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { UnavailableError, UsageError } from '../common/errors.js';

/** A parsed Redis URL: what ioredis needs, and a form safe to print (no password). */
export interface RedisTarget {
  /** The URL without its password, for messages. */
  readonly shown: string;
  readonly options: RedisOptions;
}

/** Default time to establish a connection to Redis, in milliseconds. */
export const CONNECT_TIMEOUT_MS = 5000;

/** Parses `text` (`redis://[user:password@]host[:port][/db]`, or `rediss://` for TLS); UsageError otherwise. */
export function parseRedisUrl(text: string, connectTimeoutMs = CONNECT_TIMEOUT_MS): RedisTarget {
  const bad = (why: string): UsageError =>
    new UsageError(`--redis: ${why}: "${redact(text)}"`, {
      hint: 'e.g. --redis redis://127.0.0.1:6379 (rediss:// for TLS, /N for database N)',
    });
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw bad('not a URL');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    throw bad(`the scheme must be redis:// or rediss://, not ${url.protocol}//`);
  if (url.hostname === '') throw bad('no host');
  const port = url.port === '' ? 6379 : Number(url.port);
  const path = url.pathname.replace(/^\//, '');
  if (path !== '' && !/^\d{1,2}$/.test(path)) throw bad('the path must be a database number');
  const options: RedisOptions = {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    db: path === '' ? 0 : Number(path),
    connectTimeout: connectTimeoutMs,
    ...(url.username === '' ? {} : { username: decodeURIComponent(url.username) }),
    ...(url.password === '' ? {} : { password: decodeURIComponent(url.password) }),
    ...(url.protocol === 'rediss:' ? { tls: { servername: url.hostname } } : {}),
  };
  return { shown: redact(text), options };
}

/** `text` with the password of a URL replaced by `***`. */
function redact(text: string): string {
  return text.replace(/^([a-z]+:\/\/[^:@/]*:)[^@/]*@/i, '$1***@');
}

/**
 * Connects once to `target` and checks that it is a Redis that BullMQ can use (version 5 or
 * later): UnavailableError when it refuses, does not answer within the connect timeout, asks
 * for a password, or is too old.
 */
export async function probeRedis(target: RedisTarget): Promise<void> {
  const timeoutMs = (target.options.connectTimeout ?? CONNECT_TIMEOUT_MS) + 1000;
  const client = new Redis({
    ...target.options,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  let lastError: Error | undefined;
  client.on('error', (err: Error) => (lastError = err));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
  });
  try {
    const info = await Promise.race([client.connect().then(() => client.info('server')), timeout]);
    const version = /redis_version:(\d+)/.exec(info)?.[1];
    if (version !== undefined && Number(version) < 5)
      throw new UnavailableError(
        `Redis at ${target.shown} is version ${version}; BullMQ needs 5 or later`,
      );
  } catch (err) {
    if (err instanceof UnavailableError) throw err;
    throw new UnavailableError(
      `cannot reach Redis at ${target.shown}: ${reason(lastError ?? err)}`,
      {
        hint: 'Is redis-server running there, and the URL right? (--connect-timeout sets how long to try)',
        cause: err,
      },
    );
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

/** A short reason for a connection error. */
function reason(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const byCode: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ETIMEDOUT: 'no answer (connect timeout)',
    ENOTFOUND: 'unknown host',
    EAI_AGAIN: 'unknown host',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
  };
  if (e.code !== undefined && byCode[e.code] !== undefined) return byCode[e.code]!;
  const message = e.message ?? String(err);
  if (/Protocol error/i.test(message)) return 'what answered there does not speak Redis';
  if (/NOAUTH|WRONGPASS|invalid password|AUTH/i.test(message))
    return `authentication failed (${message.split('\n')[0]})`;
  return message.split('\n')[0]!;
}

/**
 * A client for nad's own keys (rows, the scan's manifest). Commands fail after a few retries
 * when Redis goes away; a worker (`persistent`) retries for ever, as BullMQ's own connections do.
 */
export function redisClient(target: RedisTarget, persistent = false): Redis {
  const client = new Redis({
    ...target.options,
    maxRetriesPerRequest: persistent ? null : 3,
    retryStrategy: (times) => (persistent || times < 5 ? Math.min(times * 500, 5000) : null),
  });
  client.on('error', () => undefined); // surfaced by the commands that fail
  return client;
}
