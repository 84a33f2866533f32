// The model file: round trip, every truncation and a set of corruptions → ModelError (issue 3).
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ModelError } from '../../src/common/errors.js';
import { createRng } from '../../src/model/rng.js';
import { deserializeModel, serializeModel } from '../../src/model/serialize.js';
import { toyData, toyForest, toyInfo } from './helpers.js';

const forest = await toyForest(1);
const bytes = serializeModel(forest, toyInfo);
const body = gunzipSync(bytes.subarray(8));
const headerLength = body.readUInt32LE(0);
const treesAt = 4 + headerLength;

/** A model file whose body was changed by `edit`. */
function withBody(edit: (b: Buffer) => unknown): Uint8Array {
  const b = Buffer.from(body);
  const r = edit(b);
  const out = Buffer.isBuffer(r) ? r : b;
  return Buffer.concat([bytes.subarray(0, 8), gzipSync(out)]);
}

/** A model file whose JSON header was changed by `edit`. */
function withHeader(edit: (h: Record<string, unknown>) => void): Uint8Array {
  const h = JSON.parse(body.subarray(4, treesAt).toString('utf8')) as Record<string, unknown>;
  edit(h);
  const json = Buffer.from(JSON.stringify(h));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(json.length);
  return withBody(() => Buffer.concat([len, json, body.subarray(treesAt)]));
}

function expectModelError(b: Uint8Array): void {
  expect(() => deserializeModel(b)).toThrow(ModelError);
}

describe('model file', () => {
  it('save → load → predict equals predict, and re-saving gives the same bytes', () => {
    const loaded = deserializeModel(bytes);
    const { X } = toyData(500, 9);
    expect(Array.from(loaded.forest.predictProba(X))).toEqual(Array.from(forest.predictProba(X)));
    expect(loaded.info).toEqual(toyInfo);
    expect(loaded.forest.params).toEqual(forest.params);
    expect(loaded.forest.oobScore).toBe(forest.oobScore);
    expect(Array.from(loaded.forest.importances)).toEqual(Array.from(forest.importances));
    loaded.forest.trees.forEach((t, i) =>
      expect(Array.from(t.leaf)).toEqual(Array.from(forest.trees[i]!.leaf)),
    );
    expect(Buffer.from(serializeModel(loaded.forest, loaded.info)).equals(Buffer.from(bytes))).toBe(
      true,
    );
  });

  it('every truncation of the file is a ModelError', () => {
    for (let n = 0; n < bytes.length; n++) expectModelError(bytes.subarray(0, n));
  });

  it('every truncation of the decompressed body is a ModelError', () => {
    for (let n = 0; n < body.length; n += n < treesAt + 64 ? 1 : 7)
      expectModelError(withBody((b) => b.subarray(0, n)));
  });

  it('rejects a wrong magic, a wrong version and trailing bytes', () => {
    expectModelError(Uint8Array.from([...bytes.subarray(0, 3), 0x58, ...bytes.subarray(4)]));
    const v2 = Uint8Array.from(bytes);
    v2[4] = 2;
    expect(() => deserializeModel(v2)).toThrow(/version 2/);
    expectModelError(withBody((b) => Buffer.concat([b, Buffer.of(0)])));
  });

  it('rejects corrupt trees', () => {
    const n = body.readUInt32LE(treesAt);
    const feature = treesAt + 8;
    const threshold = feature + 4 * n;
    const left = threshold + 4 * n;
    const value = left + 8 * n;
    const cases: [string, (b: Buffer) => unknown][] = [
      ['huge node count', (b) => b.writeUInt32LE(0xffffffff, treesAt)],
      ['zero nodes', (b) => b.writeUInt32LE(0, treesAt)],
      ['more leaves than nodes', (b) => b.writeUInt32LE(n + 1, treesAt + 4)],
      ['feature out of range', (b) => b.writeInt32LE(4, feature)],
      ['negative feature', (b) => b.writeInt32LE(-2, feature)],
      ['NaN threshold', (b) => b.writeFloatLE(NaN, threshold)],
      ['infinite threshold', (b) => b.writeFloatLE(Infinity, threshold)],
      ['child pointing to itself', (b) => b.writeInt32LE(0, left)],
      ['child out of range', (b) => b.writeInt32LE(n, left)],
      ['leaf turned into a split', (b) => b.writeInt32LE(0, feature + 4 * (n - 1))],
      ['split turned into a leaf', (b) => b.writeInt32LE(-1, feature)],
      ['leaf value above 1', (b) => b.writeFloatLE(2, value)],
      ['leaf value NaN', (b) => b.writeFloatLE(NaN, value)],
      ['leaf values not summing to 1', (b) => b.writeFloatLE(0.5, value)],
      ['header length beyond the body', (b) => b.writeUInt32LE(body.length, 0)],
      ['header not JSON', (b) => b.write('#', 4)],
    ];
    for (const [name, edit] of cases) {
      expect(() => deserializeModel(withBody(edit)), name).toThrow(ModelError);
    }
  });

  it('rejects bad headers', () => {
    const cases: [string, (h: Record<string, unknown>) => void][] = [
      ['format', (h) => (h.format = 'other')],
      ['nFeatures', (h) => (h.nFeatures = 3)],
      ['nClasses 0', (h) => (h.nClasses = 0)],
      ['nTrees too many', (h) => (h.nTrees = 9)],
      ['featureNames', (h) => (h.featureNames = [1, 2, 3, 4])],
      ['classNames', (h) => (h.classNames = ['a'])],
      ['params', (h) => (h.params = { nEstimators: -1 })],
      ['unknown param', (h) => (h.params = { polluted: true })],
      ['importances', (h) => (h.importances = [0, 0, 0])],
      ['provenance', (h) => (h.provenance = null)],
      ['categories', (h) => (h.featureCategories = [null])],
    ];
    for (const [name, edit] of cases)
      expect(() => deserializeModel(withHeader(edit)), name).toThrow(ModelError);
  });

  it('drops __proto__ keys instead of polluting prototypes', () => {
    const b = withHeader((h) => {
      h.metrics = JSON.parse('{"__proto__": {"polluted": 1}, "ok": 2}');
    });
    const loaded = deserializeModel(b);
    expect(loaded.info.metrics).toEqual({ ok: 2 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('random corruptions of the file and of the body are ModelErrors or load cleanly', () => {
    const rng = createRng(42);
    for (let i = 0; i < 300; i++) {
      const file = Uint8Array.from(bytes);
      file[rng.nextInt(file.length)] ^= 1 + rng.nextInt(255);
      const edited =
        i % 2 === 0
          ? file
          : withBody((b) => void (b[rng.nextInt(b.length)] ^= 1 + rng.nextInt(255)));
      try {
        deserializeModel(edited);
      } catch (err) {
        expect(err).toBeInstanceOf(ModelError);
      }
    }
  });
});
