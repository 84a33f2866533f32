/**
 * The per-source windows against a plain model of docs/extended-features.md "Per-source
 * windows" (lists recounted for every record) on random record sequences: few sources, hosts
 * and ports so that single- and multi-destination sources, the entry cap, the 100-record limit,
 * the count window's horizon and forgotten generations all happen, with address ids released as
 * the extractor does.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { AddressIds } from '../../src/features/address-ids.js';
import { SourceCountWindow } from '../../src/features/source-count-window.js';
import {
  SourceTimeWindow,
  emptySourceCounts,
  type SourceCounts,
} from '../../src/features/source-windows.js';

interface Rec {
  t: number;
  /** A name or an IPv4 address (int32; 0–2 are also the first ids). */
  src: string | number;
  dst: string | number;
  port: number;
  failed: boolean;
  http: boolean;
  http4xx: boolean;
  authFail: boolean;
}

/** The columns of X over `held` (X among them). */
function counts(held: Rec[], x: Rec): SourceCounts {
  const mine = held.filter((r) => r.src === x.src);
  return {
    connections: mine.length,
    failed: mine.filter((r) => r.failed).length,
    dstHosts: new Set(mine.map((r) => r.dst)).size,
    dstPorts: new Set(mine.map((r) => r.port)).size,
    sameDst: mine.filter((r) => r.dst === x.dst && r.port === x.port).length,
    http: mine.filter((r) => r.http).length,
    http4xx: mine.filter((r) => r.http4xx).length,
    authFail: mine.filter((r) => r.authFail).length,
  };
}

const recs = fc.array(
  fc.record({
    dt: fc.integer({ min: 0, max: 40 }),
    src: fc.constantFrom<string | number>('a', 'b', 'c', 'd', 0, 1, 2, -5),
    dst: fc.constantFrom<string | number>('a', 'h', 'i', 0, 1, -5),
    port: fc.constantFrom(0, 22, 80),
    failed: fc.boolean(),
    http: fc.boolean(),
    http4xx: fc.boolean(),
    authFail: fc.boolean(),
  }),
  { maxLength: 300 },
);
const limits = fc.record({
  maxEntries: fc.integer({ min: 1, max: 40 }),
  size: fc.integer({ min: 1, max: 12 }),
  maxSources: fc.integer({ min: 1, max: 8 }),
  horizon: fc.integer({ min: 1, max: 300 }),
});

/** Pushes `rs` through SourceWindows and checks every row against the definition. */
function check(
  rs: Omit<Rec, 't'>[],
  dts: number[],
  lim: { maxEntries: number; size: number; maxSources: number; horizon: number },
): void {
  const ids = new AddressIds();
  const timeWindow = new SourceTimeWindow(ids, 60e6, lim.maxEntries);
  const lastWindow = new SourceCountWindow(ids, lim.size, lim.maxSources, lim.horizon);
  let generationStart = -Infinity;
  const time = emptySourceCounts();
  const last = emptySourceCounts();
  const all: Rec[] = [];
  let current = new Map<string | number, Rec[]>();
  let previous = new Map<string | number, Rec[]>();
  let t = 0;
  rs.forEach((r, n) => {
    t += dts[n]!;
    const x: Rec = { ...r, t };
    all.push(x);
    const key = (a: string | number): number =>
      typeof a === 'number' ? ids.acquire4(a) : ids.acquireText(a);
    const src = key(x.src);
    const dst = key(x.dst);
    const e = { ...r, startMicros: t * 1e6, src, dst, dstPort: x.port };
    // 60 s: the longest run of latest records within 60 s of X, at most maxEntries of them.
    let k = 0;
    while (k < lim.maxEntries && k < all.length && t - all[all.length - 1 - k]!.t < 60) k++;
    timeWindow.push(e, time);
    expect(time).toEqual(counts(all.slice(all.length - k), x));
    // Last N within the horizon: the source's records since it was last forgotten (two
    // generations, a new one every `horizon` seconds or when the current one is full).
    if (t >= generationStart + lim.horizon) {
      [previous, current] = [current, new Map()];
      generationStart = t;
    }
    let mine = current.get(x.src);
    if (mine === undefined) {
      mine = previous.get(x.src) ?? [];
      if (current.size >= lim.maxSources / 2) [previous, current] = [current, new Map()];
      current.set(x.src, mine);
    }
    while (mine.length > 0 && mine[0]!.t <= t - lim.horizon) mine.shift();
    mine.push(x);
    lastWindow.push(e, last);
    expect(last).toEqual(counts(mine.slice(-lim.size), x));
    ids.release(src);
    ids.release(dst);
  });
}

describe('per-source windows = their definition', () => {
  test.prop([recs, limits], { numRuns: 300 })('few sources: every case', (rs, lim) =>
    check(
      rs,
      rs.map((r) => r.dt),
      lim,
    ),
  );

  const many = fc.array(
    fc.record({
      src: fc.integer({ min: -3, max: 3000 }),
      dst: fc.integer({ min: 0, max: 40 }),
      port: fc.constantFrom(22, 80),
      failed: fc.boolean(),
      http: fc.constant(false),
      http4xx: fc.constant(false),
    }),
    { minLength: 1000, maxLength: 2500 },
  );
  test.prop([many, fc.integer({ min: 4, max: 3000 }), fc.integer({ min: 20, max: 5000 })], {
    numRuns: 12,
  })('many sources: the tables grow, slots move', (rs, maxSources, horizon) =>
    check(
      rs,
      rs.map((_, n) => n % 3),
      { maxEntries: 1500, size: 5, maxSources, horizon },
    ),
  );

  // Time alone forgets nothing that is still in the horizon: with no source cap, two windows
  // whose generations turned at different times give the same columns.
  test.prop([recs], { numRuns: 100 })('the generations turn unseen', (rs) => {
    const ids = new AddressIds();
    const a = new SourceCountWindow(ids, 6, 1 << 20, 50);
    const b = new SourceCountWindow(ids, 6, 1 << 20, 50);
    const ca = emptySourceCounts();
    const cb = emptySourceCounts();
    let t = 0;
    // `b` starts late (as a shard after its warm-up does) with more than the horizon seen.
    rs.forEach((r, n) => {
      t += r.dt;
      const src = ids.acquireText(String(r.src));
      const dst = ids.acquireText(String(r.dst));
      const e = { ...r, startMicros: t * 1e6, src, dst, dstPort: r.port };
      a.push(e, ca);
      if (t >= 60 + 50) {
        b.push(e, cb);
        if (n > 0 && t - 50 > 60) expect(cb).toEqual(ca);
      } else if (t >= 60) b.push(e, cb);
      ids.release(src);
      ids.release(dst);
    });
  });
});
