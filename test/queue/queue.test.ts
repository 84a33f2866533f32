/**
 * The work queue end to end, with a real redis-server and the built CLI: three `nad worker`
 * processes scan the fixtures queued by `nad queue add`, and `nad queue collect` writes rows
 * byte-identical to one `nad scan --format ndjson` of the same files; a worker SIGKILLed in
 * the middle of a job → another takes the job over, rows still identical, none lost or doubled.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runNad } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { FAST_STALL, queueHandle, spawnWorker, startRedis, until } from './redis-helpers.js';

/** Every fixture capture directory, and the biggest capture (about 2 s to scan here). */
const DIRS = ['fixtures/pcaps/benign', 'fixtures/pcaps/attack', 'fixtures/pcaps/encap'];
const BIG = 'fixtures/pcaps/attack/syn_flood_spoofed.pcap';

let url: string;
beforeAll(async () => {
  url = await startRedis();
});

/** `nad scan --format ndjson --all FILES` (stdout), the reference. */
async function scanRows(files: string[]): Promise<string> {
  const run = await runNad(['scan', '--format', 'ndjson', '--all', ...files]);
  expect(run.code).toBe(0);
  return run.stdout;
}

// Child processes (workers, redis-server, nad scan) on a machine shared with the rest of the
// suite: more time than the default 60 s.
describe('nad queue + nad worker (real Redis)', { timeout: 240_000 }, () => {
  it('3 workers over the fixtures: collected rows = one nad scan of the same files, each slice done once', async () => {
    const add = await runNad([
      'queue',
      'add',
      '--redis',
      url,
      '--queue',
      'all',
      '--all',
      '--json',
      ...DIRS,
    ]);
    expect(add.code).toBe(0);
    const added = JSON.parse(add.stdout) as { slices: number; added: number; existing: number };
    expect(added).toMatchObject({ slices: 21, added: 21, existing: 0 });
    // Adding the same scan again queues nothing.
    const again = await runNad([
      'queue',
      'add',
      '--redis',
      url,
      '--queue',
      'all',
      '--all',
      '--json',
      ...DIRS,
    ]);
    expect(JSON.parse(again.stdout)).toMatchObject({ slices: 21, added: 0, existing: 21 });
    const q = queueHandle(url, 'all');
    expect((await q.queue.getJobCounts('waiting')).waiting).toBe(21);
    await q.close();

    const workers = await Promise.all(
      [1, 2, 3].map(() => spawnWorker(url, ['--queue', 'all', '-c', '1'])),
    );
    const out = join(tempDir('queue'), 'out.ndjson');
    const collect = await runNad(['queue', 'collect', '--redis', url, '--queue', 'all', '-o', out]);
    expect(collect.code).toBe(0);
    const expected = await scanRows(DIRS);
    expect(readFileSync(out, 'utf8')).toBe(expected);
    const rows = expected.split('\n').length - 1;
    expect(rows).toBeGreaterThan(38_000);
    expect(collect.stderr).toContain(
      `collected ${rows.toLocaleString('en-US')} rows of 21 slices into ${out}`,
    );
    // The summary is nad scan's, file by file.
    expect(collect.stderr).toContain(
      `${BIG}: 37,841 packets, 37,669 connections, 37,664 anomalies (dos 37664)`,
    );
    for (const w of workers) w.child.kill('SIGTERM');
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0, 0]);
    const done = workers.flatMap((w) => w.stderr().match(/^nad worker: done .*$/gm) ?? []);
    expect(done).toHaveLength(21);
    expect(workers.filter((w) => /nad worker: done/.test(w.stderr())).length).toBeGreaterThan(1);
  });

  it('a worker SIGKILLed mid-job: another takes the job over, rows identical, nothing lost or doubled', async () => {
    const files = [
      BIG,
      'fixtures/pcaps/attack/teardrop.pcap',
      'fixtures/pcaps/benign/http_browse.pcap',
    ];
    const add = await runNad([
      'queue',
      'add',
      '--redis',
      url,
      '--queue',
      'kill',
      '--all',
      ...files,
    ]);
    expect(add.code).toBe(0);
    const q = queueHandle(url, 'kill');
    const doomed = await spawnWorker(url, ['--queue', 'kill', '-c', '1', ...FAST_STALL]);
    await until(async () => (await q.queue.getActive()).length === 1);
    const [job] = await q.queue.getActive();
    expect(job!.data.label).toBe(BIG);
    doomed.child.kill('SIGKILL');
    expect(await doomed.exited).toBe(null);
    expect(await job!.getState()).toBe('active'); // killed before it finished

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
    const expected = await scanRows(files);
    expect(readFileSync(out, 'utf8')).toBe(expected);
    const rows = (expected.split('\n').length - 1).toLocaleString('en-US');
    expect(collect.stderr).toContain(
      `collected ${rows} rows of 3 slices, 1 after a retry into ${out}`,
    );
    const taken = await q.queue.getJob(job!.id!);
    expect(taken!.attemptsStarted).toBeGreaterThanOrEqual(2);
    expect(await taken!.getState()).toBe('completed');
    expect(rescuers.map((w) => w.stderr()).join('')).toContain(`done ${BIG}: 37,669 rows`);
    for (const w of rescuers) w.child.kill('SIGTERM');
    await Promise.all(rescuers.map((w) => w.exited));
    await q.close();
  });
});
