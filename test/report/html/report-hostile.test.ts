/**
 * Hostile text in a report does not run (Chromium, from file://): a capture whose file name is
 * markup, and a saved NDJSON scan whose every string field carries `</script><script>` and
 * `<img onerror>` payloads. The page must show them as text, run none of them, log nothing and
 * request nothing. Also: an empty scan gives a report that says so.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openReport, scanAllNdjson } from '../../helpers/browser.js';
import { runNad } from '../../helpers/cli.js';
import { ROOT } from '../../helpers/fixtures.js';
import { tempDir } from '../../helpers/temp.js';
import { MODEL, requireBuild } from '../../cli/scan-helpers.js';

const NAME = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2<!--.pcap';
const SCRIPT = '</script><script>window.__pwned=3</script>';
const IMG = '<img src=x onerror="window.__pwned=4">';

let browser: Browser;
let dir: string;

beforeAll(async () => {
  requireBuild();
  dir = tempDir('report-hostile');
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** Opens a report, failing on any dialog, and checks that no payload ran. */
async function open(path: string) {
  const opened = await openReport(browser, path);
  opened.page.on('dialog', (d) => opened.problems.push(`dialog: ${d.message()}`));
  expect(await opened.page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBe(
    undefined,
  );
  return opened;
}

describe('hostile text in a report', () => {
  it('a capture named with markup: the name is shown as text, nothing runs', async () => {
    copyFileSync(join(ROOT, 'fixtures/pcaps/attack/teardrop.pcap'), join(dir, NAME));
    const out = join(dir, 'named.html');
    const r = await runNad(
      ['scan', '-m', join(ROOT, MODEL), '--all', '--html', out, NAME],
      undefined,
      dir,
    );
    expect(r.code).toBe(0);
    const { page, context, problems } = await open(out);
    expect(await page.$$eval('#h-inputs td.file', (tds) => tds.map((t) => t.textContent))).toEqual([
      NAME,
    ]);
    await page.click('#rows .tr');
    expect(await page.textContent('#d-file')).toBe(NAME);
    expect(await page.$$('img')).toHaveLength(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('an NDJSON whose strings carry </script> and <img onerror>: shown as text', async () => {
    const scan = await scanAllNdjson(MODEL, ['fixtures/pcaps/attack/teardrop.pcap']);
    const rows = scan.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const row of rows) {
      for (const k of ['file', 'service', 'flag', 'attackLabel', 'category', 'why', 'srcAddr'])
        row[k] = `${String(row[k])}${SCRIPT}${IMG}`;
      (row.features as Record<string, unknown>).service = `x${SCRIPT}`;
    }
    const input = join(dir, `${IMG}.ndjson`);
    writeFileSync(input, rows.map((x) => JSON.stringify(x)).join('\n'));
    const out = join(dir, 'rows.html');
    expect((await runNad(['report', input, '-o', out])).code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).not.toContain(SCRIPT);
    expect(html).not.toContain(IMG);
    const { page, context, problems } = await open(out);
    expect(await page.textContent('.source')).toBe(input);
    await page.click('#rows .tr');
    expect(await page.textContent('#d-why')).toBe(`${rows[0]!.why as string}`);
    expect(await page.textContent('#d-file')).toBe(rows[0]!.file);
    expect(await page.$$('img')).toHaveLength(0);
    expect(await page.$$('script')).toHaveLength(2);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('an empty scan', () => {
  it('no rows at all: the report says there are no connections', async () => {
    const input = join(dir, 'empty.ndjson');
    writeFileSync(input, '');
    const out = join(dir, 'empty.html');
    expect((await runNad(['report', input, '-o', out])).code).toBe(0);
    const { page, context, problems } = await open(out);
    expect(await page.textContent('#empty')).toBe('No connections in this scan.');
    expect(await page.textContent('#h-connections')).toBe('not recorded (no summary line)');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('connections but no anomalies (no --all): the report says so', async () => {
    const out = join(dir, 'benign.html');
    const r = await runNad([
      'scan',
      '-m',
      MODEL,
      '--html',
      out,
      'fixtures/pcaps/benign/http_simple.pcap',
    ]);
    expect(r.code).toBe(0);
    const { page, context, problems } = await open(out);
    expect(await page.textContent('#empty')).toBe(
      'No anomalous connections in this scan (2 connections scanned; scan with --all to see them).',
    );
    expect(await page.textContent('#h-connections')).toBe('2');
    expect(problems).toEqual([]);
    await context.close();
  });
});
