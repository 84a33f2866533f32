/**
 * `nad scan --jobs 2` on one capture or one `--stream`: features on a worker thread
 * (features-thread.ts), scoring here. Every output equals the one-thread scan's, byte for byte;
 * errors keep their class and message; Ctrl-C (the signal) stops the worker; progress arrives.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScan, type ScanRunOptions } from '../../src/app/scan/scan-run.js';
import { extractOnThread } from '../../src/app/features/features-thread.js';
import { extractFeatures } from '../../src/app/features/features.js';
import { InputError } from '../../src/common/errors.js';
import { PCAPS, ROOT } from '../helpers/fixtures.js';
import { SCAN_DEFAULTS } from '../helpers/scan-options.js';

const FLOOD = join(PCAPS, 'attack/syn_flood_spoofed.pcap');
const DNS = join(PCAPS, 'attack/dns_amp_rrsig_fragmented.pcap');
const KDD_MODEL = join(ROOT, 'fixtures/models/kdd-sample-20trees.nadm');
const STREAM = join(ROOT, 'fixtures/stream/synscan');

/** The text (NDJSON or CSV) and the records of a scan of `inputs`. */
async function scan(
  inputs: string[],
  extra: Partial<ScanRunOptions>,
): Promise<{ text: string; records: string; files: string }> {
  const chunks: Buffer[] = [];
  const r = await runScan(inputs, {
    ...SCAN_DEFAULTS,
    threadFrom: 0,
    ...extra,
    rowText:
      extra.rowText === undefined
        ? undefined
        : { format: extra.rowText.format, write: (c) => (chunks.push(Buffer.from(c)), true) },
  });
  const files = r.files.map(({ elapsedSec: _, ...f }) => f);
  return {
    text: Buffer.concat(chunks).toString('utf8'),
    records: JSON.stringify(r.records),
    files: JSON.stringify(files),
  };
}

/** rowText placeholder: scan() supplies the writer. */
const text = (format: 'ndjson' | 'csv'): ScanRunOptions['rowText'] => ({
  format,
  write: () => true,
});

describe('nad scan --jobs 2 on one capture', () => {
  it.each<[string, Partial<ScanRunOptions>]>([
    ['ndjson, every row, scan model', { all: true, rowText: text('ndjson') }],
    ['csv anomalies, scan model', { rowText: text('csv') }],
    ['records by score, top 50', { sort: 'score', top: 50 }],
    ['ndjson, KDD model', { all: true, rowText: text('ndjson'), modelPath: KDD_MODEL }],
    [
      'records by score, KDD model (windows on the main thread)',
      { sort: 'score', top: 20, modelPath: KDD_MODEL },
    ],
    ['records in time order, every row (windows on the worker)', { all: true }],
  ])('%s: the same as --jobs 1', async (_name, extra) => {
    for (const file of [FLOOD, DNS]) {
      const one = await scan([file], { ...extra, jobs: 1 });
      const two = await scan([file], { ...extra, jobs: 2 });
      expect(one.text.length + one.records.length).toBeGreaterThan(1000);
      expect(two.text).toBe(one.text);
      expect(two.records).toBe(one.records);
      expect(two.files).toBe(one.files);
    }
  });

  it('a stream of 5 files: the same as --jobs 1', async () => {
    const extra: Partial<ScanRunOptions> = { all: true, rowText: text('ndjson'), stream: true };
    const one = await scan([STREAM], { ...extra, jobs: 1 });
    const two = await scan([STREAM], { ...extra, jobs: 2 });
    expect(one.text.split('\n').length).toBeGreaterThan(1000);
    expect(two.text).toBe(one.text);
    expect(two.files).toBe(one.files);
  });

  it('rows cross in batches (and dictionary) exactly as extractFeatures makes them', async () => {
    const rows =
      (into: string[]) =>
      (r: {
        numbers: Float64Array;
        extended?: Float64Array;
        symbols: string[];
        endpoints: object;
        label: string;
      }) =>
        into.push(
          JSON.stringify([
            [...r.numbers],
            [...(r.extended ?? [])],
            r.symbols,
            r.endpoints,
            r.label,
          ]),
        );
    const here: string[] = [];
    const there: string[] = [];
    const a = await extractFeatures(FLOOD, rows(here), { set: 'extended' });
    const b = await extractOnThread({ kind: 'file', path: FLOOD }, rows(there), {
      set: 'extended',
    });
    expect(here.length).toBe(a.rows);
    expect(here.length).toBeGreaterThan(2048 * 3);
    expect(there).toEqual(here);
    expect({ ...b, error: undefined }).toEqual({ ...a, error: undefined });
  });

  it('a file that is not a capture, and a JSON file that is not telemetry: the same errors', async () => {
    for (const bad of [join(ROOT, 'README.md'), join(ROOT, 'package.json')]) {
      const outcome = (p: Promise<{ error: unknown }>): Promise<unknown> =>
        p.then(
          (r) => r.error,
          (e: unknown) => e,
        );
      const here = await outcome(extractFeatures(bad, () => {}));
      const there = await outcome(extractOnThread({ kind: 'file', path: bad }, () => {}, {}));
      expect(here).toBeInstanceOf(InputError);
      expect(there).toBeInstanceOf(InputError);
      expect((there as Error).message).toBe((here as Error).message);
    }
  });

  it('progress is reported; a signal aborted before the start reads nothing', async () => {
    const progress: number[] = [];
    const whole = await extractOnThread({ kind: 'file', path: FLOOD }, () => {}, {
      hooks: { onProgress: (p) => progress.push(p.packets) },
    });
    expect(whole.interrupted).toBe(false);
    expect(progress.at(-1)).toBeGreaterThan(0);
    let rows = 0;
    const aborted = await extractOnThread({ kind: 'file', path: FLOOD }, () => rows++, {
      hooks: { signal: AbortSignal.abort() },
    });
    const here = await extractFeatures(FLOOD, () => rows++, {
      hooks: { signal: AbortSignal.abort() },
    });
    expect(rows).toBe(0);
    expect({ ...aborted, error: aborted.error?.message }).toEqual({
      ...here,
      error: here.error?.message,
    });
    expect(aborted.interrupted).toBe(true);
  });
});
