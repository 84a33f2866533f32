/**
 * The report's data and page without a browser: the compact payload (columns, dictionary,
 * profiles shared by repeated rows), JSON embedding with `<` escaped, the CSP hashes of the
 * inline blocks, deterministic bytes (a golden report of a fixture scan), and `nad report`'s
 * errors on bad input.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { embedJson, preparePayload, P } from '../../../src/report/html/prepare.js';
import { cspHash, escapeHtml } from '../../../src/report/html/page.js';
import type { ScanRecord } from '../../../src/rows/scan-record.js';
import { scanAllNdjson } from '../../helpers/browser.js';
import { runNad } from '../../helpers/cli.js';
import { ROOT } from '../../helpers/fixtures.js';
import { expectGolden } from '../../helpers/golden.js';
import { tempDir } from '../../helpers/temp.js';
import { MODEL, requireBuild } from '../../cli/scan-helpers.js';

const TEARDROP = 'fixtures/pcaps/attack/teardrop.pcap';
let dir: string;
let ndjson: string;

beforeAll(async () => {
  requireBuild();
  dir = tempDir('report-prepare');
  const r = await scanAllNdjson(MODEL, ['--with-summary', TEARDROP]);
  expect(r.code).toBe(0);
  ndjson = join(dir, 'teardrop.ndjson');
  writeFileSync(ndjson, r.stdout);
}, 60_000);

function rowsOf(text: string): ScanRecord[] {
  return text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as ScanRecord & { type?: string })
    .filter((x) => x.type === undefined);
}

describe('preparePayload', () => {
  it('stores rows by column in time order, strings once, repeated profiles once', () => {
    const scanned = rowsOf(readFileSync(ndjson, 'utf8'));
    // The same connections again a second later, from another port: the same profiles.
    const again = scanned.map((r) => ({ ...r, startMicros: r.startMicros + 1e6, srcPort: 7 }));
    const rows = [...scanned, ...again];
    const reversed = [...rows].reverse();
    const p = preparePayload(reversed, null, 'x.ndjson');
    expect(p.cols.t).toHaveLength(rows.length);
    expect(p.t0).toBe(Math.min(...rows.map((r) => r.startMicros)));
    expect(p.cols.t).toEqual([...p.cols.t].sort((a, b) => a - b));
    expect(new Set(p.dict).size).toBe(p.dict.length);
    expect([rows.length, p.profiles.length]).toEqual([8, 4]);
    expect(p).toMatchObject({ threshold: 0.5, thresholdAssumed: true, meta: null });
    // Every row comes back whole from the columns and its profile.
    const byCid = new Map(rows.map((r) => [`${r.communityId}${r.startMicros}`, r]));
    p.cols.t.forEach((t, i) => {
      const r = byCid.get(`${p.cols.cid[i]!}${p.t0 + t}`)!;
      expect(p.cols.sport[i]).toBe(r.srcPort);
      const prof = p.profiles[p.cols.profile[i]!]!;
      expect(p.dict[p.cols.src[i]!]).toBe(r.srcAddr);
      expect(p.cols.dport[i]).toBe(r.dstPort);
      expect(prof[P.score]).toBe(r.score);
      expect(p.dict[prof[P.recordCategory] as number]).toBe(r.category);
      expect(prof[P.anomaly]).toBe(r.score >= 0.5 ? 1 : 0);
      expect(prof[P.features + 4]).toBe(r.features.src_bytes);
    });
  });

  it('the same rows in any order give the same payload', () => {
    const rows = rowsOf(readFileSync(ndjson, 'utf8'));
    const a = JSON.stringify(preparePayload(rows, null, 's'));
    expect(JSON.stringify(preparePayload([...rows].reverse(), null, 's'))).toBe(a);
  });

  it('embedded JSON has no < (no tag can end its element) and parses back', () => {
    const v = { a: '</script><img src=x onerror=1>', b: '\u2028' };
    const text = embedJson(v);
    expect(text).not.toContain('<');
    expect(JSON.parse(text)).toEqual(v);
    expect(escapeHtml(`<a href="x">'&`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;');
  });
});

describe('nad report', () => {
  it('writes the same bytes as the golden report of teardrop.pcap, and again', async () => {
    const a = join(dir, 'a.html');
    const b = join(dir, 'b.html');
    expect((await runNad(['report', '-q', ndjson, '-o', a])).code).toBe(0);
    expect((await runNad(['report', '-q', ndjson, '-o', b])).code).toBe(0);
    const html = readFileSync(a, 'utf8');
    expect(readFileSync(b, 'utf8')).toBe(html);
    expectGolden(join(ROOT, 'test/golden/report/teardrop.html'), html.replaceAll(dir, '<tmp>'));
  });

  it('allows exactly its inline script and style, by sha256, and nothing else', () => {
    const html = readFileSync(join(dir, 'a.html'), 'utf8');
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!;
    const script = /<script>([\s\S]*)<\/script>\n<\/body>/.exec(html)![1]!;
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    expect(csp.replaceAll('&#39;', "'")).toBe(
      `default-src 'none'; script-src ${cspHash(script)}; style-src ${cspHash(style)}; img-src data:; base-uri 'none'; form-action 'none'`,
    );
    const sha = createHash('sha256').update(script).digest('base64');
    expect(cspHash(script)).toBe(`'sha256-${sha}'`);
    expect(html.match(/<script/g)).toHaveLength(2);
  });

  it('a line that is not a scan row is exit 3, naming the file and line', async () => {
    const bad = join(dir, 'bad.ndjson');
    writeFileSync(bad, `${readFileSync(ndjson, 'utf8').split('\n')[0]}\n{"file":1}\n`);
    const r = await runNad(['report', bad, '-o', join(dir, 'bad.html')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(
      `${bad}: line 2: not a row of nad scan --format ndjson: "file" is not a string`,
    );
  });

  it('--with-summary outside NDJSON is a usage error (exit 2)', async () => {
    const r = await runNad(['scan', '-m', MODEL, '--with-summary', TEARDROP]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--with-summary adds a line to NDJSON output');
  });
});

describe('nad scan --html beside the other outputs', () => {
  it('the table and NDJSON are what they are without --html', async () => {
    const out = join(dir, 'beside.html');
    const plain = await runNad(['scan', '-m', MODEL, '-f', 'ndjson', TEARDROP]);
    const html = await runNad(['scan', '-m', MODEL, '-f', 'ndjson', '--html', out, TEARDROP]);
    expect(html.stdout).toBe(plain.stdout);
    const table = await runNad(['scan', '-m', MODEL, '--all', '--top', '1', TEARDROP]);
    const both = await runNad([
      'scan',
      '-m',
      MODEL,
      '--all',
      '--top',
      '1',
      '--html',
      out,
      TEARDROP,
    ]);
    const stable = (s: string): string => s.replace(/\d+\.\d\d s\b/g, '0.00 s');
    expect(stable(both.stdout)).toBe(stable(table.stdout));
    expect(both.stdout).toContain('… 3 more');
    expect(readFileSync(out, 'utf8')).toContain('"cols":{"t":[0,');
  });
});

describe('help', () => {
  it('nad report --help explains its argument and flag, with examples', async () => {
    const r = await runNad(['report', '--help']);
    expect(r.code).toBe(0);
    for (const text of ['-o, --output=<value>', 'EXAMPLES', '--with-summary', 'file://'])
      expect(r.stdout).toContain(text);
  });

  it('nad scan --help explains --html and --with-summary', async () => {
    const r = await runNad(['scan', '--help']);
    for (const text of ['--html=<value>', '--with-summary', 'nad scan --all --html report.html'])
      expect(r.stdout).toContain(text);
  });
});
