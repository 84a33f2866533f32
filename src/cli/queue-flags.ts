/**
 * The flags shared by `nad queue add|collect|clear` and `nad worker`: where Redis is, which
 * queue, how long to try to connect; and the Redis target they make.
 */
import { Flags } from '@oclif/core';
import { CONNECT_TIMEOUT_MS, parseRedisUrl, type RedisTarget } from '../queue/connection.js';
import { DEFAULT_QUEUE, checkQueueName } from '../queue/keys.js';

/** `--redis`, `--queue`, `--connect-timeout`. */
export const queueFlags = {
  redis: Flags.string({
    description:
      'Redis URL: redis://[user:password@]host[:port][/db], rediss:// for TLS (or set NAD_REDIS_URL). Every machine of one scan uses the same Redis.',
    env: 'NAD_REDIS_URL',
    required: true,
  }),
  queue: Flags.string({
    description: `Queue name: one queue holds one scan (default: ${DEFAULT_QUEUE}). Letters, digits, - and _.`,
    default: DEFAULT_QUEUE,
  }),
  'connect-timeout': Flags.integer({
    description: `Seconds to wait for Redis to answer before giving up with exit 69 (default ${CONNECT_TIMEOUT_MS / 1000}).`,
    min: 1,
    default: CONNECT_TIMEOUT_MS / 1000,
  }),
};

/** The Redis target and queue name of parsed queue flags (UsageError for a bad URL or name). */
export function queueTarget(flags: { redis: string; queue: string; 'connect-timeout': number }): {
  target: RedisTarget;
  queue: string;
} {
  return {
    target: parseRedisUrl(flags.redis, flags['connect-timeout'] * 1000),
    queue: checkQueueName(flags.queue),
  };
}

/** Command-line arguments with the value of --redis (which may hold a password) as `target` shows it. */
export function redactedArgs(args: readonly string[], target: RedisTarget): string[] {
  return args.map((a, i) =>
    args[i - 1] === '--redis'
      ? target.shown
      : a.startsWith('--redis=')
        ? `--redis=${target.shown}`
        : a,
  );
}
