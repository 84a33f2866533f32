/**
 * `nad scan --stream`: which files make one continuous capture, in which order, and — with
 * `--shard i/n` — which part of them one process scans.
 *
 * Files are grouped by sensor (`--sensor-from REGEX` on the path: its first capture group, or
 * the whole match; files it does not match form the unnamed sensor), sensors in name order, and
 * each sensor's files ordered by the time of their first packet (then by path). Each sensor is
 * one stream: its connections and windows carry across file boundaries.
 *
 * A row's `file` is the file whose time range holds the connection's start: the last file of
 * its sensor whose first packet is at or before that start (the first file for an earlier start).
 * For captures written in time order that is the file holding the connection's first packet.
 *
 * Shards: the files of all sensors, in that order, are cut into n contiguous parts of about
 * equal bytes (a file belongs to the part holding its middle byte). A part owns the connections
 * that start in the time ranges of its files; it reads a warm-up before them (the preceding
 * files of the sensor, back to `warmupSec` before its first file) and reads on after them until
 * every connection it owns is out. Its rows are then the rows of those connections in the
 * whole scan, and the parts' outputs concatenated in part order are the whole scan's output.
 */
import { InputError } from '../../common/errors.js';
import { SOURCE_HORIZON_SEC } from '../../features/source-windows.js';
import { packetMicros } from '../../flow/connection-update.js';
import { DEFAULT_FLOW_CONFIG } from '../../flow/flow-config.js';
import { readPackets } from '../shared/read-packets.js';

/** One file of a stream. */
export interface StreamFile {
  path: string;
  /** Time of its first packet (µs since 1970); Infinity when it has none. */
  firstMicros: number;
  sizeBytes: number;
}

/** The files of one sensor, in stream order. */
export interface SensorStream {
  /** The sensor's name ('' when --sensor-from is not given or did not match). */
  sensor: string;
  files: StreamFile[];
}

/** One part of a stream for one process to scan: what it reads and which rows it owns. */
export interface StreamTask {
  sensor: string;
  /** The whole sensor stream (row `file` names come from it). */
  stream: SensorStream;
  /** Index in stream.files of the first file read (warm-up included). */
  readFirst: number;
  /** Owned files: stream.files[ownFirst … ownEnd − 1]. */
  ownFirst: number;
  ownEnd: number;
  /** Rows starting in [fromMicros, toMicros) are owned; the read stops at the first row after. */
  fromMicros: number;
  toMicros: number;
  /** Packets before this time are not read into the warm-up. */
  warmupFromMicros: number;
}

/** `--shard i/n`: part `index` (1-based, 1 … count) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/**
 * Default warm-up before a shard's first file: the 300 s horizon of the per-source count window
 * (source-count-window.ts) after the 300 s idle timeout of established TCP — a connection open
 * before the warm-up is seen within that time — so every window of an owned row holds the rows
 * of the whole scan (the KDD count window is checked by stream-features.ts).
 */
export const DEFAULT_WARMUP_SEC = SOURCE_HORIZON_SEC + DEFAULT_FLOW_CONFIG.establishedIdleSec; // 600

/**
 * Groups `files` into sensor streams, each in first-packet order. Files that cannot be read
 * are returned as errors and left out.
 */
export async function planStreams(
  files: readonly string[],
  sensorFrom: RegExp | undefined,
  sizes: readonly (number | undefined)[],
): Promise<{ streams: SensorStream[]; errors: InputError[] }> {
  const bySensor = new Map<string, StreamFile[]>();
  const errors: InputError[] = [];
  for (let i = 0; i < files.length; i++) {
    const path = files[i]!;
    let firstMicros: number;
    try {
      firstMicros = await firstPacketMicros(path);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      errors.push(err);
      continue;
    }
    const sensor = sensorOf(path, sensorFrom);
    let list = bySensor.get(sensor);
    if (list === undefined) bySensor.set(sensor, (list = []));
    list.push({ path, firstMicros, sizeBytes: sizes[i] ?? 0 });
  }
  const streams = [...bySensor.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([sensor, list]) => ({ sensor, files: list.sort(byTimeThenPath) }));
  return { streams, errors };
}

