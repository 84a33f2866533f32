/**
 * `npm run docs:report-screenshot` — docs/report.png, the README's picture of `nad report`: the
 * report of a bundled capture (fixtures/pcaps/attack/synscan_2011pkts.pcapng, scanned with the
 * shipped model and --all), opened from file:// in Debian's Chromium (playwright-core), with
 * the first anomaly drilled into. Writes .bench-data/report/synscan.html on the way.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const CAPTURE = 'fixtures/pcaps/attack/synscan_2011pkts.pcapng';
const HTML = '.bench-data/report/synscan.html';

mkdirSync('.bench-data/report', { recursive: true });
const r = spawnSync(
  process.execPath,
  ['bin/run.js', 'scan', '--all', '-q', '--html', HTML, CAPTURE],
  {
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
if (r.status !== 0) throw new Error(`nad scan exit ${r.status}`);
const browser = await chromium.launch({
  executablePath: process.env.NAD_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(pathToFileURL(resolve(HTML)).href);
await page.waitForSelector('#app[data-ready="true"]');
await page.click('#rows .tr.anomaly');
await page.screenshot({ path: 'docs/report.png', fullPage: true });
await browser.close();
console.log('docs/report.png');
