/**
 * What a scan reports does not depend on how `why` is computed or memoised: explaining every
 * row batch by batch (onRecord with --all), one row at a time (collected records), with memos
 * shared across scans (`ScanCache`, as `nad serve` keeps per model) cold or warm, give the same
 * records, on real captures and on both sides of the threshold.
 */
import { describe, expect, it } from 'vitest';
import { ScanCache } from '../../src/app/scan/row-why.js';
import { scanFile, type ScanOptions, type ScanRecord } from '../../src/app/scan/scan-file.js';
import { SCAN_MODEL_NAME, defaultModelPath, readModelFile } from '../../src/io/model-file.js';

const model = await readModelFile(defaultModelPath(SCAN_MODEL_NAME));
const FILES = [
  'fixtures/pcaps/attack/dns_amp_rrsig_fragmented.pcap', // 413 rows, 256 at or above 0.5
  'fixtures/pcaps/attack/synscan_2011pkts.pcapng', // 1,994 rows (batches of every size), 3 below
];

/** Every record of `file`, streamed (batch explanations) or collected (one row at a time). */
async function records(file: string, how: 'streamed' | 'collected', extra: Partial<ScanOptions> = {}) {
  const out: ScanRecord[] = [];
  const options: ScanOptions = { threshold: 0.5, all: true, failOn: undefined, ...extra };
  if (how === 'streamed') options.onRecord = (r) => out.push(r);
  const { result, error } = await scanFile(file, model, options);
  expect(error).toBeUndefined();
  return how === 'streamed' ? out : result.records;
} // prettier-ignore

describe('scan records with a ScanCache and batch explanations', () => {
  for (const file of FILES) {
    it(`are the same records for ${file}`, async () => {
      const plain = await records(file, 'collected');
      expect(plain.length).toBeGreaterThan(20);
      expect(new Set(plain.map((r) => r.score >= 0.5)).size).toBe(2); // both sides
      expect(await records(file, 'streamed')).toEqual(plain);
      const cache = new ScanCache(model);
      expect(await records(file, 'streamed', { cache })).toEqual(plain); // cold
      expect(await records(file, 'streamed', { cache })).toEqual(plain); // warm
      expect(await records(file, 'collected', { cache })).toEqual(plain);
      // Another threshold: rows change sides, and so their `why`; the memo must not mix them.
      const high = await records(file, 'collected', { threshold: 0.99 });
      expect(high.map((r) => r.why)).not.toEqual(plain.map((r) => r.why));
      expect(await records(file, 'streamed', { threshold: 0.99, cache })).toEqual(high);
      const bare = await records(file, 'streamed', { cache, recordFeatures: false });
      expect(bare).toEqual(plain.map((r) => ({ ...r, features: {} })));
    });
  }
});
