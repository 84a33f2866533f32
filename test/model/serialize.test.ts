// The model file: round trip, every truncation and a set of corruptions → ModelError (issue 3).
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ModelError } from '../../src/common/errors.js';
import { createRng } from '../../src/model/rng.js';
import { deserializeModel, serializeModel } from '../../src/model/serialize.js';
import { toyData, toyForest, toyInfo } from './helpers.js';

/** How many of the 300 tree corruptions (seed 42) leave a valid tree. */
const OUTCOMES_CLEAN = 97;

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

  it('a changed byte of the file: ModelError, unless gzip inflates the very same body', () => {
    const expected = Array.from(forest.predictProba(toyData(50, 3).X));
    const rng = createRng(42);
    // Bytes 12–17 are gzip's MTIME, XFL and OS fields, which inflating ignores: they must load.
    const cases = [12, 13, 14, 15, 16, 17].map((at) => [at, 0xff] as const);
    for (let i = 0; i < 300; i++) cases.push([rng.nextInt(bytes.length), 1 + rng.nextInt(255)]);
    let clean = 0;
    for (const [at, xor] of cases) {
      const file = Uint8Array.from(bytes);
      file[at] ^= xor;
      if (at >= 8 && inflatesToBody(file.subarray(8))) {
        clean++;
        const loaded = deserializeModel(file);
        expect(Array.from(loaded.forest.predictProba(toyData(50, 3).X)), `byte ${at}`).toEqual(
          expected,
        );
      } else {
        expect(() => deserializeModel(file), `byte ${at} ^ ${xor}`).toThrow(ModelError);
      }
    }
    expect(clean).toBe(7); // the six above, and one random change of XFL (byte 16)
  });

  it('a changed byte of a tree: exactly the outcome its field allows', () => {
    const rng = createRng(42);
    const outcomes = { clean: 0, error: 0 };
    for (let i = 0; i < 300; i++) {
      const at = TREE0.start + rng.nextInt(TREE0.end - TREE0.start);
      const xor = 1 + rng.nextInt(255);
      const b = Buffer.from(body);
      b[at] ^= xor;
      const spot = locate(at);
      const file = withBody(() => b);
      const why = `${spot.array}[${spot.index}] (byte ${at} ^ ${xor})`;
      if (acceptable(b, spot)) {
        outcomes.clean++;
        const tree = deserializeModel(file).forest.trees[0]!;
        expect(tree[spot.array][spot.index], why).toBe(read(b, spot));
      } else {
        outcomes.error++;
        expect(() => deserializeModel(file), why).toThrow(ModelError);
      }
    }
    expect(outcomes).toEqual({ clean: OUTCOMES_CLEAN, error: 300 - OUTCOMES_CLEAN });
  });
});

/** True when `gz` inflates to the original body; a different body is a case to decide on. */
function inflatesToBody(gz: Uint8Array): boolean {
  let inflated: Buffer;
  try {
    inflated = gunzipSync(gz);
  } catch {
    return false;
  }
  if (!inflated.equals(body)) throw new Error('a corrupted gzip stream inflated to another body');
  return true;
}

type TreeArray = 'feature' | 'threshold' | 'left' | 'right' | 'value';

/** Byte range of tree 0's arrays in the body, and their lengths (serialize.ts layout). */
const TREE0 = (() => {
  const n = body.readUInt32LE(treesAt);
  const values = body.readUInt32LE(treesAt + 4) * toyInfo.classNames.length;
  const arrays: [TreeArray, number][] = [
    ['feature', n],
    ['threshold', n],
    ['left', n],
    ['right', n],
    ['value', values],
  ];
  return { start: treesAt + 8, end: treesAt + 8 + 4 * (4 * n + values), arrays };
})();

interface Spot {
  array: TreeArray;
  index: number;
  /** Byte offset of the element in the body. */
  at: number;
}

/** The element of tree 0 that body byte `at` belongs to. */
function locate(at: number): Spot {
  let start = TREE0.start;
  for (const [array, length] of TREE0.arrays) {
    if (at < start + 4 * length) {
      const index = Math.floor((at - start) / 4);
      return { array, index, at: start + 4 * index };
    }
    start += 4 * length;
  }
  throw new Error(`byte ${at} is not in tree 0`);
}

/** The element's value in body `b`. */
function read(b: Buffer, spot: Spot): number {
  return spot.array === 'threshold' || spot.array === 'value'
    ? b.readFloatLE(spot.at)
    : b.readInt32LE(spot.at);
}

/**
 * Whether a tree whose element changed is still valid (serialize.ts readTree): a child pointer
 * that changes gives a node two parents or none, or points out of range, so never; a threshold
 * while finite; a split node's feature while in range, a leaf's never (it would split with no
 * children); a leaf's class frequencies while each is in 0…1 and they sum to 1 ± 0.001.
 */
function acceptable(b: Buffer, spot: Spot): boolean {
  const v = read(b, spot);
  if (spot.array === 'left' || spot.array === 'right') return false;
  if (spot.array === 'threshold') return Number.isFinite(v);
  if (spot.array === 'feature') {
    const was = body.readInt32LE(spot.at);
    return was !== -1 && v >= 0 && v < toyInfo.featureNames.length;
  }
  const K = toyInfo.classNames.length;
  const first = spot.at - 4 * (spot.index % K);
  let sum = 0;
  for (let k = 0; k < K; k++) {
    const p = b.readFloatLE(first + 4 * k);
    if (!(p >= 0 && p <= 1)) return false;
    sum += p;
  }
  return Math.abs(sum - 1) <= 1e-3;
}
