/**
 * The `.nadb` baseline file: a round trip keeps every field and the same bytes; truncation,
 * corruption, wrong magic or version, hostile sizes and malformed trees or headers are each a
 * clear InputError (exit 3), never a crash or a huge allocation.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/common/errors.js';
import { serializeBaseline, type Baseline } from '../../src/model/baseline-file.js';
import { deserializeBaseline } from '../../src/model/baseline-file-read.js';
import { fitBaseline } from '../../src/model/baseline-fit.js';
import { createRng } from '../../src/model/rng.js';

/** A baseline over 4 columns (1–3 symbol codes) fitted on 400 seeded rows. */
function small(extensionLevel = 0): Baseline {
  const rng = createRng(3);
  const X = Float32Array.from({ length: 400 * 4 }, (_, i) =>
    i % 4 === 0
      ? Math.fround(rng.nextFloat() * 100)
      : i % 4 === 2
        ? (i >> 2) % 4 === 0
          ? 1
          : 0
        : 0,
  );
  const fit = fitBaseline(X, 400, 4, {
    params: { nTrees: 5, sampleSize: 64, extensionLevel, seed: 1 },
    falseAlarmRate: 0.01,
    folds: 5,
  });
  return {
    forest: fit.forest,
    info: {
      featureNames: ['a', 'b', 'c', 'd'],
      featureCategories: [null, ['x'], ['x', 'y'], ['x']],
      threshold: fit.threshold,
      inputs: [{ name: 'normal.pcap', sha256: 'ab'.repeat(32), connections: 400 }],
      profiles: fit.profiles,
      kinds: [
        ['x', 'x', 'x', 300],
        ['x', 'y', 'x', 100],
      ],
    },
  };
}

/** The body of a baseline file: header JSON and the array bytes. */
function parts(b: Baseline): { header: Record<string, unknown>; arrays: Uint8Array } {
  const bytes = serializeBaseline(b);
  const body = new Uint8Array(gunzipSync(bytes.subarray(8)));
  const len = new DataView(body.buffer, body.byteOffset).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(body.subarray(4, 4 + len))) as Record<
    string,
    unknown
  >;
  return { header, arrays: body.slice(4 + len) };
}

/** A baseline file from a header object and array bytes. */
function build(header: unknown, arrays: Uint8Array, version = 2): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const body = new Uint8Array(4 + json.length + arrays.length);
  new DataView(body.buffer).setUint32(0, json.length, true);
  body.set(json, 4);
  body.set(arrays, 4 + json.length);
  const z = gzipSync(body);
  const out = new Uint8Array(8 + z.length);
  out.set([0x4e, 0x41, 0x44, 0x42]);
  new DataView(out.buffer).setUint32(4, version, true);
  out.set(z, 8);
  return out;
}

function fails(bytes: Uint8Array): string {
  try {
    deserializeBaseline(bytes);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).exitCode).toBe(3);
    return (err as Error).message;
  }
  throw new Error('expected an error');
}

describe('.nadb round trip', () => {
  it('keeps every field and gives the same bytes again', () => {
    for (const level of [0, 1]) {
      const b = small(level);
      const bytes = serializeBaseline(b);
      const back = deserializeBaseline(bytes);
      expect(back).toEqual(b);
      expect(serializeBaseline(back)).toEqual(bytes);
    }
  });
});

