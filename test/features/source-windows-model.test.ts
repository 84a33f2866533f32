/**
 * The per-source windows against a plain model of docs/extended-features.md "Per-source
 * windows" (lists recounted for every record) on random record sequences: few sources, hosts
 * and ports so that single- and multi-destination sources, the entry cap, the 100-record limit
 * and forgotten generations all happen, with address ids released as the extractor does.
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
  src: string;
  dst: string;
  port: number;
  failed: boolean;
  http: boolean;
  http4xx: boolean;
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
  };
}

const recs = fc.array(
  fc.record({
    dt: fc.integer({ min: 0, max: 40 }),
    src: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
    dst: fc.constantFrom('a', 'h', 'i', 'j'),
    port: fc.constantFrom(0, 22, 80),
    failed: fc.boolean(),
    http: fc.boolean(),
    http4xx: fc.boolean(),
  }),
  { maxLength: 300 },
);
const limits = fc.record({
  maxEntries: fc.integer({ min: 1, max: 40 }),
  size: fc.integer({ min: 1, max: 12 }),
  maxSources: fc.integer({ min: 1, max: 8 }),
});

describe('per-source windows = their definition', () => {
  test.prop([recs, limits], { numRuns: 300 })('60 s and last-N windows', (rs, lim) => {
    const ids = new AddressIds();
    const time = new SourceTimeWindow(ids, 60e6, lim.maxEntries);
    const last = new SourceCountWindow(ids, lim.size, lim.maxSources);
    const out = emptySourceCounts();
    const all: Rec[] = [];
    let current = new Map<string, Rec[]>();
    let previous = new Map<string, Rec[]>();
    let t = 0;
    for (const r of rs) {
      t += r.dt;
      const x: Rec = { ...r, t };
      all.push(x);
      const src = ids.acquireText(x.src);
      const dst = ids.acquireText(x.dst);
      const e = { ...r, startMicros: t * 1e6, src, dst, dstPort: x.port };
      // 60 s: the longest run of latest records within 60 s of X, at most maxEntries of them.
      let k = 0;
      while (k < lim.maxEntries && k < all.length && t - all[all.length - 1 - k]!.t < 60) k++;
      time.push(e, out);
      expect(out).toEqual(counts(all.slice(all.length - k), x));
      // Last N: the source's records since it was last forgotten (two generations).
      let mine = current.get(x.src);
      if (mine === undefined) {
        mine = previous.get(x.src) ?? [];
        if (current.size >= lim.maxSources / 2) [previous, current] = [current, new Map()];
        current.set(x.src, mine);
      }
      mine.push(x);
      last.push(e, out);
      expect(out).toEqual(counts(mine.slice(-lim.size), x));
      ids.release(src);
      ids.release(dst);
    }
  });
});
