/**
 * Helpers of the `nad serve` tests: a real server listening on 127.0.0.1 (a free port) built
 * in-process, the built CLI's server as a child process, and raw HTTP exchanges for clients
 * that misbehave (slow, cut short).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { buildServer, type NadServer, type ServeOptions } from '../../src/serve/server.js';
import { SCAN_MODEL_NAME, defaultModelPath } from '../../src/io/model-file.js';
import { ROOT } from '../helpers/fixtures.js';
import type { ErrorBody } from '../../src/serve/http-errors.js';

/** A listening test server. */
export interface TestServer {
  readonly url: string;
  readonly port: number;
  readonly server: NadServer;
  readonly log: string[];
}

const running: NadServer[] = [];
afterAll(async () => {
  for (const s of running.splice(0)) await s.app.close();
});

/** Builds and starts a server on 127.0.0.1 (any free port); closed after the test file. */
export async function startServer(options: Partial<ServeOptions> = {}): Promise<TestServer> {
  const log: string[] = [];
  const server = await buildServer({
    modelPath: defaultModelPath(SCAN_MODEL_NAME),
    threshold: undefined, // the model's own, as nad scan
    log: (line) => log.push(line),
    ...options,
  });
  running.push(server);
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  const address = server.app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, port, server, log };
}

/** GET /healthz: the status code (the server is up and answering). */
export async function healthz(url: string): Promise<number> {
  return (await fetch(`${url}/healthz`)).status;
}

/**
 * POSTs `body` with `contentType`; status, headers and parsed JSON (or text) of the answer,
 * typed as `T` (an error body unless told).
 */
export async function post<T = ErrorBody>(
  url: string,
  body: string | Uint8Array,
  contentType: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; json: T; text: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType, ...headers },
    body,
  });
  const text = await res.text();
  let json: T;
  try {
    json = JSON.parse(text) as T;
  } catch {
    json = undefined as T;
  }
  return { status: res.status, headers: res.headers, json, text };
}

/**
 * A raw HTTP/1.1 exchange: writes the parts in turn (a function's once its promise resolves:
 * a client that stalls), and resolves with everything the server sent until it closed the
 * connection.
 */
export function rawExchange(
  port: number,
  parts: (Uint8Array | string | (() => Promise<Uint8Array | string | undefined>))[],
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
    socket.on('error', (err: NodeJS.ErrnoException) =>
      err.code === 'ECONNRESET' || err.code === 'EPIPE' ? resolve(received) : reject(err),
    );
    socket.on('close', () => resolve(received));
    socket.on('connect', async () => {
      for (const p of parts) {
        const chunk = typeof p === 'function' ? await p() : p;
        if (chunk !== undefined && !socket.destroyed) socket.write(chunk);
      }
    });
  });
}

/** The built CLI's `nad serve` as a child process, once it listens. */
export interface ServeChild {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  /** stderr so far. */
  stderr(): string;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
}

/** Spawns `node bin/run.js serve --port 0 …args` and waits for its "listening on" line. */
export function spawnServe(args: string[], env: Record<string, string> = {}): Promise<ServeChild> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin/run.js'), 'serve', '--port', '0', ...args],
    {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', ...env },
    },
  );
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
      if (m !== null) resolve({ child, url: m[1]!, stderr: () => err, exited });
    });
    void exited.then((code) => reject(new Error(`nad serve exited ${code}: ${err}`)));
  });
}

/** Polls `check` until it returns true (each after the answer before; bounded by the test timeout). */
export async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 50));
}
