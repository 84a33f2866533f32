/**
 * RecordCollector (--sort, --top): the kept records and the count left out do not depend on how
 * the records were split between collectors (per file, on worker threads) or on trims.
 */
import { describe, expect, it } from 'vitest';
import { RecordCollector, byScore, byTime } from '../../src/rows/collect.js';
import type { ScanRecord } from '../../src/app/scan/scan-file.js';

function record(i: number): ScanRecord {
  return {
    file: `f${i % 3}`,
    startTime: '',
    startMicros: (i * 7919) % 1000,
    srcAddr: '10.0.0.1',
    srcPort: i,
    dstAddr: '10.0.0.2',
    dstPort: 80,
    communityId: '',
    protocol: 'tcp',
    service: 'http',
    flag: 'SF',
    durationSec: 0,
    srcBytes: 0,
    dstBytes: 0,
    attackLabel: 'neptune',
    category: 'dos',
    score: ((i * 31) % 17) / 16,
    why: '',
    features: {},
  };
}

const records = Array.from({ length: 5000 }, (_, i) => record(i));

describe('RecordCollector', () => {
  it.each(['score', 'time'] as const)('--sort %s --top 10 equals a full sort and slice', (sort) => {
    const c = new RecordCollector(sort, 10);
    records.forEach((r) => c.add(r));
    const out = c.finish();
    const expected = [...records].sort(sort === 'score' ? byScore : byTime).slice(0, 10);
    expect(out.records).toEqual(expected);
    expect(out.omitted).toBe(records.length - 10);
  });

  it('per-part collectors merged in order give the same result as one collector', () => {
    const one = new RecordCollector('score', 100);
    records.forEach((r) => one.add(r));
    const merged = new RecordCollector('score', 100);
    for (let from = 0; from < records.length; from += 1500) {
      const part = new RecordCollector('score', 100);
      records.slice(from, from + 1500).forEach((r) => part.add(r));
      const { records: kept, omitted } = part.finish();
      merged.addAll(kept, omitted);
    }
    expect(merged.finish()).toEqual(one.finish());
  });

  it('without --top keeps everything, sorted', () => {
    const c = new RecordCollector('time', undefined);
    records.forEach((r) => c.add(r));
    const out = c.finish();
    expect(out.records).toHaveLength(records.length);
    expect(out.omitted).toBe(0);
    expect(out.records).toEqual([...records].sort(byTime));
  });
});

describe('RecordCollector.rejects', () => {
  it.each(['score', 'time'] as const)(
    '--sort %s: skipping what it rejects changes nothing',
    (sort) => {
      const plain = new RecordCollector(sort, 10);
      records.forEach((r) => plain.add(r));
      const skipping = new RecordCollector(sort, 10);
      let skipped = 0;
      for (const r of records) {
        if (skipping.rejects(r.score, r.startMicros)) skipped++;
        else skipping.add(r);
      }
      expect(skipped).toBeGreaterThan(0);
      expect(skipping.finish()).toEqual(plain.finish());
    },
  );
});
