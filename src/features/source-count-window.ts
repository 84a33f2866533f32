/**
 * The count window of the extended set's per-source windows (docs/extended-features.md
 * "Per-source windows"): the last 100 records of the record's source, X included. The records
 * of a source are a queue in a pool of typed arrays (no object per record); the sources are
 * remembered in two generations, so that memory stays bounded without reordering anything per
 * record.
 */
import { grown, type AddressIds } from './address-ids.js';
import {
  COUNTER_WORDS,
  MAX_SOURCES,
  SOURCE_HORIZON_SEC,
  SourceCounters,
  flagBits,
  type SourceCounts,
  type SourceEntry,
} from './source-windows.js';

/** Words per source: the counters, then the generation, the oldest and the newest record (one
 *  place in memory per source). */
const STRIDE = 16;
const GEN = COUNTER_WORDS;
const FIRST = COUNTER_WORDS + 1;
const LAST = COUNTER_WORDS + 2;

/**
 * The last `size` records of the same source that started within `horizonSec` before X (X
 * included). Sources are remembered in two generations: a source seen again moves to the
 * current one; the previous generation is forgotten when the current one is `horizonSec` old
 * (its sources then have no record within the horizon: nothing changes) or holds half of
 * `maxSources` (a memory cap: floods of sources). So what a record sees depends only on the
 * records of the last `horizonSec` — a warm-up that long makes a shard's rows exact
 * (app/scan/stream-plan.ts) — unless the cap was hit.
 */
export class SourceCountWindow {
  private readonly counters: SourceCounters;
  // The record pool: per source a queue linked by `next`, oldest first; free records are
  // chained from `freeAt`.
  private next = new Int32Array(1024);
  private start = new Float64Array(1024);
  private dst = new Int32Array(1024);
  private port = new Int32Array(1024);
  private flags = new Uint8Array(1024);
  private freeAt = -1;
  private pooled = 0;
  /** The current generation (the previous one is one less; 0 is never one). */
  private generation = 2;
  private current: number[] = [];
  private previous: number[] = [];
  /** When the current generation began (record start, µs). */
  private generationMicros = -Infinity;
  private readonly horizonMicros: number;

  constructor(
    private readonly ids: AddressIds,
    private readonly size = 100,
    private readonly maxSources = MAX_SOURCES,
    horizonSec = SOURCE_HORIZON_SEC,
  ) {
    this.counters = new SourceCounters(ids, STRIDE);
    this.horizonMicros = horizonSec * 1e6;
  }

  /**
   * Adds X (records in start order), drops the source's records that started `horizonSec` or
   * more before it and its oldest past `size`, fills `out`.
   */
  push(e: SourceEntry, out: SourceCounts): void {
    const src = e.src;
    const now = e.startMicros;
    if (now >= this.generationMicros + this.horizonMicros) {
      this.nextGeneration();
      this.generationMicros = now;
    }
    this.remember(src);
    const w = this.counters.reserve(src);
    const at = src * STRIDE;
    const cutoff = now - this.horizonMicros;
    while (w[at]! > 0 && this.start[w[at + FIRST]!]! <= cutoff) {
      const old = w[at + FIRST]!;
      w[at + FIRST] = this.next[old]!;
      this.forget(src, old);
    }
    const r = this.newRecord();
    const flags = flagBits(e);
    this.start[r] = now;
    this.dst[r] = e.dst;
    this.port[r] = e.dstPort;
    this.flags[r] = flags;
    this.next[r] = -1;
    if (w[at] === 0) w[at + FIRST] = r;
    else this.next[w[at + LAST]!] = r;
    w[at + LAST] = r;
    this.ids.retain(e.dst);
    let same = this.counters.count(src, e.dst, e.dstPort, flags, 1);
    if (w[at]! > this.size) {
      const old = w[at + FIRST]!;
      w[at + FIRST] = this.next[old]!;
      if (this.dst[old] === e.dst && this.port[old] === e.dstPort) same--;
      this.forget(src, old);
    }
    this.counters.query(src, same, out);
  }

  /** Makes `src` a source of the current generation (forgetting the previous one when full). */
  private remember(src: number): void {
    const w = this.counters.reserve(src);
    const g = w[src * STRIDE + GEN]!;
    if (g === this.generation) return;
    const fromPrevious = g === this.generation - 1;
    if (this.current.length >= this.maxSources / 2) {
      if (fromPrevious) w[src * STRIDE + GEN] = this.generation + 1; // kept: it joins the new current
      this.nextGeneration();
    }
    if (!fromPrevious) this.ids.retain(src);
    w[src * STRIDE + GEN] = this.generation;
    this.current.push(src);
  }

  /** Forgets the previous generation; the current one becomes the previous. */
  private nextGeneration(): void {
    const dropped = this.previous;
    this.drop(dropped, this.generation - 1);
    this.previous = this.current;
    this.current = dropped;
    this.generation++;
  }

  /** Forgets the sources of `list` still in generation `g`, and empties the list. */
  private drop(list: number[], g: number): void {
    const w = this.counters.reserve(0);
    for (const src of list) {
      const at = src * STRIDE;
      if (w[at + GEN] !== g) continue;
      w[at + GEN] = 0;
      for (let r = w[at + FIRST]!; w[at]! > 0;) {
        const next = this.next[r]!;
        this.forget(src, r);
        r = next;
      }
      this.ids.release(src);
    }
    list.length = 0;
  }

  /** Counts record `r` of `src` out and frees it. */
  private forget(src: number, r: number): void {
    this.counters.count(src, this.dst[r]!, this.port[r]!, this.flags[r]!, -1);
    this.ids.release(this.dst[r]!);
    this.next[r] = this.freeAt;
    this.freeAt = r;
  }

  /** A free record of the pool. */
  private newRecord(): number {
    const r = this.freeAt;
    if (r >= 0) {
      this.freeAt = this.next[r]!;
      return r;
    }
    if (this.pooled === this.next.length) {
      const n = this.pooled * 2;
      this.next = grown(this.next, n);
      const start = new Float64Array(n);
      start.set(this.start);
      this.start = start;
      this.dst = grown(this.dst, n);
      this.port = grown(this.port, n);
      const flags = new Uint8Array(n);
      flags.set(this.flags);
      this.flags = flags;
    }
    return this.pooled++;
  }
}
