/**
 * `nad scan --baseline`: novelty next to the supervised score in every output format, the
 * combined verdict (supervised detections kept), the same output for any --jobs, --fail-on on
 * novel connections, and a bad baseline as exit 3.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runNad } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const dir = tempDir('scan-baseline');
const model = join(dir, 'lab.nadb');
const INPUTS = [
  'fixtures/lab/validation/benign_web.pcap.gz',
  'fixtures/lab/validation/scan_udp.pcap.gz',
  'fixtures/lab/validation/benign_dns.pcap.gz',
];

interface Row {
  score: number;
  novelty: number;
  noveltyWhy: string;
  verdict: string;
  category: string;
  why: string;
}

/** `nad scan --baseline MODEL INPUTS… ARGS…`. */
const scan = (...args: string[]): ReturnType<typeof runNad> =>
  runNad(['scan', '--baseline', model, ...INPUTS, ...args]);

beforeAll(async () => {
  const r = await runNad(['baseline', 'train', 'fixtures/lab/train/benign_*', '-o', model, '-q']);
  expect(r.code).toBe(0);
}, 30_000);

describe('nad scan --baseline', () => {
  it('ndjson: every connection has novelty, its why and the verdict of the documented rule', async () => {
    const r = await scan('--all', '--format', 'ndjson', '-j', '1');
    expect(r.code).toBe(0);
    const rows = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Row);
    expect(rows.length).toBe(430);
    const threshold = 0.51;
    const novelAt = Number(/novelty ≥ ([\d.]+)/.exec(r.stderr)![1]);
    for (const x of rows) {
      expect(x.novelty).toBeGreaterThan(0);
      expect(x.noveltyWhy.split(' ')).toHaveLength(3);
      const want = x.score >= threshold ? 'attack' : x.novelty >= novelAt ? 'novel' : 'normal';
      expect(x.verdict).toBe(want);
      if (x.verdict === 'novel')
        expect([x.category, x.why]).toEqual(['novel', `novel: ${x.noveltyWhy}`]);
    }
    expect(rows.filter((x) => x.verdict === 'novel').length).toBe(1);
    expect(rows.filter((x) => x.verdict === 'attack').length).toBe(231);
  }, 30_000);

  it('the same rows for --jobs 1 and 2, in ndjson, csv and json', async () => {
    for (const format of ['ndjson', 'csv', 'json']) {
      const one = await scan('--all', '--format', format, '-j', '1', '-q');
      const two = await scan('--all', '--format', format, '-j', '2', '-q');
      expect(one.code).toBe(0);
      const clean = (s: string): string => s.replace(/"elapsedSec": [\d.e-]+/g, '');
      expect(clean(two.stdout)).toBe(clean(one.stdout));
      if (format === 'csv')
        expect(one.stdout.split('\n')[0]).toMatch(/,score,why,novelty,novelty_why,verdict$/);
      if (format === 'json') {
        const doc = JSON.parse(one.stdout) as { records: Row[] };
        const nd = await scan('--all', '--format', 'ndjson', '--sort', 'score', '-q');
        expect(
          nd.stdout
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as Row),
        ).toEqual(doc.records);
      }
    }
  }, 60_000);

  it('--fail-on fails on a novel connection, and the table names it', async () => {
    const r = await runNad(['scan', '--baseline', model, INPUTS[0]!, '--fail-on', '0.99']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('novel: dst_bytes=450281');
    expect(r.stdout).toContain('1 anomaly (novel 1)');
    const plain = await runNad(['scan', INPUTS[0]!, '--fail-on', '0.99']);
    expect(plain.code).toBe(0);
  }, 30_000);

  it('a damaged baseline is exit 3, before any capture is read', async () => {
    const bad = join(dir, 'bad.nadb');
    writeFileSync(bad, readFileSync(model).subarray(0, 40));
    const r = await runNad(['scan', '--baseline', bad, INPUTS[0]!]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr.replaceAll(bad, 'bad.nadb')).toBe(
      'error: bad.nadb: baseline file is truncated or corrupt (gzip)\nhint: The file is not a valid nad baseline; make it again with `nad baseline train`.\n',
    );
  });
});
