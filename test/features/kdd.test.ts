import { describe, expect, it } from 'vitest';
import {
  FeatureRow,
  formatRate,
  isoMicros,
  kddLine,
  rate,
  rateHundredths,
} from '../../src/features/kdd.js';

describe('rate format (§1): float32 quotient, %.2f half to even', () => {
  it('pins the spec cases: 1/8 → 0.12 (not toFixed 0.13), 3/40 → 0.08 (not double 0.07)', () => {
    expect(formatRate(rate(1, 8))).toBe('0.12');
    expect(formatRate(rate(3, 40))).toBe('0.08');
    expect((1 / 8).toFixed(2)).toBe('0.13');
  });
  it('other ties and plain values', () => {
    expect(formatRate(rate(3, 8))).toBe('0.38'); // 0.375 exactly → even 38
    expect(formatRate(rate(5, 8))).toBe('0.62'); // 0.625 → 62
    expect(formatRate(rate(1, 3))).toBe('0.33');
    expect(formatRate(rate(2, 3))).toBe('0.67');
    expect(formatRate(rate(1, 1))).toBe('1.00');
    expect(formatRate(rate(0, 5))).toBe('0.00');
    expect(formatRate(rate(1, 200))).toBe('0.00'); // float32(0.005) is just below 0.005
  });
  it('n = 0 is 0.00', () => {
    expect(rateHundredths(0, 0)).toBe(0);
    expect(formatRate(rate(3, 0))).toBe('0.00');
  });
  it('every k/n with n ≤ 511 agrees with an exact-rational reference of the float32 value', () => {
    for (let n = 1; n <= 511; n++) {
      for (let k = 0; k <= n; k++) {
        const f = Math.fround(k / n);
        // Exact: f = m / 2^e; compare 100·m with (h ± 0.5)·2^e using BigInt.
        const [m, e] = toFraction(f);
        const scaled = 100n * m;
        const denom = 1n << e;
        let h = scaled / denom;
        const rem2 = 2n * (scaled - h * denom);
        if (rem2 > denom || (rem2 === denom && h % 2n === 1n)) h += 1n;
        expect(rateHundredths(k, n)).toBe(Number(h));
      }
    }
  });
});

function toFraction(x: number): [bigint, bigint] {
  let e = 0n;
  while (x !== Math.floor(x)) {
    x *= 2;
    e++;
  }
  return [BigInt(x), e];
}

describe('row text', () => {
  it('kddLine prints 41 columns and the label', () => {
    const row = new FeatureRow();
    row.symbols.splice(0, 3, 'tcp', 'http', 'SF');
    row.numbers[24] = rate(1, 8);
    const cells = kddLine(row).split(',');
    expect(cells).toHaveLength(42);
    expect(cells.slice(0, 5)).toEqual(['0', 'tcp', 'http', 'SF', '0']);
    expect(cells[24]).toBe('0.12');
    expect(cells[41]).toBe('unknown.');
  });
  it('isoMicros keeps microseconds, UTC', () => {
    expect(isoMicros(1_294_000_000_123_456)).toBe('2011-01-02T20:26:40.123456Z');
    expect(isoMicros(0)).toBe('1970-01-01T00:00:00.000000Z');
  });
});
