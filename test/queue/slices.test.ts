/**
 * Queue slices without Redis: the rotated captures of fixtures/stream (two sensors, five files
 * each, out of time order by name) cut into time slices as `nad scan --shard i/n` cuts them —
 * every file owned once, ids stable and tied to the files' sha256s, each job scanning what its
 * shard scans — and the default slice count on captures described by size and time.
 */
import { copyFileSync, cpSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SensorStream } from '../../src/app/scan/stream-plan.js';
import { sha256File } from '../../src/io/file-digest.js';
import { tempDir } from '../helpers/temp.js';
import {
  currentPlan,
  defaultSliceCount,
  sliceInputs,
  sliceJobs,
  type QueuedFile,
  type ScanSettings,
  type StreamSpec,
} from '../../src/queue/slices.js';

const SETTINGS: ScanSettings = {
  model: null,
  modelSha256: 'm',
  threshold: null,
  all: true,
  skipBadRecords: false,
};
const BY_SENSOR: StreamSpec = { sensorFrom: '^fixtures/stream/([^/]+)/', warmupSec: null };

/** The fixtures/stream files (relative paths, name order) with their sizes and sha256s. */
async function streamFiles(): Promise<QueuedFile[]> {
  const out: QueuedFile[] = [];
  for (const sensor of ['ftp', 'synscan'])
    for (const name of readdirSync(join('fixtures/stream', sensor)).sort()) {
      const path = `fixtures/stream/${sensor}/${name}`;
      out.push({ path, bytes: statSync(path).size, sha256: (await sha256File(path))! });
    }
  return out;
}

describe('sliceJobs', () => {
  it('3 slices of two sensors: the parts of --shard i/3, every file owned once, stable ids', async () => {
    const files = await streamFiles();
    const jobs = await sliceJobs(files, BY_SENSOR, SETTINGS, 3);
    expect(jobs.map((j) => [j.order, j.shard, j.label])).toEqual([
      [0, { index: 1, count: 3 }, '1/3 (fixtures/stream/ftp/e.pcap … fixtures/stream/synscan/e.pcapng, 6 files)'], // prettier-ignore
      [1, { index: 2, count: 3 }, '2/3 (fixtures/stream/synscan/b.pcapng … fixtures/stream/synscan/d.pcapng, 2 files)'], // prettier-ignore
      [2, { index: 3, count: 3 }, '3/3 (fixtures/stream/synscan/a.pcapng … fixtures/stream/synscan/c.pcapng, 2 files)'], // prettier-ignore
    ]);
    const owned = jobs.flatMap((j) => j.owned).sort((a, b) => a - b);
    expect(owned).toEqual(files.map((_, i) => i));
    for (const j of jobs) {
      expect(j.files).toEqual(files);
      expect(await currentPlan(j)).toBe(j.plan);
      expect(sliceInputs(j)).toEqual([
        files.map((f) => f.path),
        { stream: true, shard: j.shard, sensorFrom: /^fixtures\/stream\/([^/]+)\//, warmupSec: undefined }, // prettier-ignore
      ]);
    }
    expect(new Set(jobs.map((j) => j.id)).size).toBe(3);
    expect(jobs[0]!.id).toMatch(/^scan-[0-9a-f]{32}$/);
    // The same scan again: the same ids; another sha256 of any one file: other ids.
    expect((await sliceJobs(files, BY_SENSOR, SETTINGS, 3)).map((j) => j.id)).toEqual(jobs.map((j) => j.id)); // prettier-ignore
    const touched = files.map((f, i) => (i === 7 ? { ...f, sha256: 'x' } : f));
    const other = await sliceJobs(touched, BY_SENSOR, SETTINGS, 3);
    expect(other.map((j) => j.id).filter((id) => jobs.some((j) => j.id === id))).toEqual([]);
  });

  it('a file with another size and first packet shifts the parts: no plan holds; a non-capture goes to the first job', async () => {
    const dir = tempDir('slices');
    cpSync('fixtures/stream', dir, { recursive: true });
    const files: QueuedFile[] = (await streamFiles()).map((f) => ({ ...f, path: f.path.replace('fixtures/stream', dir) })); // prettier-ignore
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'not a capture\n');
    const spec: StreamSpec = { sensorFrom: '/([^/]+)/[^/]+$', warmupSec: null };
    const jobs = await sliceJobs([...files, { path: notes, bytes: 14, sha256: 'n' }], spec, SETTINGS, 3); // prettier-ignore
    expect(jobs.map((j) => j.owned.includes(files.length))).toEqual([true, false, false]);
    expect(await Promise.all(jobs.map(currentPlan))).toEqual(jobs.map((j) => j.plan));
    // synscan/a.pcapng (owned by part 3) becomes the teardrop capture: another first packet and
    // 53 KB less, which moves every cut of the byte-balanced parts.
    copyFileSync('fixtures/pcaps/attack/teardrop.pcap', join(dir, 'synscan/a.pcapng'));
    const now = await Promise.all(jobs.map(currentPlan));
    expect(now.map((p, i) => p === jobs[i]!.plan)).toEqual([false, false, false]);
  });

  it('empty parts (more slices than files can fill) are not queued', async () => {
    const files = (await streamFiles()).slice(0, 5); // ftp: 4 files of 9–19 KB and one of 106 bytes
    const jobs = await sliceJobs(files, BY_SENSOR, SETTINGS, 12);
    expect(jobs.length).toBeLessThan(12);
    expect(jobs.flatMap((j) => j.owned).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(jobs.map((j) => j.order)).toEqual(jobs.map((_, i) => i));
  });
});

describe('defaultSliceCount', () => {
  const MIB = 1024 * 1024;
  /** `sensors` sensors of `files` hourly files of `mib` MiB each. */
  const hourly = (sensors: number, files: number, mib: number): SensorStream[] =>
    Array.from({ length: sensors }, (_, s) => ({
      sensor: `s${s}`,
      files: Array.from({ length: files }, (_, i) => ({
        path: `s${s}/${i}.pcap`,
        firstMicros: i * 3600e6,
        sizeBytes: mib * MIB,
      })),
    }));

  it('one slice per 256 MiB when no warm-up is read again (a file per sensor)', () => {
    expect(defaultSliceCount(hourly(8, 1, 100), 600)).toBe(4); // 800 MiB
    expect(defaultSliceCount(hourly(8, 1, 1000), 600)).toBe(8); // at most one per file
    expect(defaultSliceCount(hourly(1, 3, 1), 600)).toBe(1); // small input
  });

  it('fewer slices while warm-ups would re-read over a quarter of the input', () => {
    // 10 hourly files of 100 MiB: 4 slices would re-read 3 files (30 %), 3 slices 2 (20 %).
    expect(defaultSliceCount(hourly(1, 10, 100), 600)).toBe(3);
    // No warm-up: nothing is read again.
    expect(defaultSliceCount(hourly(1, 10, 100), 0)).toBe(4);
    // 24 hourly files of 1 GiB: 24 slices of one file would read almost every file twice;
    // 7 slices re-read 6 files (25 %).
    expect(defaultSliceCount(hourly(1, 24, 1024), 600)).toBe(7);
    // 100 sensors of 24 hourly files of 1 GiB: a slice per sensor-day would read no warm-up;
    // More parts cut into the days: 628 is what bisection from 2,400 finds with warm-ups of at
    // most a quarter of the input (not by trying every count, which would take minutes).
    expect(defaultSliceCount(hourly(100, 24, 1024), 600)).toBe(628);
  });
});
