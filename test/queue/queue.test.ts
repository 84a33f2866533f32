/**
 * The work queue end to end, with a real redis-server and the built CLI: three `nad worker`
 * processes scan the time slices of the fixtures queued by `nad queue add` — among them the
 * rotated captures of fixtures/stream, where connections and windows span files and slices —
 * and `nad queue collect` writes rows byte-identical to one `nad scan --stream` of the same
 * files; a worker SIGKILLed in the middle of a job → another takes the job over, rows still
 * identical, none lost or doubled.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Job } from 'bullmq';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SliceJob } from '../../src/queue/slices.js';
import { runNad } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { FAST_STALL, queueHandle, spawnWorker, startRedis, until } from './redis-helpers.js';

/**
 * Fixture capture directories, the rotated captures of two sensors among them (the attack
 * captures, a few big files, are in the second test: parts are cut by bytes).
 */
const DIRS = ['fixtures/pcaps/benign', 'fixtures/pcaps/encap', 'fixtures/stream'];
/**
 * A file's sensor: fixtures/stream/SENSOR/ for the rotated captures (ftp, synscan), else the
 * file itself — unrelated captures, years apart, are no continuous stream: a part starting after
 * such a gap has no warm-up (only the 600 s before it), so its host windows would start empty.
 */
const SENSOR = 'stream/([^/]+)/|[^/]+$';
/** The biggest capture (about 2 s to scan here). */
const BIG = 'fixtures/pcaps/attack/syn_flood_spoofed.pcap';

let url: string;
beforeAll(async () => {
  url = await startRedis();
});

/** `nad scan --stream --format ndjson --all [flags] FILES`, the reference. */
async function scanRows(args: string[]): Promise<{ stdout: string; stderr: string }> {
  const run = await runNad(['scan', '--stream', '--format', 'ndjson', '--all', ...args]);
  expect(run.code).toBe(0);
  return run;
}

/** The `total:` line of a summary without its seconds. */
const totalLine = (stderr: string): string | undefined =>
  /^total: .*$/m.exec(stderr)?.[0].replace(/, [\d.]+ s$/, '');

