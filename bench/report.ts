/**
 * `npm run bench:report` — the HTML report of 100,000 connections (issue 16 targets: file
 * ≤ 25 MB, interactive in ≤ 2 s in headless Chromium on this machine).
 *
 * Rows: `nad scan --all -f ndjson` of four bundled captures (a SYN scan, a spoofed SYN flood,
 * teardrop, HTTP browsing), replicated with varied source addresses, ports and start times
 * (each copy gets its own Community ID) up to --rows N (default 100,000), plus the scan's
 * summary line with the totals set to N. `nad report` renders them (timed).
 *
 * Time to interactive: from navigation start to the page's mark `nad-ready` (set when the
 * table's first rows are drawn and #app gets data-ready="true": data parsed, header, timeline,
 * bars and table built), in Debian's Chromium (/usr/bin/chromium) driven by playwright-core,
 * from file://; the median of --runs N (default 5) fresh pages. Peer, measured in the same run:
 * the report of no rows (the page's fixed cost: uPlot and the script), so the ratio shows what
 * the 100,000 rows add.
 *
 * Usage: npm run bench:report [-- --rows N] [--runs N]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { communityId } from '../src/flow/community-id.js';

const DIR = '.bench-data/report';
const CAPTURES = [
  'fixtures/pcaps/generated/nmap_syn_scan_lo_eth.pcap',
  'fixtures/pcaps/attack/syn_flood_spoofed.pcap',
  'fixtures/pcaps/attack/teardrop.pcap',
  'fixtures/pcaps/benign/http_browse.pcap',
];

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

function nad(args: string[]): string {
  const r = spawnSync(process.execPath, ['bin/run.js', ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new Error(`nad ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return r.stdout;
}

type Row = Record<string, unknown> & { srcAddr: string; srcPort: number; dstAddr: string };

/** `n` rows: the scanned ones, then copies with other sources, ports and times. */
function synthesize(rows: Row[], n: number): Row[] {
  const out: Row[] = [];
  const v4 = rows.filter((r) => !r.srcAddr.includes(':'));
  for (let k = 0; out.length < n; k++) {
    const base = k < rows.length ? rows[k]! : v4[k % v4.length]!;
    if (k < rows.length) {
      out.push(base);
      continue;
    }
    const copy = k / v4.length;
    const src = `10.${(copy >> 8) & 255}.${copy & 255}.${(k % 250) + 1}`;
    const srcPort = 1024 + (k % 60000);
    const startMicros = (base.startMicros as number) + Math.floor(copy) * 1_000_000;
    const bytes = (a: string): Uint8Array => Uint8Array.from(a.split('.').map(Number));
    const proto = base.protocol === 'tcp' ? 6 : base.protocol === 'udp' ? 17 : 1;
    const id = communityId({
      proto,
      src: bytes(src),
      dst: bytes(base.dstAddr),
      srcPort,
      dstPort: base.dstPort as number,
    });
    const startTime = `${new Date(Math.floor(startMicros / 1000)).toISOString().slice(0, 23)}${String(startMicros % 1000).padStart(3, '0')}Z`;
    out.push({ ...base, srcAddr: src, srcPort, startMicros, startTime, communityId: id });
  }
  return out;
}

/** Median time (ms) from navigation start to the `nad-ready` mark, over `runs` pages. */
async function timeToInteractive(browser: Browser, file: string, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(resolve(file)).href);
    await page.waitForSelector('#app[data-ready="true"]', { timeout: 60_000 });
    const t = await page.evaluate(() => performance.getEntriesByName('nad-ready')[0]!.startTime);
    if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
    times.push(t);
    await page.close();
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

async function main(): Promise<void> {
  const n = arg('rows', 100_000);
  const runs = arg('runs', 5);
  mkdirSync(DIR, { recursive: true });
  const lines = nad(['scan', '--all', '-f', 'ndjson', '--with-summary', ...CAPTURES])
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Row);
  const meta = lines.pop()!;
  const rows = synthesize(lines, n);
  const anomalies = rows.filter((r) => (r.score as number) >= (meta.threshold as number)).length;
  Object.assign(meta, { connections: n, anomalies });
  const ndjson = join(DIR, `rows-${n}.ndjson`);
  writeFileSync(
    ndjson,
    `${rows.map((r) => JSON.stringify(r)).join('\n')}\n${JSON.stringify(meta)}\n`,
  );
  const empty = join(DIR, 'empty.ndjson');
  writeFileSync(empty, '');
  const html = join(DIR, `report-${n}.html`);
  const peerHtml = join(DIR, 'report-empty.html');
  const t0 = performance.now();
  nad(['report', '-q', ndjson, '-o', html]);
  const renderSec = (performance.now() - t0) / 1000;
  nad(['report', '-q', empty, '-o', peerHtml]);
  const browser = await chromium.launch({
    executablePath: process.env.NAD_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const tti = await timeToInteractive(browser, html, runs);
    const peer = await timeToInteractive(browser, peerHtml, runs);
    const mb = statSync(html).size / 1e6;
    console.log(
      `rows                       ${n.toLocaleString('en-US')} (${lines.length} scanned, replicated)`,
    );
    console.log(`NDJSON input               ${(statSync(ndjson).size / 1e6).toFixed(1)} MB`);
    console.log(`nad report (render+write)  ${renderSec.toFixed(2)} s`);
    console.log(
      `report file                ${mb.toFixed(2)} MB  (target ≤ 25 MB: ${mb <= 25 ? 'met' : 'NOT met'})`,
    );
    console.log(
      `time to interactive        ${tti.toFixed(0)} ms median of ${runs}  (target ≤ 2000 ms: ${tti <= 2000 ? 'met' : 'NOT met'})`,
    );
    console.log(
      `peer: empty report         ${peer.toFixed(0)} ms median of ${runs}  (ratio ${(tti / peer).toFixed(1)}×)`,
    );
    console.log(
      `load average               ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await browser.close();
  }
}

await main();