function byTimeThenPath(a: StreamFile, b: StreamFile): number {
  if (a.firstMicros !== b.firstMicros) return a.firstMicros < b.firstMicros ? -1 : 1;
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** The sensor of `path`: the first capture group of `re` (or its whole match); '' without. */
export function sensorOf(path: string, re: RegExp | undefined): string {
  const m = re?.exec(path);
  if (m === null || m === undefined) return '';
  return m[1] ?? m[0];
}

/** The time of the first packet of `path` (reads one chunk); Infinity when it has none. */
async function firstPacketMicros(path: string): Promise<number> {
  const stop = new AbortController();
  let first = Infinity;
  const r = await readPackets(
    path,
    (p) => {
      if (first !== Infinity) return;
      first = packetMicros(p);
      stop.abort();
    },
    { signal: stop.signal },
  );
  if (first === Infinity && r.error !== undefined) throw r.error;
  return first;
}

/**
 * The tasks of a scan: one per sensor stream, or with `shard` those of that part only (none
 * when the part has no files). `warmupSec`: Infinity reads every preceding file.
 */
export function streamTasks(
  streams: readonly SensorStream[],
  shard: Shard | undefined,
  warmupSec = DEFAULT_WARMUP_SEC,
): StreamTask[] {
  if (shard === undefined) {
    return streams
      .filter((s) => s.files.length > 0)
      .map((s) => task(s, 0, s.files.length, warmupSec));
  }
  const part = partOf(streams, shard.count);
  const tasks: StreamTask[] = [];
  let k = 0;
  for (const s of streams) {
    let i = 0;
    while (i < s.files.length) {
      const p = part[k + i]!;
      let j = i + 1;
      while (j < s.files.length && part[k + j] === p) j++;
      if (p === shard.index - 1) tasks.push(task(s, i, j, warmupSec));
      i = j;
    }
    k += s.files.length;
  }
  return tasks;
}

/** The part (0-based) of every file, in stream order: contiguous runs of about equal bytes. */
function partOf(streams: readonly SensorStream[], n: number): number[] {
  const files = streams.flatMap((s) => s.files);
  const bytes = files.reduce((a, f) => a + f.sizeBytes, 0);
  const weight = (f: StreamFile): number => (bytes > 0 ? f.sizeBytes : 1);
  const total = bytes > 0 ? bytes : files.length;
  let before = 0;
  return files.map((f) => {
    const middle = before + weight(f) / 2;
    before += weight(f);
    return Math.min(n - 1, Math.floor((n * middle) / total));
  });
}

/** The task owning files [first, end) of `s`. */
function task(s: SensorStream, first: number, end: number, warmupSec: number): StreamTask {
  const files = s.files;
  const fromMicros = first === 0 ? -Infinity : files[first]!.firstMicros;
  const toMicros = end === files.length ? Infinity : files[end]!.firstMicros;
  const warmupFromMicros = fromMicros - warmupSec * 1e6;
  // Preceding files whose time range reaches into the warm-up.
  let readFirst = first;
  while (readFirst > 0 && files[readFirst]!.firstMicros > warmupFromMicros) readFirst--;
  return {
    sensor: s.sensor,
    stream: s,
    readFirst,
    ownFirst: first,
    ownEnd: end,
    fromMicros,
    toMicros,
    warmupFromMicros,
  };
}

/** The `file` of a row of `stream` starting at `startMicros` (see the module comment). */
export function fileAtTime(stream: SensorStream, startMicros: number): string {
  const files = stream.files;
  let lo = 0;
  let hi = files.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (files[mid]!.firstMicros <= startMicros) lo = mid;
    else hi = mid - 1;
  }
  return files[lo]!.path;
}
