/**
 * The baseline's encoding (src/rows/baseline-rows.ts) and novelty (novelty-scorer.ts): values on
 * the log scale, the kinds of connection counted, and a kind the baseline never saw scored 1
 * with "why" naming it, on real lab captures.
 */
import { describe, expect, it } from 'vitest';
import { baselineOf } from '../../src/app/baseline/baseline-train.js';
import { extractFeatures } from '../../src/app/features/features.js';
import { TrainingRows, baselineScale } from '../../src/rows/baseline-rows.js';
import { NoveltyScorer } from '../../src/rows/novelty-scorer.js';

const FIT = {
  params: { nTrees: 50, sampleSize: 256, extensionLevel: 0, seed: 0 },
  falseAlarmRate: 0.01,
  folds: 5,
};

describe('baselineScale', () => {
  it('takes ln(1 + x) of values ≥ 0 and keeps negative ones (an unseen symbol, −1)', () => {
    const X = Float32Array.of(9, 0, -1, 1e6, 0.5);
    baselineScale(X, 1, 3);
    expect(Array.from(X)).toEqual([9, 0, -1, Math.fround(Math.log1p(1e6)), 0.5]);
  });
});

describe('TrainingRows and NoveltyScorer on the lab captures', () => {
  it('counts kinds; a kind never seen scores 1 and "why" names it first', async () => {
    const rows = new TrainingRows();
    const srcBytes: number[] = [];
    for (const c of ['benign_dns', 'benign_web'])
      await extractFeatures(
        `fixtures/lab/train/${c}.pcap.gz`,
        (r) => {
          rows.add(r);
          srcBytes.push(r.numbers[4]!);
        },
        { set: 'extended' },
      );
    expect(rows.rows).toBe(242);
    expect(rows.kinds()).toEqual([
      ['udp', 'domain_u', 'SF', 170],
      ['tcp', 'domain', 'SF', 10],
      ['tcp', 'http', 'SF', 62],
    ]);
    const w = rows.width;
    expect(srcBytes[200]).toBeGreaterThan(100); // an HTTP request
    for (const i of [0, 200]) expect(rows.matrix[i * w + 4]).toBe(Math.fround(Math.log1p(srcBytes[i]!))); // prettier-ignore
    const baseline = baselineOf(rows, [], FIT);
    expect(baseline.info.threshold).toMatchObject({ folds: 5, holdoutRows: 242, fitRows: 242 });
    const scorer = new NoveltyScorer(baseline);
    const seen: number[] = [];
    const why: string[] = [];
    await extractFeatures(
      'fixtures/lab/validation/scan_syn.pcap.gz',
      (r) => {
        const s = scorer.score(r);
        if (r.symbols.join('/') === 'tcp/http/SF') seen.push(s);
        else if (why.length < 1) why.push(`${s} ${scorer.why(r)}`);
      },
      { set: 'extended' },
    );
    expect(why[0]).toMatch(/^1 new_kind=tcp\/\w+\/\w+ \S+=\S+ \S+=\S+ \S+=\S+$/);
    for (const s of seen) expect(s).toBeLessThan(1);
  });
});
