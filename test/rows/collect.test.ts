/**
 * RecordCollector (--sort, --top): the kept records and the count left out do not depend on how
 * the records were split between collectors (per file, on worker threads) or on trims.
 */
import { describe, expect, it } from 'vitest';
import { RecordCollector, byScore, byTime, rankOf } from '../../src/rows/collect.js';
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

  it('with a baseline: skipping what it rejects by rankOf changes nothing', () => {
    const plain = new RecordCollector('score', 10);
    withNovelty.forEach((r) => plain.add(r));
    const skipping = new RecordCollector('score', 10);
    let skipped = 0;
    for (const r of withNovelty) {
      if (skipping.rejects(rankOf(r), r.startMicros)) skipped++;
      else skipping.add(r);
    }
    expect(skipped).toBeGreaterThan(0);
    expect(skipping.finish()).toEqual(plain.finish());
  });
});

/** Records with a novelty and the verdict of the rule (score threshold 0.5, novelty 0.6). */
const withNovelty: ScanRecord[] = records.map((r, i) => {
  const novelty = ((i * 13) % 11) / 10;
  const verdict = r.score >= 0.5 ? 'attack' : novelty >= 0.6 ? 'novel' : 'normal';
  return { ...r, novelty, verdict };
});

describe('--sort score with a baseline (rankOf)', () => {
  const at = (score: number, novelty: number, verdict: 'attack' | 'novel' | 'normal') =>
    ({ ...record(1), score, novelty, verdict }) as ScanRecord;

  it('ranks by combined verdict, then by the higher of score and novelty', () => {
    const attack = at(0.6, 0.1, 'attack');
    const attackNovel = at(0.55, 0.9, 'attack');
    const novel = at(0.1, 0.95, 'novel');
    const normalHigh = at(0.45, 0.2, 'normal');
    const normalNovelish = at(0.05, 0.5, 'normal');
    expect([rankOf(attack), rankOf(attackNovel), rankOf(novel)]).toEqual([4.6, 4.9, 2.95]);
    expect([rankOf(normalHigh), rankOf(normalNovelish)]).toEqual([0.45, 0.5]);
    const sorted = [normalHigh, novel, attack, normalNovelish, attackNovel].sort(byScore);
    expect(sorted).toEqual([attackNovel, attack, novel, normalNovelish, normalHigh]);
  });

  it('without a baseline the rank is the score', () => {
    expect(rankOf({ score: 0.37, novelty: undefined, verdict: undefined })).toBe(0.37);
  });

  it('--top 10 with novelty equals a full sort and slice', () => {
    const c = new RecordCollector('score', 10);
    withNovelty.forEach((r) => c.add(r));
    const out = c.finish();
    expect(out.records).toEqual([...withNovelty].sort(byScore).slice(0, 10));
    expect(out.records.map((r) => r.verdict)).toEqual(Array(10).fill('attack'));
  });
});
