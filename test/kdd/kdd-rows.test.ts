// fieldNumber (kdd-rows.ts), the KDD reader's shortcut for Number() on a field, gives exactly
// what Number() gives: for the usual fields (digits, one '.') and for everything else.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { fieldNumber } from '../../src/kdd/kdd-rows.js';

const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 18 });
const decimal = fc
  .tuple(digits, fc.boolean(), digits)
  .map(([a, dot, b]) => (dot ? `${a}.${b}` : a + b));
const other = fc.string({ unit: fc.constantFrom(...'0123456789.-+eE xX_abc,٣'), maxLength: 18 });

describe('fieldNumber = Number', () => {
  test.prop([fc.oneof(decimal, other)], { numRuns: 20_000 })('same value', (s) => {
    expect(Object.is(fieldNumber(s), Number(s))).toBe(true);
  });

  it('edge cases', () => {
    const cases = [
      '',
      '.',
      '0',
      '0.',
      '.0',
      '00',
      '0.00',
      '1.5',
      '999999999999999',
      '9999999999999999',
    ];
    cases.push('0.1', '0.30000000000000004', '123456789012.345', '1..2', '1.2.3', ' 1', '1 ', '-0');
    cases.push('1e5', 'Infinity', 'NaN', '0x10', '٣');
    for (const s of cases) expect(Object.is(fieldNumber(s), Number(s)), s).toBe(true);
  });
});
