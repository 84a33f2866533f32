/**
 * A 32-bit hash of a run of 32-bit words (FNV-1a over words, then a murmur3 finaliser), for the
 * fixed-size memos keyed by row content (score-memo.ts, report/row-text-cache.ts).
 */

/** FNV-1a offset basis: the start of a hash. */
export const HASH_SEED = 0x811c9dc5;

/** Adds `n` words from `words[base]`, `stride` apart, to the hash `h`. */
export function hashWords(
  h: number,
  words: Int32Array,
  base: number,
  n: number,
  stride = 1,
): number {
  for (let k = 0; k < n; k++) h = Math.imul(h ^ words[base + k * stride]!, 0x01000193);
  return h;
}

/** Adds the characters of `s` (and its length) to the hash `h`. */
export function hashString(h: number, s: string): number {
  h = Math.imul(h ^ s.length, 0x01000193);
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/** Mixes the hash so that its low bits depend on every word (a slot is `finish(h) & mask`). */
export function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
