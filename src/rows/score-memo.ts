/**
 * Scores by encoded feature row (the model input, bit for bit): floods and scans repeat one row
 * thousands of times, so the scorer predicts only rows not seen before. Direct-mapped: a row
 * hashes to one slot and a new row there replaces the old one, so memory stays fixed; a result
 * depends on the row only, so what is kept changes the speed, never the output.
 */
import { HASH_SEED, finish, hashWords } from './word-hash.js';

/** Rows memoised at most (a power of two). */
const SLOTS = 1 << 16;
/** Score and best attack class by encoded row. */
export class ScoreMemo {
  private readonly keys: Int32Array;
  private readonly filled = new Uint8Array(SLOTS);
  private readonly scores = new Float64Array(SLOTS);
  private readonly bests = new Int32Array(SLOTS);
  /** What the last successful `find` found. */
  score = 0;
  best = -1;

  /** `words`: 32-bit words of an encoded row (float32 values: the model's feature count). */
  constructor(private readonly words: number) {
    this.keys = new Int32Array(SLOTS * words);
  }

  /** True (and sets score and best) when row `row` of `words` (this.words a row) is memoised. */
  find(words: Int32Array, row: number): boolean {
    const WORDS = this.words;
    const base = row * WORDS;
    const slot = finish(hashWords(HASH_SEED, words, base, WORDS)) & (SLOTS - 1);
    if (this.filled[slot] === 0) return false;
    const keys = this.keys;
    const at = slot * WORDS;
    for (let k = 0; k < WORDS; k++) if (keys[at + k] !== words[base + k]) return false;
    this.score = this.scores[slot]!;
    this.best = this.bests[slot]!;
    return true;
  }

  /** Memoises the score and best class of row `row` of `words`. */
  store(words: Int32Array, row: number, score: number, best: number): void {
    const WORDS = this.words;
    const base = row * WORDS;
    const slot = finish(hashWords(HASH_SEED, words, base, WORDS)) & (SLOTS - 1);
    this.keys.set(words.subarray(base, base + WORDS), slot * WORDS);
    this.filled[slot] = 1;
    this.scores[slot] = score;
    this.bests[slot] = best;
  }
}
