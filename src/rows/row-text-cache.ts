/**
 * A bounded memo of text (UTF-8 bytes) that depends only on a feature row's content (its 41
 * numbers, bit for bit, its 3 symbols and, for rows that carry them, its extended columns —
 * which a scan model over the extended set also reads): the features-only part of an output line. Floods
 * repeat the same rows thousands of times, so most lines reuse a memoised part. Direct-mapped: a
 * row hashes to one slot, and a new row there replaces the old one, so memory stays fixed (SLOTS
 * rows at most). The hash reads the high word of each number (sign, exponent and the top of the
 * mantissa: where distinct feature values differ); the comparison reads every word.
 */
import { HASH_SEED, finish, hashString, hashWords } from './word-hash.js';
import { KDD_FEATURE_COUNT } from '../features/schema.js';
import { EXTENDED_FEATURE_COUNT } from '../features/extended-schema.js';

/** Rows memoised at most (a power of two). */
const SLOTS = 1 << 14;
/** 32-bit words of a row's numbers. */
const WORDS = KDD_FEATURE_COUNT * 2;
/** 32-bit words of a row's extended columns. */
const EXT_WORDS = EXTENDED_FEATURE_COUNT * 2;

/**
 * Text, score and best class by row content; look a row up with `find`, then `store` them when
 * it was missing.
 */
export class RowTextCache {
  private readonly words = new Int32Array(SLOTS * WORDS);
  private readonly symbols = new Array<string>(SLOTS * 3).fill('');
  private readonly texts = new Array<Uint8Array | undefined>(SLOTS).fill(undefined);
  /** The score and best class of each slot's row (what the scorer gave it). */
  private readonly scores = new Float64Array(SLOTS);
  private readonly bests = new Int32Array(SLOTS);
  /** The score and best class of the row the last `find` found. */
  score = 0;
  best = -1;
  /** The extended words of each slot (allocated when rows carry extended columns). */
  private extWords: Int32Array | undefined = undefined;
  /** Slot of the last `find`. */
  private slot = 0;
  /** The last symbols hashed, and their hash (rows in a row mostly share them). */
  private lastSymbols = ['', '', ''];
  private symbolHash = HASH_SEED;

  /**
   * The text memoised for row `row` of flat storage (RowBatch): its numbers seen as 32-bit
   * `words` (WORDS a row), its symbols in `symbols` (3 a row) and, when rows carry them, its
   * extended columns as 32-bit words `ext` (EXT_WORDS a row); undefined when missing.
   */
  find(
    words: Int32Array,
    symbols: readonly string[],
    row: number,
    ext?: Int32Array,
  ): Uint8Array | undefined {
    const base = row * WORDS;
    const sbase = row * 3;
    const s0 = symbols[sbase]!;
    const s1 = symbols[sbase + 1]!;
    const s2 = symbols[sbase + 2]!;
    const last = this.lastSymbols;
    if (s0 !== last[0] || s1 !== last[1] || s2 !== last[2]) {
      this.lastSymbols = [s0, s1, s2];
      this.symbolHash = hashString(hashString(hashString(HASH_SEED, s0), s1), s2);
    }
    // The high words: odd words on little-endian machines (any words serve, some better).
    let h = hashWords(this.symbolHash, words, base + 1, KDD_FEATURE_COUNT, 2);
    if (ext !== undefined) h = hashWords(h, ext, row * EXT_WORDS + 1, EXTENDED_FEATURE_COUNT, 2);
    const slot = finish(h) & (SLOTS - 1);
    this.slot = slot;
    const text = this.texts[slot];
    if (text === undefined) return undefined;
    const at = slot * WORDS;
    const mine = this.words;
    for (let k = 0; k < WORDS; k++) if (mine[at + k] !== words[base + k]) return undefined;
    const sat = slot * 3;
    const own = this.symbols;
    if (own[sat] !== s0 || own[sat + 1] !== s1 || own[sat + 2] !== s2) return undefined;
    if (ext !== undefined) {
      const keys = this.extWords;
      if (keys === undefined) return undefined;
      const eat = slot * EXT_WORDS;
      const ebase = row * EXT_WORDS;
      for (let k = 0; k < EXT_WORDS; k++) if (keys[eat + k] !== ext[ebase + k]) return undefined;
    }
    this.score = this.scores[slot]!;
    this.best = this.bests[slot]!;
    return text;
  }

  /**
   * Memoises `text`, `score` and best class `best` for the row of the last `find` (which
   * returned undefined).
   */
  store(
    words: Int32Array,
    symbols: readonly string[],
    row: number,
    text: Uint8Array,
    score: number,
    best: number,
    ext?: Int32Array,
  ): void {
    const slot = this.slot;
    this.scores[slot] = score;
    this.bests[slot] = best;
    if (ext !== undefined) {
      this.extWords ??= new Int32Array(SLOTS * EXT_WORDS);
      this.extWords.set(ext.subarray(row * EXT_WORDS, (row + 1) * EXT_WORDS), slot * EXT_WORDS);
    }
    this.words.set(words.subarray(row * WORDS, (row + 1) * WORDS), slot * WORDS);
    for (let k = 0; k < 3; k++) this.symbols[slot * 3 + k] = symbols[row * 3 + k]!;
    this.texts[slot] = text;
  }
}
