/**
 * Feature rows of a stream (`nad scan --stream`): several files read as one continuous capture —
 * one connection table and one set of windows across the file boundaries — handing out only the
 * rows that start in a time range (the rest are a shard's warm-up or belong to the next shard,
 * stream-plan.ts). The read stops once a row after the range is out: the table emits rows in
 * start-time order, so every row of the range is out by then.
 */
import { InputError } from '../../common/errors.js';
import type { FeatureRow } from '../../features/kdd.js';
import { DEFAULT_WINDOW_CONFIG } from '../../features/extract.js';
import { packetMicros } from '../../flow/connection-update.js';
import { DEFAULT_FLOW_CONFIG } from '../../flow/flow-config.js';
import { readPackets, type PacketReadResult } from '../shared/read-packets.js';
import { featureTable, type FeaturesFileResult, type FeaturesOptions } from './features.js';

/** What to read of a stream and which rows to hand out. */
export interface StreamRead {
  /** The files, in stream order. */
  files: readonly string[];
  /** Files [ownFirst, ownEnd) are counted in the result (packets, warnings); the others are
   *  read for the warm-up before them or for the connections that go on after them. */
  ownFirst: number;
  ownEnd: number;
  /** Rows starting in [fromMicros, toMicros) are handed out. */
  fromMicros: number;
  toMicros: number;
  /** Packets earlier than this are not read. */
  warmupFromMicros: number;
  /** The first packet time of files[0] (the stream's data read starts there). */
  dataFromMicros?: number;
  /** The stream's files before files[0] (stream order), for a warm-up that turns out short. */
  earlier?: readonly { path: string; firstMicros: number }[];
}

/**
 * Rows of the warm-up that must have started once every connection open at its start is
 * closed (the longest idle timeout after it), so that the KDD count window (§8, the last 255
 * rows) of the first owned row holds the rows of the whole stream: with fewer, the warm-up
 * reaches twice as far back and the read starts over (nothing owned was handed out yet).
 */
function settledRowsNeeded(options: FeaturesOptions): { rows: number; afterMicros: number } {
  const flow = options.flow ?? DEFAULT_FLOW_CONFIG;
  const windows = options.windows ?? DEFAULT_WINDOW_CONFIG;
  return {
    rows: windows.hostWindowRecords,
    afterMicros: Math.max(flow.establishedIdleSec, flow.udpIdleSec) * 1e6,
  };
}

/**
 * `s` with its warm-up reaching twice as far back; undefined when it holds the whole stream
 * already, or when `s` does not say where the stream's data starts.
 */
export function widerWarmup(s: StreamRead): StreamRead | undefined {
  const earlier = [...(s.earlier ?? [])];
  const dataFrom = s.dataFromMicros;
  if (dataFrom === undefined || (earlier.length === 0 && dataFrom >= s.warmupFromMicros))
    return undefined;
  const from = s.fromMicros - Math.max(2 * (s.fromMicros - s.warmupFromMicros), 60e6);
  const files = [...s.files];
  let first = dataFrom;
  while (earlier.length > 0 && first > from) {
    const e = earlier.pop()!;
    files.unshift(e.path);
    first = e.firstMicros;
  }
  const added = files.length - s.files.length;
  return {
    ...s,
    files,
    ownFirst: s.ownFirst + added,
    ownEnd: s.ownEnd + added,
    warmupFromMicros: from,
    dataFromMicros: first,
    earlier,
  };
}

/**
 * Reads the stream `s` and calls `onRow` with each handed-out row, in start-time order. A file
 * that cannot be read or is corrupt is reported (the first such error) and the stream goes on
 * with the next file.
 */
export async function extractStream(
  s: StreamRead,
  onRow: (row: FeatureRow) => void,
  options: FeaturesOptions = {},
): Promise<FeaturesFileResult> {
  // Set once a row after the range is out; reading stops then, but not within an owned file.
  const past = new AbortController();
  let reading = 0;
  let beyond = false;
  let rows = 0;
  // The warm-up's settled rows, until the first owned row; `short` once they were too few.
  const need = settledRowsNeeded(options);
  let settled = 0;
  let checked = s.fromMicros === -Infinity;
  let short = false;
  // Every row enters the windows, owned or not; only owned rows are handed out.
  const table = featureTable(options, (row, c) => {
    if (short) return;
    if (c.startMicros < s.fromMicros) {
      if (c.startMicros >= s.warmupFromMicros + need.afterMicros) settled++;
      return;
    }
    if (!checked) {
      checked = true;
      if (settled < need.rows && widerWarmup(s) !== undefined) {
        short = true;
        past.abort();
        return;
      }
    }
    if (c.startMicros >= s.toMicros) {
      beyond = true;
      if (reading >= s.ownEnd) past.abort();
      return;
    }
    rows++;
    onRow(row);
  });
  const user = options.hooks?.signal;
  const signal = user === undefined ? past.signal : AbortSignal.any([user, past.signal]);
  const tally = new OwnTally();
  const progress = options.hooks?.onProgress;
  const done = { bytesRead: 0, packets: 0 };
  let error: InputError | undefined;
  for (let i = 0; i < s.files.length && !signal.aborted; i++) {
    reading = i;
    if (i >= s.ownEnd && beyond) break;
    const own = i >= s.ownFirst && i < s.ownEnd;
    const before = { ignored: table.stats.ignored, evictions: table.stats.evictions };
    let r: PacketReadResult;
    try {
      r = await readPackets(
        s.files[i]!,
        (p) => {
          if (packetMicros(p) >= s.warmupFromMicros) table.add(p);
        },
        {
          skipBadRecords: options.skipBadRecords,
          ...options.hooks,
          signal,
          onProgress:
            progress &&
            ((p) =>
              progress({
                ...p,
                bytesRead: done.bytesRead + p.bytesRead,
                packets: done.packets + p.packets,
              })),
        },
      );
      done.bytesRead += r.sizeBytes ?? 0;
      done.packets += r.stats.packets;
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      error ??= err;
      continue;
    }
    if (r.error !== undefined) error ??= r.error;
    if (own)
      tally.add(r, table.stats.ignored - before.ignored, table.stats.evictions - before.evictions);
  }
  if (short) return extractStream(widerWarmup(s)!, onRow, options);
  if (!beyond) table.finish();
  return {
    file: s.files[s.ownFirst] ?? '',
    packets: tally.packets,
    ignoredPackets: tally.ignored,
    rows,
    skippedPackets: tally.skipped,
    evictions: tally.evictions,
    warnings: tally.warnings,
    error,
    interrupted: user?.aborted === true,
  };
}

/** The counts of the owned files. */
class OwnTally {
  packets = 0;
  ignored = 0;
  evictions = 0;
  readonly skipped: Record<string, number> = {};
  readonly warnings: string[] = [];

  add(r: PacketReadResult, ignored: number, evictions: number): void {
    this.packets += r.stats.packets;
    this.ignored += ignored;
    this.evictions += evictions;
    for (const [k, v] of Object.entries(r.stats.skips()))
      this.skipped[k] = (this.skipped[k] ?? 0) + v;
    for (const w of r.warnings) if (!r.interrupted) this.warnings.push(`${r.file}: ${w.message}`);
  }
}
