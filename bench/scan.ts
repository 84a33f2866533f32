/**
 * `npm run bench:scan` — `nad scan` end to end (the built CLI: read, decode, connections, KDD
 * features, model, report) on a ≥ 1 GB capture, writing every anomaly as NDJSON and as CSV, and
 * the top 30 only; packets/s and peak RSS (issue 7 targets: ≥ 300,000 packets/s, peak RSS
 * < 400 MB), next to `tshark -r FILE -q -z conv,tcp` on the same file (skipped with a note when
 * tshark is absent).
 *
 * The capture is bench:features' mix (SYN flood, DNS amplification, scans, brute force, HTTP,
 * SSH, TLS, land, smurf, teardrop, fragments; Ethernet µs pcap), built by `bench/features.ts`
 * under .bench-data/ when missing. The model is scan's default model when it exists, otherwise the
 * test model fixtures/models/kdd-sample-20trees.nadm. tshark keeps every conversation in memory
 * (about 1.7 GB per 100 MB of this capture), so it runs under an address-space limit; when it
 * cannot finish there, it is measured on the 100 MB capture of the same mix and the note says so.
 *
 * Usage: npm run bench:scan [-- --size-mb N] (default 1100)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, openSync, statSync } from 'node:fs';
import { mixCapture } from './lib/mix-capture.js';
import { printTable } from './lib/measure.js';

const TEST_MODEL = 'fixtures/models/kdd-sample-20trees.nadm';
/** Address-space limit for tshark (bytes). */
const TSHARK_LIMIT = 10 * 1024 ** 3;

interface Measured {
  what: string;
  packets: number;
  sec: number;
  peakRssMb: number;
  note?: string;
}

/** Runs `cmd args` under /usr/bin/time; stdout goes to /dev/null, stderr is returned. */
function timed(
  cmd: string,
  args: string[],
): { ok: boolean; sec: number; rssMb: number; err: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', 'MAXRSS_KB=%M', cmd, ...args], {
    stdio: ['ignore', openSync('/dev/null', 'w'), 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const sec = Number(process.hrtime.bigint() - t0) / 1e9;
  const rss = /MAXRSS_KB=(\d+)/.exec(r.stderr ?? '');
  return { ok: r.status === 0, sec, rssMb: rss ? Number(rss[1]) / 1024 : NaN, err: r.stderr ?? '' };
}

/** `nad scan` with extra flags; packets from the summary on stderr (row formats). */
function nad(what: string, file: string, modelFlags: string[], flags: string[]): Measured {
  const r = timed(process.execPath, ['bin/run.js', 'scan', ...modelFlags, ...flags, file]);
  if (!r.ok) throw new Error(`nad scan failed: ${r.err.slice(-2000)}`);
  const m = /: ([\d,]+) packets, ([\d,]+) connections/.exec(r.err);
  return {
    what,
    packets: m ? Number(m[1]!.replace(/,/g, '')) : NaN,
    sec: r.sec,
    peakRssMb: r.rssMb,
  };
}

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
  const nadRuns: Measured[] = [
    nad('nad scan (anomaly rows, ndjson)', file, modelFlags, ['-f', 'ndjson']),
    nad('nad scan (anomaly rows, csv)', file, modelFlags, ['-f', 'csv']),
    nad('nad scan (top 30, ndjson by score)', file, modelFlags, [
      '-f',
      'ndjson',
      '--sort',
      'score',
      '--top',
      '30',
    ]),
  ];
  const peer = tshark(file, nadRuns[0]!.packets, fallback);
  const runs = typeof peer === 'string' ? nadRuns : [...nadRuns, peer];
  printTable(
    ['run', 'packets', 'seconds', 'packets/s', 'peak RSS MB'],
    runs.map((r) => [r.what, r.packets, r.sec, r.packets / r.sec, r.peakRssMb]),
  );
  if (typeof peer === 'string') console.log(peer);
  else {
    if (peer.note) console.log(`note: ${peer.note}`);
    for (const r of nadRuns)
      console.log(
        `${r.what} / tshark throughput ratio: ${(r.packets / r.sec / (peer.packets / peer.sec)).toFixed(2)}`,
      );
  }
  const pps = Math.min(...nadRuns.map((r) => r.packets / r.sec));
  const rss = Math.max(...nadRuns.map((r) => r.peakRssMb));
  console.log(
    `target ≥ 300,000 packets/s: ${pps >= 3e5 ? 'met' : 'NOT met'} (slowest ${Math.round(pps).toLocaleString('en-US')}); peak RSS < 400 MB: ${rss < 400 ? 'met' : 'NOT met'} (${rss.toFixed(0)} MB)`,
  );
}

await main();
