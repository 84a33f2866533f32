/**
 * Reads one input (file or stdin) through io → capture → decode and hands every decoded packet
 * to a callback. Used by every command that takes captures.
 */
import type { ReadOptions } from '../../capture/detect.js';
import { readCapture } from '../../capture/reader.js';
import type { CaptureInfo, CaptureWarning } from '../../capture/types.js';
import { DecodeStats, decodeFrame } from '../../decode/frame.js';
import { DecodedPacket } from '../../decode/packet.js';
import type { InputError } from '../../common/errors.js';
import { openSource, type ByteSource, type InputRef } from '../../io/source.js';

/** How far reading one input has got (called after every chunk of about 1 MiB). */
export interface ReadProgress {
  /** Bytes consumed from disk or stdin (compressed bytes for gzip). */
  bytesRead: number;
  /** Size on disk; undefined for stdin. */
  sizeBytes: number | undefined;
  packets: number;
}

/** Optional hooks of a read: progress reports, and a signal that stops reading early. */
export interface ReadHooks {
  onProgress?: (p: ReadProgress) => void;
  /** When aborted, reading stops at the next chunk as if the input ended there. */
  signal?: AbortSignal;
  /**
   * Awaited (when it returns a promise) before each next input chunk: lets a slow output pause
   * the reading, so memory stays bounded when stdout is a slow pipe.
   */
  outputReady?: () => Promise<void> | undefined;
  /** Called after the packets of each input chunk were delivered (live output: flush rows). */
  afterChunk?: () => void;
  /**
   * Live input: when no input has come for `idleSec` seconds (wall clock), `onIdle` is called
   * with the wall-clock microseconds since the last chunk, and again after each further wait.
   */
  idleSec?: number;
  onIdle?: (idleMicros: number) => void;
}

/** Everything known about one input after reading it. */
export interface PacketReadResult {
  file: string;
  gzip: boolean;
  sizeBytes: number | undefined;
  info: CaptureInfo;
  stats: DecodeStats;
  warnings: CaptureWarning[];
  /** Bad data that stopped reading (every packet before it was delivered). */
  error: InputError | undefined;
  /** True when `signal` stopped the read before the end of the input. */
  interrupted: boolean;
}

/**
 * Streams `input` (a path, `-` or an opened stream) and calls `onPacket` with the reused decoded packet of every frame.
 * `options.skipBadRecords`: JSON telemetry records that are bad are skipped and counted.
 */
export async function readPackets(
  input: InputRef,
  onPacket?: (p: DecodedPacket) => void,
  options: ReadOptions & ReadHooks = {},
): Promise<PacketReadResult> {
  const source = await openSource(input);
  const stats = new DecodeStats();
  const pkt = new DecodedPacket();
  const {
    onProgress,
    signal,
    outputReady,
    afterChunk,
    idleSec: _idle,
    onIdle,
    ...readOptions
  } = options;
  let interrupted = false;
  const chunks =
    onProgress === undefined &&
    signal === undefined &&
    outputReady === undefined &&
    afterChunk === undefined &&
    onIdle === undefined
      ? source.chunks
      : watched(source, stats, options, () => (interrupted = true));
  const result = await readCapture(
    chunks,
    (rec) => {
      decodeFrame(rec, pkt);
      stats.add(pkt, rec.hasTimestamp);
      if (onPacket !== undefined) onPacket(pkt);
    },
    source.name,
    readOptions,
  );
  return {
    file: source.name,
    gzip: source.gzip,
    sizeBytes: source.sizeBytes,
    stats,
    ...result,
    // Stopping mid-file looks like a file cut short to the parser; that is not the file's fault.
    warnings: interrupted
      ? result.warnings.filter((w) => !/cut short/.test(w.message))
      : result.warnings,
    interrupted,
  };
}

/**
 * The source's chunks, reporting progress after each, waiting for the output before the next,
 * and ending early when aborted.
 */
async function* watched(
  source: ByteSource,
  stats: DecodeStats,
  hooks: ReadHooks,
  onInterrupt: () => void,
): AsyncGenerator<Uint8Array> {
  for await (const chunk of idleWatched(source.chunks, hooks)) {
    if (hooks.signal?.aborted === true) {
      onInterrupt();
      return; // closes the source
    }
    yield chunk;
    hooks.afterChunk?.();
    const wait = hooks.outputReady?.();
    if (wait !== undefined) await wait;
    hooks.onProgress?.({
      bytesRead: source.bytesRead(),
      sizeBytes: source.sizeBytes,
      packets: stats.packets,
    });
  }
}

/** `chunks`, calling hooks.onIdle whenever none comes for hooks.idleSec seconds. */
async function* idleWatched(
  chunks: AsyncIterable<Uint8Array>,
  hooks: ReadHooks,
): AsyncGenerator<Uint8Array> {
  const { idleSec, onIdle } = hooks;
  if (idleSec === undefined || onIdle === undefined || !(idleSec > 0)) {
    yield* chunks;
    return;
  }
  const it = chunks[Symbol.asyncIterator]();
  try {
    for (;;) {
      const since = performance.now();
      const next = it.next();
      let r: IteratorResult<Uint8Array> | undefined;
      while (r === undefined) {
        let timer: NodeJS.Timeout | undefined;
        const idle = new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), idleSec * 1000);
        });
        r = await Promise.race([next, idle]);
        clearTimeout(timer);
        if (r === undefined) onIdle(Math.round((performance.now() - since) * 1000));
      }
      if (r.done === true) return;
      yield r.value;
    }
  } finally {
    await it.return?.();
  }
}
