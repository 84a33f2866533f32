// Labels, categories and the cost matrix (kdd-labels.md).
import { describe, expect, it } from 'vitest';
import {
  KDD_CATEGORIES,
  KDD_COST,
  KDD_LABEL_CATEGORY,
  bareLabel,
  categoryIndex,
  costPerExample,
  labelCategory,
} from '../../src/kdd/labels.js';
import { readKddRows } from '../../src/kdd/kdd-csv.js';

describe('KDD labels', () => {
  it('maps all 40 labels, including the 17 test-only attacks', () => {
    expect(KDD_LABEL_CATEGORY.size).toBe(40);
    expect(labelCategory('normal.')).toBe('normal');
    expect(labelCategory('smurf.')).toBe('dos');
    expect(labelCategory('httptunnel.')).toBe('u2r');
    expect(labelCategory('snmpgetattack')).toBe('r2l');
    expect(labelCategory('mscan.')).toBe('probe');
    expect(labelCategory('nonsense.')).toBeUndefined();
    expect(bareLabel('back.')).toBe('back');
    expect(KDD_CATEGORIES).toEqual(['normal', 'probe', 'dos', 'u2r', 'r2l']);
    expect(categoryIndex('u2r')).toBe(3);
  });

  it('has the contest cost matrix and scores a confusion matrix', () => {
    expect(KDD_COST[4]).toEqual([4, 2, 2, 2, 0]);
    expect(KDD_COST[3]![0]).toBe(3);
    const perfect = [0, 1, 2, 3, 4].map((t) => [0, 1, 2, 3, 4].map((p) => (t === p ? 10 : 0)));
    expect(costPerExample(perfect)).toBe(0);
    // 1 r2l row predicted normal (cost 4) and 1 normal row predicted normal.
    expect(
      costPerExample([
        [1, 0, 0, 0, 0],
        [0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0],
        [1, 0, 0, 0, 0],
      ]),
    ).toBe(2);
  });

  it('gives the category counts of corrected that the spec states', async () => {
    const counts = new Map<string, number>();
    const labels = new Set<string>();
    for await (const row of readKddRows('fixtures/kdd/corrected.gz').rows) {
      labels.add(row.label);
      const c = labelCategory(row.label) ?? 'unknown';
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    expect(labels.size).toBe(38);
    expect(Object.fromEntries(counts)).toEqual({
      normal: 60_593,
      probe: 4_166,
      dos: 229_853,
      u2r: 228,
      r2l: 16_189,
    });
  });
});