// Child processes (workers, redis-server, nad scan) on a machine shared with the rest of the
// suite: more time than the default 60 s.
describe('nad queue + nad worker (real Redis)', { timeout: 240_000 }, () => {
  it('3 workers over 8 time slices of the fixtures: collected rows = one nad scan --stream of the same files, each slice done once', async () => {
    const addArgs = ['queue', 'add', '--redis', url, '--queue', 'all', '--all', '--json', '--sensor-from', SENSOR, '--slices', '8', ...DIRS]; // prettier-ignore
    const add = await runNad(addArgs);
    expect(add.code).toBe(0);
    const added = JSON.parse(add.stdout) as { slices: number; added: number; existing: number };
    expect(added).toMatchObject({ slices: 8, added: 8, existing: 0 });
    // Adding the same scan again queues nothing.
    const again = await runNad(addArgs);
    expect(JSON.parse(again.stdout)).toMatchObject({ slices: 8, added: 0, existing: 8 });
    const q = queueHandle(url, 'all');
    expect((await q.queue.getJobCounts('waiting')).waiting).toBe(8);
    // The rotated captures are cut across slices: parts of one stream each, with a warm-up.
    const jobs = (await q.queue.getJobs(['waiting'])) as Job<SliceJob>[];
    const owning = (sensor: string): number => jobs.filter((j) => j.data.owned.some((i) => j.data.files[i]!.path.includes(`stream/${sensor}/`))).length; // prettier-ignore
    expect([owning('ftp'), owning('synscan')]).toEqual([1, 4]);
    await q.close();

    const workers = await Promise.all(
      [1, 2, 3].map(() => spawnWorker(url, ['--queue', 'all', '-c', '1'])),
    );
    const out = join(tempDir('queue'), 'out.ndjson');
    const collect = await runNad(['queue', 'collect', '--redis', url, '--queue', 'all', '-o', out]);
    expect(collect.code).toBe(0);
    const expected = await scanRows(['--sensor-from', SENSOR, ...DIRS]);
    expect(readFileSync(out, 'utf8')).toBe(expected.stdout);
    const rows = expected.stdout.split('\n').length - 1;
    expect(rows).toBe(2_183);
    expect(collect.stderr).toContain(
      `collected ${rows.toLocaleString('en-US')} rows of 8 slices into ${out}`,
    );
    // The summary is nad scan's, part by part; its totals are those of the one scan.
    expect(totalLine(collect.stderr)).toBe(totalLine(expected.stderr));
    expect(totalLine(collect.stderr)).toMatch(/^total: [\d,]+ packets, [\d,]+ connections/);
    for (const w of workers) w.child.kill('SIGTERM');
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0, 0]);
    const done = workers.flatMap((w) => w.stderr().match(/^nad worker: done .*$/gm) ?? []);
    expect(done).toHaveLength(8);
    expect(workers.filter((w) => /nad worker: done/.test(w.stderr())).length).toBeGreaterThan(1);
  });

  it('a worker SIGKILLed mid-job: another takes the job over, rows identical, nothing lost or doubled', async () => {
    // The rotated ftp captures (one stream) and three captures of their own.
    const files = [
      BIG,
      'fixtures/pcaps/attack/teardrop.pcap',
      'fixtures/pcaps/benign/http_browse.pcap',
      'fixtures/stream/ftp',
    ];
    // 3 parts by bytes: the SYN flood (2.9 MB) is the second.
    const add = await runNad(['queue', 'add', '--redis', url, '--queue', 'kill', '--all', '--sensor-from', SENSOR, '--slices', '3', ...files]); // prettier-ignore
    expect(add.code).toBe(0);
    const q = queueHandle(url, 'kill');
    const jobs = (await q.queue.getJobs(['waiting'])) as Job<SliceJob>[];
    expect(jobs.map((j) => j.data.label).sort()).toEqual([
      '1/3 (fixtures/stream/ftp/e.pcap … fixtures/pcaps/benign/http_browse.pcap, 6 files)',
      `2/3 (${BIG})`,
      '3/3 (fixtures/pcaps/attack/teardrop.pcap)',
    ]);
    const job = jobs.find((j) => j.data.label.includes(BIG))!;
    const doomed = await spawnWorker(url, ['--queue', 'kill', '-c', '1', ...FAST_STALL]);
    await until(async () => (await job.getState()) === 'active');
    doomed.child.kill('SIGKILL');
    expect(await doomed.exited).toBe(null);
    expect(await job.getState()).toBe('active'); // killed before it finished

    const rescuers = await Promise.all(
      [1, 2].map(() => spawnWorker(url, ['--queue', 'kill', '-c', '1', ...FAST_STALL])),
    );
    const out = join(tempDir('queue-kill'), 'out.ndjson');
    const collect = await runNad([
      'queue',
      'collect',
      '--redis',
      url,
      '--queue',
      'kill',
      '-o',
      out,
    ]);
    expect(collect.code).toBe(0);
    const expected = (await scanRows(['--sensor-from', SENSOR, ...files])).stdout;
    expect(readFileSync(out, 'utf8')).toBe(expected);
    const rows = (expected.split('\n').length - 1).toLocaleString('en-US');
    expect(collect.stderr).toContain(
      `collected ${rows} rows of 3 slices, 1 after a retry into ${out}`,
    );
    const taken = await q.queue.getJob(job.id!);
    expect(taken!.attemptsStarted).toBeGreaterThanOrEqual(2);
    expect(await taken!.getState()).toBe('completed');
    expect(rescuers.map((w) => w.stderr()).join('')).toMatch(
      new RegExp(`done ${job.data.label.replace(/[.()]/g, '\\$&')}: [\\d,]+ rows in [\\d.]+ s \\(attempt \\d\\)`), // prettier-ignore
    );
    for (const w of rescuers) w.child.kill('SIGTERM');
    await Promise.all(rescuers.map((w) => w.exited));
    await q.close();
  });
});
