/**
 * `npm run bench:serve` — `nad serve` (the built CLI, as a child process) under load from this
 * process with Node's HTTP client (undici's fetch for /predict, node:http streams for uploads):
 *
 * - POST /predict: telemetry records/s and p50 / p99 latency, `--predict-clients` requests in
 *   flight for `--seconds`, `--batch` records per request (issue 15 target: ≥ 20,000 records/s).
 *   Every request of a run is a different body (the first BODIES built before the clock starts):
 *   the server memoises scores and explanations by feature row across requests, so a few bodies
 *   sent again and again would measure its memo, not its scoring;
 * - POST /v1/scan?format=ndjson: 4 concurrent uploads of a 100 MB capture (bench:features'
 *   mix, built under .bench-data/ when missing), MB/s and packets/s, against `nad scan
 *   --format ndjson` on the same file in the same run (target: ≥ 50 % of its packets/s);
 * - the server's peak RSS over the whole run, from /proc (target: < 600 MB).
 *
 * The server runs as deployed: access log on (to a pipe this process drains).
 *
 * Usage: npm run bench:serve [-- --seconds N] [--batch N] [--predict-clients N] [--uploads N]
 *        [--model FILE] (default: the shipped scan model; given to both nad serve and nad scan)
 *        [--cpu-prof DIR] (the server runs with node --cpu-prof, its profile written to DIR)
 *        [--workers N] (nad serve --workers N; default: its own default)
 *        --uploads 0 measures /predict only.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { printTable } from './lib/measure.js';
import { mixCapture } from './lib/mix-capture.js';
import { telemetry } from './lib/telemetry.js';

/** Different /predict bodies per run (more than a run sends at 40,000 records/s, 100 a body). */
const BODIES = 4096;
/** `-m FILE` when --model FILE was given. */
const MODEL = ((i) => (i > 0 ? ['-m', process.argv[i + 1]!] : []))(process.argv.indexOf('--model'));

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** `nad scan --format ndjson FILE` (rows to /dev/null): packets, seconds and CPU seconds. */
function nadScan(file: string): { packets: number; sec: number; cpuSec: number } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(
    '/usr/bin/time',
    ['-f', 'CPU_SEC=%U+%S', process.execPath, 'bin/run.js', 'scan', ...MODEL, '-f', 'ndjson', file],
    { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' },
  );
  const sec = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`nad scan failed: ${r.stderr.slice(-1000)}`);
  const m = /: ([\d,]+) packets/.exec(r.stderr);
  const cpu = /CPU_SEC=([\d.]+)\+([\d.]+)/.exec(r.stderr);
  return {
    packets: m ? Number(m[1]!.replace(/,/g, '')) : NaN,
    sec,
    cpuSec: cpu ? Number(cpu[1]) + Number(cpu[2]) : NaN,
  };
}

/** CPU seconds process `pid` has used (user + system), from /proc. */
function cpuSec(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100/s)
}

/** Starts `nad serve --port 0`; resolves with its URL and pid once it listens. */
async function startServe(): Promise<{ url: string; pid: number; stop: () => Promise<void> }> {
  const prof = process.argv.indexOf('--cpu-prof');
  const nodeArgs = prof > 0 ? ['--cpu-prof', '--cpu-prof-dir', process.argv[prof + 1]!] : [];
  const w = process.argv.indexOf('--workers');
  const workers = w > 0 ? ['--workers', process.argv[w + 1]!] : [];
  const child = spawn(process.execPath, [...nodeArgs, 'bin/run.js', 'serve', ...MODEL, '--port', '0', '--max-requests', '256', ...workers], {
    stdio: ['ignore', 'ignore', 'pipe'],
  }); // prettier-ignore
  let err = '';
  const url = await new Promise<string>((resolve, reject) => {
    // Until it listens; then only the tail (the access log writes a line per request).
    child.stderr.on('data', (d: Buffer) => {
      err = (err + d.toString()).slice(-4096);
      const m = /listening on (http:\/\/[^ ]+)/.exec(err);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`nad serve exited ${code}: ${err}`)));
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { url, pid: child.pid!, stop: () => (child.kill('SIGTERM'), exited) };
}

/** The load average (1, 5, 15 min) and the number of cores. */
function loadAverage(): string {
  const l = loadavg().map((v) => v.toFixed(1));
  return `${l.join(' ')} on ${availableParallelism()} cores`;
}

/** Peak RSS of process `pid` so far (MB), from /proc. */
function peakRssMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** /predict for `seconds` with `clients` requests in flight: records/s and latencies (ms). */
async function loadPredict(
  url: string,
  seconds: number,
  clients: number,
  batch: number,
  perConnection: number,
  seed: number,
) {
  const bodies = Array.from({ length: BODIES }, (_, i) =>
    telemetry(batch, seed + i, perConnection),
  );
  const latencies: number[] = [];
  let failed = 0;
  const end = Date.now() + seconds * 1000;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = c; Date.now() < end; i += clients) {
        const s = process.hrtime.bigint();
        const res = await fetch(`${url}/predict`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          // Past the ones built before the clock started: built now (still all different).
          body: bodies[i] ?? telemetry(batch, seed + i, perConnection),
        });
        await res.arrayBuffer();
        if (res.status !== 200) failed++;
        latencies.push(Number(process.hrtime.bigint() - s) / 1e6);
      }
    }),
  );
  const sec = Number(process.hrtime.bigint() - t0) / 1e9;
  latencies.sort((a, b) => a - b);
  const pct = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!; // prettier-ignore
  return {
    requests: latencies.length,
    failed,
    recordsPerSec: (latencies.length * batch) / sec,
    p50: pct(0.5),
    p99: pct(0.99),
  };
}

