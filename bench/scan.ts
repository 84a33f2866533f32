/**
 * `npm run bench:scan` — `nad scan` end to end (the built CLI: read, decode, connections, KDD
 * features, model, report) on a ≥ 1 GB capture, writing every anomaly as NDJSON and as CSV, and
 * the top 30 only; packets/s, CPU seconds and peak RSS (issue 12 targets: ≥ 400,000 packets/s,
 * peak RSS < 400 MB), next to `tshark -r FILE -q -z conv,tcp` on the same file (skipped with a note when
 * tshark is absent).
 *
 * The capture is bench:features' mix (SYN flood, DNS amplification, scans, brute force, HTTP,
 * SSH, TLS, land, smurf, teardrop, fragments; Ethernet µs pcap), built by `bench/features.ts`
 * under .bench-data/ when missing. The model is scan's default model when it exists, otherwise the
 * test model fixtures/models/kdd-sample-20trees.nadm. tshark keeps every conversation in memory
 * (about 1.7 GB per 100 MB of this capture), so it runs under an address-space limit; when it
 * cannot finish there, it is measured on the 100 MB capture of the same mix and the note says so.
 *
 * Each output mode runs with `--jobs 1` and `--jobs 2` (one capture: features on a worker thread,
 * scoring on the main thread), writing to /dev/null, and the ratio is printed; then each run is
 * repeated untimed with its stdout hashed through a pipe, and the two outputs are compared by
 * sha256.
 *
 * Usage: npm run bench:scan [-- --size-mb N] [--no-peer] (default 1100)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mixCapture } from './lib/mix-capture.js';
import { printTable } from './lib/measure.js';
import { nad, outputSha256, timed, type Measured } from './lib/scan-runs.js';

const TEST_MODEL = 'fixtures/models/kdd-sample-20trees.nadm';
/** Address-space limit for tshark (bytes). */
const TSHARK_LIMIT = 10 * 1024 ** 3;

/** tshark's TCP conversation table on `file`, or on `fallback` when it cannot finish. */
function tshark(file: string, packets: number, fallback: string): Measured | string {
  if (spawnSync('tshark', ['--version']).status !== 0) return 'tshark not installed: peer skipped';
  const limit = ['prlimit', `--as=${TSHARK_LIMIT}`, '--', 'tshark'];
  const what = 'tshark -q -z conv,tcp';
  const full = timed(limit[0]!, [...limit.slice(1), '-r', file, '-q', '-z', 'conv,tcp']);
  if (full.ok) return { what, packets, sec: full.sec, peakRssMb: full.rssMb };
  if (!existsSync(fallback)) return `tshark failed on ${file} (memory limit?); no smaller capture`;
  const small = timed(limit[0]!, [...limit.slice(1), '-r', fallback, '-q', '-z', 'conv,tcp']);
  if (!small.ok) return `tshark failed: ${small.err.slice(-500)}`;
  const smallPackets = countPackets(fallback);
  return {
    what: `${what} (100 MB prefix)`,
    packets: smallPackets,
    sec: small.sec,
    peakRssMb: small.rssMb,
    note: `tshark could not finish ${file} within ${TSHARK_LIMIT / 1024 ** 3} GB of address space; measured on ${fallback} (the same mix, 100 MB)`,
  };
}

