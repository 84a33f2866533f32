/**
 * Ordering and trimming of scanned records (`--sort`, `--top`). With a limit, at most about
 * 2 × top records are held however many connections are reported, so `--top 30` on a SYN flood
 * of millions of connections stays small. Every comparison is a total order on the printed
 * fields, and sorting is stable, so the output does not depend on how files were scheduled.
 */
import type { ScanRecord } from './scan-record.js';

/** Order of the reported rows. */
export type ScanSort = 'score' | 'time';

/**
 * Most suspicious first (rankOf, highest first); ties by start time, then file and endpoints
 * (stable output).
 */
export function byScore(a: ScanRecord, b: ScanRecord): number {
  return rankOf(b) - rankOf(a) || byTime(a, b);
}

/**
 * The rank of a record for `--sort score` and `--top`. Without a baseline: its score. With one
 * (`--baseline`): the combined verdict first — attack, then novel, then normal — and within a
 * verdict the higher of the score and the novelty; i.e. 4 + m for attack, 2 + m for novel, m for
 * normal, with m = max(score, novelty) ∈ [0, 1].
 */
export function rankOf(r: Pick<ScanRecord, 'score' | 'novelty' | 'verdict'>): number {
  if (r.novelty === undefined) return r.score;
  const m = Math.max(r.score, r.novelty);
  return r.verdict === 'attack' ? 4 + m : r.verdict === 'novel' ? 2 + m : m;
}

/** Earliest first; ties by file, then endpoints. */
export function byTime(a: ScanRecord, b: ScanRecord): number {
  return (
    a.startMicros - b.startMicros ||
    cmp(a.file, b.file) ||
    cmp(a.srcAddr, b.srcAddr) ||
    a.srcPort - b.srcPort ||
    cmp(a.dstAddr, b.dstAddr) ||
    a.dstPort - b.dstPort
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Records in `sort` order, keeping the best `top` (all when undefined) and counting the rest. */
export class RecordCollector {
  private records: ScanRecord[] = [];
  /** Records dropped by earlier trims (and by trims before they were handed over). */
  private dropped = 0;
  private readonly compare: (a: ScanRecord, b: ScanRecord) => number;
  private readonly sortByTime: boolean;
  /** The last kept record after a trim that filled the list. */
  private worst: ScanRecord | undefined;

  constructor(
    sort: ScanSort,
    private readonly top: number | undefined,
  ) {
    this.compare = sort === 'time' ? byTime : byScore;
    this.sortByTime = sort === 'time';
  }

  /**
   * True (and counted as left out) when a record of this rank (rankOf) and start time cannot
   * make the cut: it ranks below the last kept record of a full --top list. Lets the caller skip
   * building records (the "why" and the 41 features) that would be thrown away.
   */
  rejects(rank: number, startMicros: number): boolean {
    // `rank` of the scores rounded as in the record (byScore compares the printed scores).
    const w = this.worst;
    if (w === undefined) return false;
    const worst = rankOf(w);
    const worse = this.sortByTime
      ? startMicros > w.startMicros
      : rank < worst || (rank === worst && startMicros > w.startMicros);
    if (worse) this.dropped++;
    return worse;
  }

  /** Adds one record. */
  add(r: ScanRecord): void {
    this.records.push(r);
    if (this.top !== undefined && this.records.length >= 2 * this.top + 1024) this.trim();
  }

  /** Adds records that an earlier collector kept, and the number it left out. */
  addAll(records: readonly ScanRecord[], omitted: number): void {
    for (const r of records) this.add(r);
    this.dropped += omitted;
  }

  /** The kept records, sorted, and how many were left out. */
  finish(): { records: ScanRecord[]; omitted: number } {
    this.trim();
    return { records: this.records, omitted: this.dropped };
  }

  private trim(): void {
    this.records.sort(this.compare);
    if (this.top !== undefined && this.records.length > this.top) {
      this.dropped += this.records.length - this.top;
      this.records.length = this.top;
      this.worst = this.records[this.top - 1];
    }
  }
}
