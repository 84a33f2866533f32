/**
 * The one seeded pseudo-random generator of the model stage (DESIGN.md, "one seeded RNG").
 * xoshiro128** on 32-bit integers, seeded through splitmix32 so that nearby seeds give unrelated
 * streams. Each tree derives its own generator from (seed, treeIndex), which is what makes a forest
 * byte-identical whatever the number of worker threads.
 */

/** A deterministic stream of pseudo-random numbers. */
export interface Rng {
  /** Next unsigned 32-bit integer. */
  nextUint32(): number;
  /** Uniform integer in [0, n) for 1 ≤ n ≤ 2^32. */
  nextInt(n: number): number;
  /** Uniform double in [0, 1). */
  nextFloat(): number;
}

/** One splitmix32 step: a well-mixed 32-bit value from a 32-bit state. */
function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Creates a generator from a seed and an optional stream index (e.g. the tree index). */
export function createRng(seed: number, stream = 0): Rng {
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 4294967296) >>> 0;
  let s0 = mix32(lo ^ mix32(hi));
  let s1 = mix32(s0 ^ mix32(stream >>> 0));
  let s2 = mix32(s1 ^ 0x6a09e667);
  let s3 = mix32(s2 ^ 0xbb67ae85);
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  return {
    nextUint32,
    // Multiply-shift (Lemire without rejection): bias ≤ n / 2^32, irrelevant for n ≤ 10^7.
    nextInt: (n: number): number => Math.floor((nextUint32() * n) / 4294967296),
    nextFloat: (): number => nextUint32() / 4294967296,
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
