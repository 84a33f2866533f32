// Encoding KDD rows into a Float32Array matrix with symbol codes.
import { describe, expect, it } from 'vitest';
import { encodeKddRows, KddEncoder, Vocabulary } from '../../src/features/encode.js';

function row(
  protocol: string,
  service: string,
  flag: string,
  label: string,
  srcBytes = 0,
): {
  numbers: Float64Array;
  symbols: string[];
  label: string;
} {
  const numbers = new Float64Array(41).fill(NaN, 1, 4);
  numbers[4] = srcBytes;
  numbers[40] = 0.5;
  return { numbers, symbols: [protocol, service, flag], label };
}

async function* rows<T>(items: T[]): AsyncGenerator<T> {
  for (const i of items) yield i;
}

describe('KDD encoder', () => {
  it('codes symbols and labels in order of first appearance', async () => {
    const m = await encodeKddRows(
      rows([
        row('tcp', 'http', 'SF', 'normal.', 181),
        row('udp', 'domain_u', 'SF', 'smurf.'),
        row('tcp', 'http', 'S0', 'normal.'),
      ]),
    );
    expect(m.nRows).toBe(3);
    expect(Array.from(m.X.subarray(0, 6))).toEqual([0, 0, 0, 0, 181, 0]);
    expect(Array.from(m.X.subarray(41, 45))).toEqual([0, 1, 1, 0]);
    expect(Array.from(m.X.subarray(82, 86))).toEqual([0, 0, 0, 1]);
    expect(m.X[40]).toBe(0.5);
    expect(Array.from(m.y)).toEqual([0, 1, 0]);
    expect(m.labels.list()).toEqual(['normal.', 'smurf.']);
    expect(m.symbolVocabularies.map((v) => v.list())).toEqual([
      ['tcp', 'udp'],
      ['http', 'domain_u'],
      ['SF', 'S0'],
    ]);
    expect(m.unknownSymbolRows).toBe(0);
  });

  it('gives −1 to symbols a frozen vocabulary does not know', async () => {
    const vocab = [
      new Vocabulary(['tcp'], true),
      new Vocabulary(['http'], true),
      new Vocabulary(['SF'], true),
    ];
    const m = await encodeKddRows(
      rows([row('icmp', 'http', 'SF', 'x.'), row('tcp', 'http', 'SF', 'x.')]),
      new KddEncoder(vocab),
    );
    expect(Array.from(m.X.subarray(0, 4))).toEqual([0, -1, 0, 0]);
    expect(m.unknownSymbolRows).toBe(1);
    expect(vocab[0]!.size).toBe(1);
  });

  it('grows its buffers past the initial capacity', async () => {
    const many = Array.from({ length: 3000 }, (_, i) => row('tcp', 'http', 'SF', 'normal.', i));
    const m = await encodeKddRows(rows(many));
    expect(m.nRows).toBe(3000);
    expect(m.X.length).toBe(3000 * 41);
    expect(m.X[2999 * 41 + 4]).toBe(2999);
  });
});
