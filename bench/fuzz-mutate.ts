/**
 * Mutations of real inputs for the fuzz targets (issue 8): bit flips, byte sets, length-field
 * edits (32-bit words set to boundary values in either byte order), truncation, insertion,
 * deletion, duplication, byte-order swaps of 4-byte words, and splices of two inputs. As
 * fast-check arbitraries, so failures shrink to a minimal mutation list.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';

/** Repository root, from the TypeScript source (bench/) or the build (dist/bench/). */
export const ROOT = fileURLToPath(
  new URL(/\/dist\/bench\/[^/]+$/.test(import.meta.url) ? '../../' : '../', import.meta.url),
);

/** One edit of a byte string; positions are taken modulo its length. */
export type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'word'; at: number; value: number; little: boolean }
  | { kind: 'cut'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; n: number }
  | { kind: 'dup'; at: number; n: number }
  | { kind: 'swap'; at: number; words: number };

/** Length-field values that find off-by-one and overflow bugs. */
export const BOUNDARY_WORDS = [
  0,
  1,
  3,
  4,
  8,
  11,
  12,
  15,
  16,
  20,
  24,
  28,
  31,
  32,
  0x7f,
  0xff,
  0x100,
  0xffff,
  0x10000,
  262_143,
  262_144,
  262_145,
  16 * 1024 * 1024,
  16 * 1024 * 1024 + 4,
  0x7fffffff,
  0x80000000,
  0xfffffffc,
  0xffffffff,
];

const pos = fc.nat({ max: 1 << 20 });

/** One mutation. */
export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: pos, bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({
    kind: fc.constant('set' as const),
    at: pos,
    value: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({
    kind: fc.constant('word' as const),
    at: pos,
    value: fc.oneof(fc.constantFrom(...BOUNDARY_WORDS), fc.nat({ max: 0xffffffff })),
    little: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('cut' as const), at: pos }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: pos,
    bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: pos, n: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('dup' as const), at: pos, n: fc.integer({ min: 1, max: 256 }) }),
  fc.record({
    kind: fc.constant('swap' as const),
    at: pos,
    words: fc.integer({ min: 1, max: 16 }),
  }),
);

/** Applies `muts` in order to a copy of `input`. */
export function mutate(input: Uint8Array, muts: readonly Mutation[]): Uint8Array {
  let b: Uint8Array = Uint8Array.from(input);
  for (const m of muts) b = applyOne(b, m);
  return b;
}

function applyOne(b: Uint8Array, m: Mutation): Uint8Array {
  const n = b.length;
  if (n === 0) return m.kind === 'insert' ? Uint8Array.from(m.bytes) : b;
  const at = m.at % n;
  switch (m.kind) {
    case 'flip':
      b[at]! ^= 1 << m.bit;
      return b;
    case 'set':
      b[at] = m.value;
      return b;
    case 'word': {
      const o = at & ~3;
      if (o + 4 <= n) new DataView(b.buffer, b.byteOffset).setUint32(o, m.value >>> 0, m.little);
      return b;
    }
    case 'cut':
      return b.slice(0, at);
    case 'insert':
      return concat(b.subarray(0, at), m.bytes, b.subarray(at));
    case 'delete':
      return concat(b.subarray(0, at), b.subarray(Math.min(n, at + m.n)));
    case 'dup':
      return concat(b.subarray(0, at + Math.min(m.n, n - at)), b.subarray(at));
    case 'swap': {
      for (let o = at & ~3, w = 0; w < m.words && o + 4 <= n; w++, o += 4) {
        [b[o], b[o + 1], b[o + 2], b[o + 3]] = [b[o + 3]!, b[o + 2]!, b[o + 1]!, b[o]!];
      }
      return b;
    }
  }
}

/** Prefix of `a` (up to `i`) followed by the suffix of `b` (from `j`). */
export function splice(a: Uint8Array, b: Uint8Array, i: number, j: number): Uint8Array {
  return concat(
    a.subarray(0, a.length === 0 ? 0 : i % a.length),
    b.subarray(b.length === 0 ? 0 : j % b.length),
  );
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Files under `dir` (relative to the root) matching `re`, at most `maxBytes` once inflated. */
export function seedFiles(dir: string, re: RegExp, maxBytes: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (re.test(name)) {
        let bytes: Uint8Array = new Uint8Array(readFileSync(full));
        if (name.endsWith('.gz')) bytes = gunzipSync(bytes);
        if (bytes.length <= maxBytes) out.push(new Uint8Array(bytes));
      }
    }
  };
  walk(join(ROOT, dir));
  return out;
}

/** An input built from a seed corpus: one seed, optionally spliced with another, then mutated. */
export function mutatedInput(
  seeds: readonly Uint8Array[],
  maxMutations = 4,
): fc.Arbitrary<Uint8Array> {
  const idx = fc.nat({ max: seeds.length - 1 });
  return fc
    .record({
      a: idx,
      b: fc.option(fc.record({ seed: idx, i: pos, j: pos }), { freq: 5 }),
      muts: fc.array(mutationArb, { maxLength: maxMutations }),
    })
    .map(({ a, b, muts }) => {
      const base = b === null ? seeds[a]! : splice(seeds[a]!, seeds[b.seed]!, b.i, b.j);
      return mutate(base, muts);
    });
}