describe('.nadb validation', () => {
  const b = small();
  const good = serializeBaseline(b);
  const { header, arrays } = parts(b);

  it('rejects a wrong magic, a wrong version, a .nadm model', () => {
    expect(fails(Uint8Array.of(1, 2, 3))).toBe('not a nad baseline file (bad magic)');
    expect(fails(build(header, arrays, 1))).toBe(
      'baseline format version 1; this nad reads version 2',
    );
    const nadm = good.slice();
    nadm[3] = 0x4d; // "NADM"
    expect(fails(nadm)).toBe('not a nad baseline file (bad magic)');
  });

  it('rejects the file cut anywhere, and flipped bytes in the compressed body', () => {
    for (const cut of [8, 9, 20, good.length >> 1, good.length - 1])
      expect(fails(good.subarray(0, cut))).toBe('baseline file is truncated or corrupt (gzip)');
    const flipped = good.slice();
    flipped[good.length >> 1]! ^= 0xff;
    expect(fails(flipped)).toMatch(/truncated or corrupt|baseline file:/);
  });

  it('rejects a body whose arrays are cut or too long', () => {
    expect(fails(build(header, arrays.subarray(0, arrays.length - 4)))).toBe(
      'baseline file: body is truncated',
    );
    expect(fails(build(header, new Uint8Array([...arrays, 0, 0, 0, 0])))).toBe(
      'baseline file: 4 unexpected trailing bytes',
    );
  });

  it('rejects hostile sizes before allocating', () => {
    const huge = {
      ...header,
      params: { ...(header.params as object), nTrees: 10_000, sampleSize: 65_536 },
      psi: 65_536,
    };
    expect(fails(build(huge, arrays))).toMatch(
      /^baseline file: header: \d+ tree slots \(at most 33554432\)$/,
    );
    expect(fails(build({ ...header, nFeatures: 1e9 }, arrays))).toBe(
      'baseline file: header: nFeatures must be an integer in 1..4096',
    );
    expect(fails(build({ ...header, psi: 1000 }, arrays))).toBe(
      'baseline file: header: psi must be an integer in 1..64',
    );
  });

  it('rejects malformed trees', () => {
    const feature = new Int32Array(arrays.buffer.slice(0), 0, 127 * 5);
    const bad = (patch: (f: Int32Array, v: DataView) => void): Uint8Array => {
      const copy = arrays.slice();
      patch(new Int32Array(copy.buffer, 0, feature.length), new DataView(copy.buffer));
      return build(header, copy);
    };
    expect(fails(bad((f) => (f[0] = 7)))).toBe('baseline file: tree 0: node 0 splits on feature 7');
    expect(fails(bad((_, v) => v.setFloat32(feature.length * 4, NaN, true)))).toBe(
      'baseline file: tree 0: node 0 has a non-finite threshold',
    );
    const leaf = Array.from(feature.subarray(0, 127)).indexOf(-1);
    expect(fails(bad((_, v) => v.setFloat32((feature.length + leaf) * 4, 1e6, true)))).toBe(
      `baseline file: tree 0: leaf ${leaf} has path length 1000000`,
    );
    // Every slot a split: node 63 (depth 6 of 6) would have children past the tree's 127 slots.
    expect(fails(bad((f) => f.fill(0, 0, 127)))).toBe(
      'baseline file: tree 0: node 63 splits below the height limit',
    );
  });

  it('rejects malformed header fields and drops prototype keys', () => {
    const t = header.threshold as Record<string, unknown>;
    expect(fails(build({ ...header, threshold: { ...t, value: 2 } }, arrays))).toBe(
      'baseline file: header: threshold.value must be in (0, 1]',
    );
    expect(fails(build({ ...header, format: 'nad-forest' }, arrays))).toBe(
      'baseline file: header: not a nad baseline',
    );
    expect(
      fails(build({ ...header, inputs: [{ name: 'x', sha256: 'zz', connections: 1 }] }, arrays)),
    ).toBe('baseline file: header: bad inputs[0].sha256');
    expect(fails(build({ ...header, profiles: [{ kind: 'odd' }, 1, 2, 3] }, arrays))).toBe(
      'baseline file: header: bad profiles[0]',
    );
    expect(fails(build({ ...header, kinds: [['x', 'z', 'x', 1]] }, arrays))).toBe(
      // no symbol z
      'baseline file: header: bad kinds[0]',
    );
    expect(fails(build({ ...header, kinds: [['x', 'x', 'x', 0]] }, arrays))).toBe(
      'baseline file: header: bad kinds[0]',
    );
    expect(fails(build({ ...header, threshold: { ...t, folds: 1 } }, arrays))).toBe(
      'baseline file: header: threshold.folds must be an integer in 2..100',
    );
    const polluted = JSON.parse(
      JSON.stringify(header).replace('{', '{"__proto__":{"x":1},'),
    ) as object;
    const back = deserializeBaseline(build(polluted, arrays));
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(back.info.featureNames).toEqual(['a', 'b', 'c', 'd']);
  });
});