/** Uploads `file` to /v1/scan?format=ndjson; resolves with the rows received and the status. */
function upload(url: string, file: string): Promise<{ status: number; rows: number }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/v1/scan?format=ndjson`, {
      method: 'POST',
      headers: {
        'content-type': 'application/octet-stream',
        'content-length': statSync(file).size,
      },
    });
    req.on('response', (res) => {
      let rows = 0;
      res.on('data', (d: Buffer) => {
        for (let i = d.indexOf(10); i >= 0; i = d.indexOf(10, i + 1)) rows++;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, rows }));
      res.on('error', reject);
    });
    req.on('error', reject);
    createReadStream(file).pipe(req);
  });
}

async function main(): Promise<void> {
  const seconds = arg('seconds', 10);
  const batch = arg('batch', 100);
  const clients = arg('predict-clients', 16);
  const uploads = arg('uploads', 4);
  const file = uploads > 0 ? mixCapture(100) : '';
  const mb = uploads > 0 ? statSync(file).size / 1048576 : 0;
  console.log(
    `capture: ${file || 'none (--uploads 0)'}, ${mb.toFixed(0)} MB; model: ${MODEL[1] ?? 'the shipped scan model'}`,
  );
  const serve = await startServe();
  try {
    const predict = [];
    for (const [run, perConnection] of [1, 10].entries()) {
      const cpu0 = cpuSec(serve.pid);
      const p = await loadPredict(serve.url, seconds, clients, batch, perConnection, run * 1e6);
      predict.push({ perConnection, ...p, cpu: cpuSec(serve.pid) - cpu0 });
    }
    console.log(
      `\nPOST /predict: ${batch} records per request, ${clients} in flight, ${seconds} s each`,
    );
    printTable(
      ['records per connection', 'requests', 'failed', 'records/s', 'p50 ms', 'p99 ms', 'server CPU s', 'records/CPU s'],
      predict.map((p) => [p.perConnection, p.requests, p.failed, p.recordsPerSec, p.p50, p.p99, p.cpu, (p.requests * batch) / p.cpu]),
    ); // prettier-ignore
    const met = predict.every((p) => p.recordsPerSec >= 20_000) ? 'met' : 'NOT met';
    const predictLine = `/predict ≥ 20,000 records/s ${met} (${predict.map((p) => Math.round(p.recordsPerSec)).join(' / ')})`;
    if (uploads === 0) {
      const rss = `server peak RSS ${peakRssMb(serve.pid).toFixed(0)} MB`;
      console.log(`${rss}; load average now: ${loadAverage()}; target: ${predictLine}`);
      return;
    }
    // Just before the uploads, so that both see the same machine (others may share it).
    const cli = nadScan(file);
    const cpu1 = cpuSec(serve.pid);
    const t0 = process.hrtime.bigint();
    const done = await Promise.all(Array.from({ length: uploads }, () => upload(serve.url, file)));
    const sec = Number(process.hrtime.bigint() - t0) / 1e9;
    const scanCpu = cpuSec(serve.pid) - cpu1;
    if (done.some((d) => d.status !== 200)) throw new Error(`uploads: ${JSON.stringify(done)}`);
    const rss = peakRssMb(serve.pid);
    const servePps = (uploads * cli.packets) / sec;
    const cliPps = cli.packets / cli.sec;
    console.log(`\nPOST /v1/scan?format=ndjson: ${uploads} concurrent uploads of ${file}`);
    printTable(
      ['run', 'MB', 'seconds', 'MB/s', 'packets/s', 'CPU s', 'packets/CPU s'],
      [
        [
          `${uploads} × /v1/scan`,
          uploads * mb,
          sec,
          (uploads * mb) / sec,
          servePps,
          scanCpu,
          (uploads * cli.packets) / scanCpu,
        ],
        [
          'nad scan -f ndjson (1 file)',
          mb,
          cli.sec,
          mb / cli.sec,
          cliPps,
          cli.cpuSec,
          cli.packets / cli.cpuSec,
        ],
      ],
    );
    console.log(`rows streamed per upload: ${done.map((d) => d.rows).join(', ')}`);
    console.log(`server peak RSS: ${rss.toFixed(0)} MB; load average now: ${loadAverage()}`);
    const cpuRatio = (uploads * cli.packets) / scanCpu / (cli.packets / cli.cpuSec);
    console.log(`ratio per CPU second (independent of other load): ${cpuRatio.toFixed(2)}`);
    console.log(
      `ratio /v1/scan packets/s ÷ nad scan packets/s: ${(servePps / cliPps).toFixed(2)}; ` +
        `targets: ${predictLine}, ` +
        `/v1/scan ≥ 0.5 × nad scan ${servePps >= 0.5 * cliPps ? 'met' : 'NOT met'}, ` +
        `peak RSS < 600 MB ${rss < 600 ? 'met' : 'NOT met'}`,
    );
  } finally {
    await serve.stop();
  }
}

await main();
