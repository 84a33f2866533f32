/**
 * A real Redis for the queue tests: `redis-server` (Debian's package; .ci/run installs it) on a
 * free loopback port with persistence off, as a child process stopped after the test file.
 * A missing redis-server fails the tests (spawn error), it never skips them. Also: `nad worker`
 * as a child process, and a BullMQ queue handle to look at jobs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, expect } from 'vitest';
import { ROOT } from '../helpers/fixtures.js';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children.splice(0))
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts redis-server; resolves with its URL once it answers PING. */
export async function startRedis(): Promise<string> {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.on('error', (err) =>
      reject(new Error(`redis-server could not start (${err.message}): install it (.ci/run does)`)),
    );
    child.on('exit', (code) => reject(new Error(`redis-server exited ${code}: ${output}`)));
    const poll = setInterval(() => {
      if (/Ready to accept connections/.test(output)) {
        clearInterval(poll);
        resolve();
      }
    }, 20);
  });
  const url = `redis://127.0.0.1:${port}`;
  const client = new Redis(url);
  try {
    expect(await client.ping()).toBe('PONG');
  } finally {
    client.disconnect();
  }
  return url;
}

/** A `nad worker` child process and its stderr so far. */
export interface WorkerChild {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Quick takeover of a dead worker's jobs, for tests. */
export const FAST_STALL = ['--lock-duration', '3000', '--stalled-interval', '500'];

/** Starts `nad worker --redis URL …args` (from the repository root) and waits until it listens. */
export async function spawnWorker(url: string, args: string[]): Promise<WorkerChild> {
  const env = { ...process.env, NO_COLOR: '1' };
  delete env.DEBUG;
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin/run.js'), 'worker', '--redis', url, ...args],
    { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await until(async () => /waiting for jobs/.test(stderr) || child.exitCode !== null);
  return { child, stderr: () => stderr, exited };
}

/** A BullMQ handle on queue `name` (nad's key prefix), to look at its jobs. */
export function queueHandle(
  url: string,
  name: string,
): { queue: Queue; close: () => Promise<void> } {
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  const queue = new Queue(name, { connection, prefix: 'nad' });
  return {
    queue,
    close: async () => {
      await queue.close();
      connection.disconnect();
    },
  };
}

/** Polls `check` every 50 ms until it returns true (bounded by the test timeout). */
export async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 50));
}
