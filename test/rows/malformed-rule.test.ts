import { describe, expect, it } from 'vitest';
import { malformedField, usesMalformedRule } from '../../src/rows/malformed-rule.js';

/** KDD numbers with land (column 6) and wrong_fragment (column 7) set. */
const row = (land: number, wrong: number): Float64Array => {
  const n = new Float64Array(41);
  n[6] = land;
  n[7] = wrong;
  return n;
};

describe('malformed-packet rule', () => {
  it('fires on wrong fragments of any protocol and on TCP land only', () => {
    expect(malformedField(row(0, 1), 0, false)).toBe('wrong_fragment=1');
    expect(malformedField(row(0, 3), 0, true)).toBe('wrong_fragment=3');
    expect(malformedField(row(1, 0), 0, true)).toBe('land=1');
    expect(malformedField(row(1, 0), 0, false)).toBeUndefined(); // UDP with equal endpoints
    expect(malformedField(row(0, 0), 0, true)).toBeUndefined();
  });

  it('reads a row at an offset of a flat array', () => {
    const flat = new Float64Array(90 * 2);
    flat.set(row(1, 0), 90);
    expect([malformedField(flat, 0, true), malformedField(flat, 90, true)]).toEqual([
      undefined,
      'land=1',
    ]);
  });

  it('is used only by models that list it', () => {
    expect(usesMalformedRule({ metrics: { scan: { rules: ['malformed-packets'] } } })).toBe(true);
    expect(usesMalformedRule({ metrics: { scan: { rules: [] } } })).toBe(false);
    expect(usesMalformedRule({ metrics: { kdd: {} } })).toBe(false);
    expect(usesMalformedRule({ metrics: null })).toBe(false);
  });
});
