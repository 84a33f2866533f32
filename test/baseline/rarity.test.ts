/**
 * The small pieces of a baseline with exact values: column rarity (why), the threshold choice,
 * the combined verdict, and which labels-file rules name a capture.
 */
import { describe, expect, it } from 'vitest';
import { rulesFor, parseLabels } from '../../src/kdd/label-rules.js';
import { chooseThreshold } from '../../src/model/baseline-fit.js';
import { profileColumn, rarestColumns, rarity } from '../../src/model/rarity.js';
import { verdictOf } from '../../src/rows/novelty-scorer.js';

describe('column rarity', () => {
  it('a column of few values: the share of training rows with the value, 0 if never seen', () => {
    const X = Float32Array.of(0, 0, 0, 1);
    const p = profileColumn(X, 4, 1, 0);
    expect(p).toEqual({ kind: 'discrete', values: [0, 1], counts: [3, 1] });
    expect([rarity(p, 0), rarity(p, 1), rarity(p, 2)]).toEqual([0.75, 0.25, 0]);
  });

  it('a column of many values: twice the smaller tail share, 0 outside the range', () => {
    const X = Float32Array.from({ length: 129 }, (_, i) => i);
    const p = profileColumn(X, 129, 1, 0);
    expect(p.kind).toBe('continuous');
    expect([
      rarity(p, 64),
      rarity(p, 0),
      rarity(p, 32),
      rarity(p, 33),
      rarity(p, -1),
      rarity(p, 129),
    ]).toEqual([1, 0, 0.5, 0.515625, 0, 0]);
  });

  it('names the rarest columns first, ties by column order', () => {
    const X = Float32Array.of(0, 5, 7, 0, 5, 7, 1, 5, 7);
    const profiles = [0, 1, 2].map((j) => profileColumn(X, 3, 3, j));
    expect(rarestColumns(profiles, Float32Array.of(1, 6, 7), 0, 3)).toEqual([1, 0, 2]);
  });
});

describe('threshold and verdict', () => {
  it('the lowest 4-decimal score that flags at most the rate', () => {
    const scores = Float64Array.from({ length: 200 }, (_, i) => i / 1000);
    expect(chooseThreshold(scores, 0.01)).toEqual({ value: 0.1971, holdoutShare: 0.01 });
    expect(chooseThreshold(Float64Array.of(0.5, 0.5, 0.5), 0.01)).toEqual({
      value: 0.5001,
      holdoutShare: 0,
    });
  });

  it('attack when supervised says so, else novel, else normal', () => {
    expect(verdictOf(0.9, 0.52, 0.1, 0.6)).toBe('attack');
    expect(verdictOf(0.1, 0.52, 0.7, 0.6)).toBe('novel');
    expect(verdictOf(0.1, 0.52, 0.6, 0.6)).toBe('novel');
    expect(verdictOf(0.1, 0.52, 0.59, 0.6)).toBe('normal');
  });

  it('labels rules name a capture by the end of its path', () => {
    const rules = parseLabels('lab/validation/a.pcap.gz\tbenign\t*\tnormal\n');
    expect(rulesFor(rules, '/x/fixtures/lab/validation/a.pcap.gz')).toHaveLength(1);
    expect(rulesFor(rules, 'lab/validation/a.pcap.gz')).toHaveLength(1);
    expect(rulesFor(rules, '/x/blab/validation/a.pcap.gz')).toHaveLength(0);
  });
});