function countPackets(file: string): number {
  const r = spawnSync(process.execPath, ['bin/run.js', 'scan', '--summary', '--json', file], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  return (JSON.parse(r.stdout) as { files: { packets: number }[] }).files[0]!.packets;
}

async function main(): Promise<void> {
  const sizeArg = process.argv.indexOf('--size-mb');
  const sizeMb = sizeArg > 0 ? Number(process.argv[sizeArg + 1]) : 1100;
  const file = mixCapture(sizeMb);
  const fallback = mixCapture(100);
  const { SCAN_MODEL_NAME, defaultModelPath } = await import('../src/io/model-file.js');
  const scanModel = defaultModelPath(SCAN_MODEL_NAME);
  const model = existsSync(scanModel) ? scanModel : TEST_MODEL;
  const modelFlags = model === TEST_MODEL ? ['-m', TEST_MODEL] : [];
  const mb = statSync(file).size / 1048576;
  console.log(`capture: ${file}, ${mb.toFixed(0)} MB; model: ${model}`);
  const modes: [string, string[]][] = [
    ['anomaly rows, ndjson', ['-f', 'ndjson']],
    ['anomaly rows, csv', ['-f', 'csv']],
    ['top 30, ndjson by score', ['-f', 'ndjson', '--sort', 'score', '--top', '30']],
  ];
  const nadRuns: (Measured & { cpuSec: number; mode: string; jobs: number })[] = [];
  for (const [mode, flags] of modes)
    for (const jobs of [1, 2]) {
      const what = `nad scan (${mode}) -j ${jobs}`;
      nadRuns.push({ ...nad(what, file, modelFlags, [...flags, '-j', String(jobs)]), mode, jobs });
    }
  // Identical output: each run again, untimed, its stdout hashed through a pipe.
  const sha256 = new Map<string, string>();
  for (const r of nadRuns) {
    const flags = modes.find(([mode]) => mode === r.mode)![1];
    sha256.set(r.what, await outputSha256(file, modelFlags, [...flags, '-j', String(r.jobs)]));
  }
  const peer = process.argv.includes('--no-peer')
    ? 'tshark peer skipped (--no-peer)'
    : tshark(file, nadRuns[0]!.packets, fallback);
  const runs = typeof peer === 'string' ? nadRuns : [...nadRuns, peer];
  printTable(
    ['run', 'packets', 'seconds', 'CPU s', 'packets/s', 'peak RSS MB'],
    runs.map((r) => [
      r.what,
      r.packets,
      r.sec,
      'cpuSec' in r ? (r as { cpuSec: number }).cpuSec : NaN,
      r.packets / r.sec,
      r.peakRssMb,
    ]),
  );
  if (typeof peer === 'string') console.log(peer);
  else {
    if (peer.note) console.log(`note: ${peer.note}`);
    for (const r of nadRuns)
      console.log(
        `${r.what} / tshark throughput ratio: ${(r.packets / r.sec / (peer.packets / peer.sec)).toFixed(2)}`,
      );
  }
  let allSame = true;
  for (const [mode] of modes) {
    const [one, two] = [1, 2].map((j) => nadRuns.find((r) => r.mode === mode && r.jobs === j)!);
    const [h1, h2] = [sha256.get(one!.what)!, sha256.get(two!.what)!];
    const same = h1 === h2;
    allSame &&= same;
    console.log(
      `${mode}: -j 2 / -j 1 packets/s ratio ${(one!.sec / two!.sec).toFixed(2)}; output ${same ? 'identical' : 'DIFFERENT'} (sha256 ${h1.slice(0, 16)}…)`,
    );
  }
  const pps = (jobs: number): number =>
    Math.min(...nadRuns.filter((r) => r.jobs === jobs).map((r) => r.packets / r.sec));
  const rss = (jobs: number): number =>
    Math.max(...nadRuns.filter((r) => r.jobs === jobs).map((r) => r.peakRssMb));
  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
  for (const jobs of [1, 2])
    console.log(
      `-j ${jobs}: target ≥ 400,000 packets/s (issue 12): ${pps(jobs) >= 4e5 ? 'met' : 'NOT met'} (slowest mode ${fmt(pps(jobs))}); peak RSS < 400 MB: ${rss(jobs) < 400 ? 'met' : 'NOT met'} (${rss(jobs).toFixed(0)} MB)`,
    );
  const ratio = Math.min(
    ...modes.map(([mode]) => {
      const [one, two] = [1, 2].map((j) => nadRuns.find((r) => r.mode === mode && r.jobs === j)!);
      return one!.sec / two!.sec;
    }),
  );
  console.log(
    `-j 2 ≥ 1.6 × -j 1 with identical output (issue 17): ${ratio >= 1.6 && allSame ? 'met' : 'NOT met'} (lowest ratio ${ratio.toFixed(2)}, outputs ${allSame ? 'identical' : 'DIFFERENT'})`,
  );
}

await main();
