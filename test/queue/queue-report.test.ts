/**
 * `nad queue collect --html`, with a real redis-server, a `nad worker` and the built CLI: the
 * report of the rows collected from 4 time slices of the rotated fixtures holds the same data as
 * `nad report` of one `nad scan --stream` of the same files; its header lists the slices with
 * their bytes (and sha256 for a slice of one file), the totals, the model and the `nad queue add`
 * command line (its Redis password hidden); and it opens in Chromium without a problem.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportPayload } from '../../src/report/html/prepare.js';
import type { ScanMeta } from '../../src/rows/scan-meta.js';
import { launchChromium, openReport } from '../helpers/browser.js';
import { runNad } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { spawnWorker, startRedis } from './redis-helpers.js';

const FILES = ['fixtures/stream', 'fixtures/pcaps/attack/teardrop.pcap'];
const SENSOR = '^fixtures/stream/([^/]+)/';

/** The payload a report embeds. */
function payloadOf(html: string): ReportPayload {
  const m = /<script type="application\/json" id="nad-data">(.*?)<\/script>/s.exec(html);
  return JSON.parse(m![1]!) as ReportPayload;
}

let dir: string;
let report: string;
let url: string;
let browser: Browser | undefined;

beforeAll(async () => {
  dir = tempDir('queue-report');
  // A nopass Redis user accepts any password: enough to see that none is written anywhere.
  url = (await startRedis()).replace('redis://', 'redis://default:s3cret@');
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('nad queue collect --html', { timeout: 180_000 }, () => {
  it('the report of the collected rows = nad report of one nad scan --stream; the header names the slices', async () => {
    const add = await runNad(['queue', 'add', '--redis', url, '--queue', 'html', '--all', '--sensor-from', SENSOR, '--slices', '4', ...FILES]); // prettier-ignore
    expect(add.code).toBe(0);
    const worker = await spawnWorker(url, ['--queue', 'html', '-c', '1']);
    report = join(dir, 'collected.html');
    const out = join(dir, 'collected.ndjson');
    const collect = await runNad(['queue', 'collect', '--redis', url, '--queue', 'html', '-o', out, '--html', report]); // prettier-ignore
    worker.child.kill('SIGTERM');
    await worker.exited;
    expect(collect.code).toBe(0);
    expect(collect.stderr).toContain(`collected 2,028 rows of 4 slices into ${out} and ${report}`);

    const scan = await runNad(['scan', '--stream', '--all', '-f', 'ndjson', '--sensor-from', SENSOR, ...FILES]); // prettier-ignore
    expect(scan.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(scan.stdout);
    writeFileSync(join(dir, 'scan.ndjson'), scan.stdout);
    const reference = join(dir, 'reference.html');
    expect((await runNad(['report', join(dir, 'scan.ndjson'), '-o', reference])).code).toBe(0);

    const got = payloadOf(readFileSync(report, 'utf8'));
    const want = payloadOf(readFileSync(reference, 'utf8'));
    // The same rows, columns, dictionary and profiles; the header is the queue's.
    const data = (p: ReportPayload): object => ({ ...p, meta: null, source: '', threshold: 0, thresholdAssumed: false }); // prettier-ignore
    expect(data(got)).toEqual(data(want));
    expect(got.cols.t).toHaveLength(2028);
    expect([got.source, got.threshold, got.thresholdAssumed]).toEqual(['nad queue collect', 0.51, false]); // prettier-ignore

    const meta = got.meta as ScanMeta;
    expect(meta.command).toMatch(/^nad queue add --redis 'redis:\/\/default:\*\*\*@127\.0\.0\.1:\d+' --queue html --all --sensor-from '\^fixtures\/stream\/\(\[\^\/\]\+\)\/' --slices 4 fixtures\/stream fixtures\/pcaps\/attack\/teardrop\.pcap$/); // prettier-ignore
    expect([meta.packets, meta.connections, meta.anomalies, meta.all]).toEqual([2634, 2028, 2021, true]); // prettier-ignore
    expect(meta.model).toBe('scan-default.nadm (shipped with nad)');
    const size = (p: string): number => statSync(p).size;
    const b = 'fixtures/stream/synscan/b.pcapng';
    expect(meta.inputs.map((i) => [i.file, i.bytes, i.sha256])).toEqual([
      ['slice 1/4 (fixtures/pcaps/attack/teardrop.pcap … fixtures/stream/synscan/e.pcapng, 7 files)', size('fixtures/pcaps/attack/teardrop.pcap') + ['a.pcap', 'b.pcap', 'c.pcap', 'd.pcap', 'e.pcap'].reduce((s, f) => s + size(`fixtures/stream/ftp/${f}`), 0) + size('fixtures/stream/synscan/e.pcapng'), null], // prettier-ignore
      [`slice 2/4 (${b})`, size(b), createHash('sha256').update(readFileSync(b)).digest('hex')],
      ['slice 3/4 (fixtures/stream/synscan/d.pcapng)', size('fixtures/stream/synscan/d.pcapng'), expect.stringMatching(/^[0-9a-f]{64}$/)], // prettier-ignore
      ['slice 4/4 (fixtures/stream/synscan/a.pcapng … fixtures/stream/synscan/c.pcapng, 2 files)', size('fixtures/stream/synscan/a.pcapng') + size('fixtures/stream/synscan/c.pcapng'), null], // prettier-ignore
    ]);
  });

  it('the Redis password stays out of the report; neither -o nor --html is exit 2', async () => {
    expect(readFileSync(report, 'utf8')).not.toContain('s3cret');
    const none = await runNad(['queue', 'collect', '--redis', url, '--queue', 'html']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('error: nad queue collect needs -o FILE, --html FILE or both');
  });

  it('opens in Chromium from file://: header, every row, no console error or request', async () => {
    browser = await launchChromium();
    const { page, context, problems } = await openReport(browser, report);
    expect(await page.textContent('#h-connections')).toBe('2,028');
    expect(await page.textContent('#h-anomalies')).toBe('2,021');
    expect(await page.textContent('#row-count')).toBe('2,028 of 2,028 rows');
    expect(await page.textContent('#h-command')).toMatch(/^nad queue add --redis /);
    const inputs = await page.$$eval('#h-inputs tr', (trs) => trs.length);
    expect(inputs).toBe(5); // the heading and 4 slices
    expect(problems).toEqual([]);
    await context.close();
  });

  it('--help explains --html and the slice flags, with examples', async () => {
    const collect = await runNad(['queue', 'collect', '--help']);
    expect(collect.code).toBe(0);
    expect(collect.stdout).toMatch(/--html=<value>\s+Also write the HTML report/);
    expect(collect.stdout).toContain('--html report.html');
    const add = await runNad(['queue', 'add', '--help']);
    for (const flag of ['--slices', '--sensor-from', '--warm-up'])
      expect(add.stdout).toMatch(new RegExp(`${flag}=<value>[^]*?e\\.g\\.\\s+${flag}\\s`));
    expect(add.stdout).toContain('nad scan --stream --shard i/N');
  });
});
