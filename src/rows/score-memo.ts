/**
 * Scores by encoded feature row (the model input, bit for bit): floods and scans repeat one row
 * thousands of times, so the scorer predicts only rows not seen before. Direct-mapped: a row
 * hashes to one slot and a new row there replaces the old one, so memory stays bounded; a result
 * depends on the row only, so what is kept changes the speed, never the output. The table starts
 * small and doubles (emptied) each time it has taken four times its slots in new rows, up to
 * MAX_SLOTS: a scorer of a few rows (one `nad serve` request) does not zero megabytes first.
 */
import { HASH_SEED, finish, hashWords } from './word-hash.js';

/** Rows memoised at most (a power of two). */
const MAX_SLOTS = 1 << 16;
/** Slots of a new memo (a power of two). */
const FIRST_SLOTS = 1 << 10;

/** Score and best attack class by encoded row. */
export class ScoreMemo {
  private slots = FIRST_SLOTS;
  private keys: Int32Array;
  private filled = new Uint8Array(FIRST_SLOTS);
  private scores = new Float64Array(FIRST_SLOTS);
  private bests = new Int32Array(FIRST_SLOTS);
  /** Rows stored since the table last grew. */
  private stored = 0;
  /** What the last successful `find` found. */
  score = 0;
  best = -1;

  /**
   * `words`: 32-bit words of an encoded row (float32 values: the model's feature count);
   * `maxSlots`: rows kept at most (a power of two, at most MAX_SLOTS).
   */
  constructor(
    private readonly words: number,
    private readonly maxSlots = MAX_SLOTS,
  ) {
    this.keys = new Int32Array(FIRST_SLOTS * words);
  }

  /** True (and sets score and best) when row `row` of `words` (this.words a row) is memoised. */
  find(words: Int32Array, row: number): boolean {
    const WORDS = this.words;
    const base = row * WORDS;
    const slot = finish(hashWords(HASH_SEED, words, base, WORDS)) & (this.slots - 1);
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
    if (++this.stored > 4 * this.slots && this.slots < this.maxSlots) this.grow();
    const WORDS = this.words;
    const base = row * WORDS;
    const slot = finish(hashWords(HASH_SEED, words, base, WORDS)) & (this.slots - 1);
    this.keys.set(words.subarray(base, base + WORDS), slot * WORDS);
    this.filled[slot] = 1;
    this.scores[slot] = score;
    this.bests[slot] = best;
  }

  /** Doubles the table, emptied (what it held is only ever a speed-up). */
  private grow(): void {
    const n = this.slots * 2;
    this.slots = n;
    this.keys = new Int32Array(n * this.words);
    this.filled = new Uint8Array(n);
    this.scores = new Float64Array(n);
    this.bests = new Int32Array(n);
    this.stored = 1;
  }
}
