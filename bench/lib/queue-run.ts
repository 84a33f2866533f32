/**
 * Helpers of `npm run bench:queue`: a throwaway redis-server, `nad worker` children and their
 * CPU time, and a count of the Redis commands seen by `redis-cli monitor` — those sent by
 * clients (each a round trip, or part of a pipelined MULTI) and those run inside BullMQ's Lua
 * scripts (no round trip of their own).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** A running redis-server. */
export interface BenchRedis {
  port: number;
  url: string;
  stop: () => void;
}

/** Starts redis-server on a free loopback port, persistence off. */
export async function startBenchRedis(): Promise<BenchRedis> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']); // prettier-ignore
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    const poll = setInterval(() => {
      if (!/Ready to accept connections/.test(out)) return;
      clearInterval(poll);
      resolve();
    }, 20);
  });
  return { port, url: `redis://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

/** Starts a child and resolves once its stderr matches `ready`. */
export async function startChild(
  cmd: string,
  args: string[],
  ready: RegExp,
): Promise<ChildProcess> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      if (ready.test(err)) resolve();
    });
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${err}`)));
  });
  return child;
}

/** CPU seconds (user + system, all threads) a live process has used, from /proc. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100/s)
}

/** Commands counted in a `redis-cli monitor` log, by who sent them. */
export interface CommandCounts {
  client: Map<string, number>;
  lua: Map<string, number>;
}

/** Adds the commands of whole monitor lines (`<time> [<db> <addr>|lua] "cmd" …`) to `counts`. */
export function addCommands(counts: CommandCounts, log: string): void {
  for (const m of log.matchAll(/^\d+\.\d+ \[\d+ ([^\]]+)\] "([^"]+)"/gm)) {
    const map = m[1] === 'lua' ? counts.lua : counts.client;
    const cmd = m[2]!.toLowerCase();
    map.set(cmd, (map.get(cmd) ?? 0) + 1);
  }
}

/** Sum of a count map. */
export function total(map: Map<string, number>): number {
  return [...map.values()].reduce((a, b) => a + b, 0);
}
