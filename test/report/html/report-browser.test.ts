/**
 * The HTML report in a real browser (Debian's Chromium through playwright-core, from file://):
 * reports made by the built CLI from fixture captures with the small test model. Every test
 * also requires no console error or warning (a CSP violation is one), no uncaught exception and
 * no request besides the file itself. A missing Chromium fails these tests.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openReport, scanAllNdjson } from '../../helpers/browser.js';
import { runNad } from '../../helpers/cli.js';
import { ROOT } from '../../helpers/fixtures.js';
import { tempDir } from '../../helpers/temp.js';
import { MODEL, requireBuild } from '../../cli/scan-helpers.js';

const NMAP = 'fixtures/pcaps/generated/nmap_syn_scan_lo_eth.pcap';
const HTTP = 'fixtures/pcaps/benign/http_browse.pcap';

interface Row {
  type?: string;
  srcAddr: string;
  srcPort: number;
  dstAddr: string;
  dstPort: number;
  score: number;
  communityId: string;
  category: string;
}

let browser: Browser;
let dir: string;
let report: string;
let rows: Row[];
let meta: { packets: number; connections: number; anomalies: number; threshold: number };

beforeAll(async () => {
  requireBuild();
  dir = tempDir('report');
  const scan = await scanAllNdjson(MODEL, ['--with-summary', NMAP, HTTP]);
  expect(scan.code).toBe(0);
  const lines = scan.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Row);
  meta = lines.pop() as unknown as typeof meta;
  rows = lines;
  writeFileSync(join(dir, 'findings.ndjson'), scan.stdout);
  report = join(dir, 'report.html');
  const r = await runNad(['report', join(dir, 'findings.ndjson'), '-o', report]);
  expect([r.code, r.stderr]).toEqual([
    0,
    `${report}: ${rows.length} rows, ${statSync(report).size} bytes\n`,
  ]);
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('nad report in Chromium', () => {
  it('shows the header figures of the scan', async () => {
    const { page, context, problems } = await openReport(browser, report);
    expect(meta).toMatchObject({ packets: 2169, connections: 1030 });
    expect(await page.textContent('#h-packets')).toBe('2,169');
    expect(await page.textContent('#h-connections')).toBe('1,030');
    expect(await page.textContent('#h-anomalies')).toBe(meta.anomalies.toLocaleString('en-US'));
    expect(await page.textContent('#h-threshold')).toBe(String(meta.threshold));
    expect(await page.textContent('#h-version')).toBe('0.1.0');
    expect(await page.textContent('#h-command')).toBe(
      `nad scan -m ${MODEL} --all -f ndjson --with-summary ${NMAP} ${HTTP}`,
    );
    const sha = createHash('sha256')
      .update(readFileSync(join(ROOT, NMAP)))
      .digest('hex');
    const inputs = await page.$$eval('#h-inputs tr', (trs) =>
      trs.map((tr) => Array.from(tr.children, (c) => c.textContent)),
    );
    expect(inputs[1]).toEqual([NMAP, '147,480', sha, '2,048', '1,024', expect.any(String)]);
    expect(await page.textContent('#row-count')).toBe('1,030 of 1,030 rows');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('filters the table: by address, by category, anomalies only', async () => {
    const { page, context, problems } = await openReport(browser, report);
    await page.fill('#filter', '192.150.187.43');
    await page.waitForSelector('#row-count[data-count="6"]');
    expect(await page.$$eval('#rows .tr', (trs) => trs.length)).toBe(6);
    await page.fill('#filter', '');
    await page.waitForSelector('#row-count[data-count="1030"]');
    await page.check('#anomalies-only');
    const anomalies = rows.filter((r) => r.score >= meta.threshold).length;
    expect(anomalies).toBe(meta.anomalies);
    await page.waitForSelector(`#row-count[data-count="${anomalies}"]`);
    await page.uncheck('#anomalies-only');
    await page.selectOption('#category', 'normal');
    const normal = rows.filter((r) => r.score < meta.threshold).length;
    await page.waitForSelector(`#row-count[data-count="${normal}"]`);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('sorts by score, most suspicious first, on a click of its header', async () => {
    const { page, context, problems } = await openReport(browser, report);
    await page.click('.thead .c-score');
    const top = Math.max(...rows.map((r) => r.score)).toFixed(4);
    expect(await page.textContent('#rows .tr:first-child .c-score')).toBe(top);
    expect(await page.getAttribute('.thead .c-score', 'data-sort')).toBe('desc');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('drills down into a known connection and copies its Wireshark filter', async () => {
    const { page, context, problems } = await openReport(browser, report);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const known = rows.find((r) => r.srcPort === 49282)!;
    await page.fill('#filter', '49282');
    await page.waitForSelector('#row-count[data-count="1"]');
    await page.click('#rows .tr');
    expect(await page.textContent('#detail h2')).toBe('10.0.2.15:49282 → 192.150.187.43:80 (tcp)');
    expect(await page.textContent('#d-cid')).toBe(known.communityId);
    expect(await page.textContent('#d-score')).toBe(String(known.score));
    expect(await page.$$eval('#d-features tr', (trs) => trs.length)).toBe(41);
    const filter =
      'ip.addr==10.0.2.15 && ip.addr==192.150.187.43 && tcp.port==49282 && tcp.port==80';
    expect(await page.inputValue('#ws-filter')).toBe(filter);
    await page.click('#copy-filter');
    await page.waitForSelector('#copy-filter[data-copied]');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(filter);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('exports the filtered rows as CSV and JSON', async () => {
    const { page, context, problems } = await openReport(browser, report);
    await page.fill('#filter', '192.150.187.43');
    await page.waitForSelector('#row-count[data-count="6"]');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    const text = readFileSync((await csv.path())!, 'utf8')
      .trim()
      .split('\n');
    expect(text).toHaveLength(7);
    expect(text[0]!.split(',').at(-1)).toBe('community_id');
    const [json] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
    const got = JSON.parse(readFileSync((await json.path())!, 'utf8')) as Row[];
    const want = rows.filter((r) => r.dstAddr === '192.150.187.43');
    expect(got).toEqual(want);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('nad report timeline in Chromium', () => {
  it('dragging across the timeline filters the table to those buckets; the button undoes it', async () => {
    const { page, context, problems } = await openReport(browser, report);
    // The HTTP capture is from 2011, the SYN scan from 2026: the right half holds the scan only.
    const box = (await page.locator('#timeline-chart .u-over').boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.5, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.8, y, { steps: 5 });
    await page.mouse.move(box.x + box.width - 1, y, { steps: 5 });
    await page.mouse.up();
    await page.waitForSelector('#row-count[data-count="1024"]');
    expect(await page.isEnabled('#clear-range')).toBe(true);
    await page.click('#clear-range');
    await page.waitForSelector('#row-count[data-count="1030"]');
    expect(problems).toEqual([]);
    await context.close();
  });
});
