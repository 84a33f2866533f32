import { describe, expect, it } from 'vitest';
import { FeatureRow, kddLine, rate } from '../../src/features/kdd.js';

/** kddLine as the plain join of cell() texts. */
function joined(row: FeatureRow, label: string): string {
  return [...Array.from({ length: 41 }, (_, i) => row.cell(i)), label].join(',');
}

describe('kddLine byte writer', () => {
  it('prints every cell as cell() does (whole, fractional, negative, huge numbers, rates)', () => {
    const values = [
      0,
      -0,
      1,
      9,
      10,
      99,
      100,
      999,
      1000,
      65535,
      2 ** 31 - 1,
      2 ** 31,
      2 ** 53,
      1e21,
      1.5,
      -1,
      -(2 ** 31),
      NaN,
      Infinity,
    ];
    let seed = 7;
    const next = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    for (let trial = 0; trial < 500; trial++) {
      const row = new FeatureRow();
      row.symbols.splice(0, 3, 'tcp', 'private', 'S0');
      for (let i = 0; i < 41; i++) {
        if (i >= 1 && i <= 3) continue;
        const r = next(3);
        row.numbers[i] =
          r === 0
            ? values[next(values.length)]!
            : r === 1
              ? next(5000)
              : rate(next(9), 1 + next(8));
      }
      expect(kddLine(row, 'normal.')).toBe(joined(row, 'normal.'));
    }
  });

  it('copes with long and non-Latin-1 text', () => {
    const row = new FeatureRow();
    row.symbols.splice(0, 3, 'tcp', 'ſervice', 'SF');
    expect(kddLine(row, 'x.')).toBe(joined(row, 'x.'));
    row.symbols[1] = 'é'.repeat(5000);
    expect(kddLine(row, 'y.')).toBe(joined(row, 'y.'));
    row.symbols[1] = 'http';
    const label = 'l'.repeat(9000);
    expect(kddLine(row, label)).toBe(joined(row, label));
  });

  it('with extra values: the extended csv cells, as String() and join print them', () => {
    const row = new FeatureRow();
    row.symbols.splice(0, 3, 'udp', 'domain_u', 'SF');
    const odd = [0, -0, -1, -7, -10, -(2 ** 31), -(2 ** 31) - 1, 2 ** 31, 0.5, -0.25, 3.026987, 1e21, 1e-7, NaN, -Infinity]; // prettier-ignore
    for (let trial = 0; trial < 50; trial++) {
      const extra = Float64Array.from({ length: 49 }, (_, i) =>
        i % 3 === 0 ? odd[(i + trial) % odd.length]! : ((i * 7919 * (trial + 1)) % 100_000) - 1,
      );
      expect(kddLine(row, 'n.', extra)).toBe(`${joined(row, '')}${extra.join(',')},n.`);
    }
    const long = new Float64Array(300).fill(-1.5);
    expect(kddLine(row, 'n.', long)).toBe(`${joined(row, '')}${long.join(',')},n.`);
    const label = 'l'.repeat(9000);
    expect(kddLine(row, label, long)).toBe(`${joined(row, '')}${long.join(',')},${label}`);
  });
});
