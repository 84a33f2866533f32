/**
 * Model files are data (issue 8, Security): JSON keys `__proto__`, `constructor` and `prototype`
 * anywhere in the header never reach a prototype; random JSON in any header field is a
 * ModelError or a clean load; sizes and indices are checked before use.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { fuzzModel } from '../../bench/fuzz-targets.js';
import { ModelError } from '../../src/common/errors.js';
import { deserializeModel, serializeModel } from '../../src/model/serialize.js';
import { toyForest, toyInfo } from '../model/helpers.js';

const bytes = serializeModel(await toyForest(1), toyInfo);
const body = gunzipSync(bytes.subarray(8));
const treesAt = 4 + body.readUInt32LE(0);
const header = body.subarray(4, treesAt).toString('utf8');

/** A model file whose header JSON text is `json` (trees unchanged). */
function withHeaderText(json: string): Uint8Array {
  const h = Buffer.from(json);
  const len = Buffer.alloc(4);
  len.writeUInt32LE(h.length);
  const z = gzipSync(Buffer.concat([len, h, body.subarray(treesAt)]));
  return Buffer.concat([bytes.subarray(0, 8), z]);
}

const probe = (): unknown[] => [
  ({} as Record<string, unknown>).polluted,
  (Object.prototype as Record<string, unknown>).polluted,
  ([] as unknown as Record<string, unknown>).polluted,
];

describe('model files are data', () => {
  const attacks = [
    '"__proto__":{"polluted":1}',
    '"constructor":{"prototype":{"polluted":1}}',
    '"prototype":{"polluted":1}',
  ];
  for (const attack of attacks) {
    it(`${attack} at the top, in params, provenance and nested metrics: dropped`, () => {
      const h = JSON.parse(header) as Record<string, unknown>;
      const text = JSON.stringify({ ...h, metrics: { a: [{ b: 1 }] } })
        .replace(/^\{/, `{${attack},`)
        .replace('"params":{', `"params":{${attack},`)
        .replace('"provenance":{', `"provenance":{${attack},`)
        .replace('{"b":1}', `{"b":1,${attack}}`);
      const m = deserializeModel(withHeaderText(text));
      expect(probe()).toEqual([undefined, undefined, undefined]);
      expect(m.info.metrics).toEqual({ a: [{ b: 1 }] });
      expect(Object.getPrototypeOf(m.info.provenance)).toBe(Object.prototype);
      expect(Object.keys(m.forest.params)).not.toContain('__proto__');
    });
  }

  it('a header length past the end of the body is a ModelError, not an allocation', () => {
    for (const len of [0xffffffff, 0x7fffffff, body.length]) {
      const b = Buffer.from(body);
      b.writeUInt32LE(len, 0);
      const file = Buffer.concat([bytes.subarray(0, 8), gzipSync(b)]);
      expect(() => deserializeModel(file)).toThrow(ModelError);
    }
  });

  const fields = JSON.parse(header) as Record<string, unknown>;
  test.prop(
    [
      fc.constantFrom(...Object.keys(fields)),
      fc.oneof(
        fc.jsonValue({ maxDepth: 3 }),
        fc.constantFrom(1e9, -1, 0, 2 ** 32, [], [null], ['a'], { __proto__: null }),
      ),
    ],
    { numRuns: 300 },
  )('any JSON in any header field: ModelError or a clean load', (key, value) => {
    const text = JSON.stringify({ ...fields, [key]: value });
    expect(typeof fuzzModel(withHeaderText(text))).toBe('boolean');
    expect(probe()).toEqual([undefined, undefined, undefined]);
  });
});
