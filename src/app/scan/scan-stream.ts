/**
 * `nad scan --stream [--shard i/n]`: the inputs planned as sensor streams (stream-plan.ts) and
 * each stream (or this shard's part of it) scanned as one continuous capture on this thread.
 * One result per stream task, named after its files.
 */
import { InputError, UsageError } from '../../common/errors.js';
import type { ModelFile } from '../../model/serialize.js';
import { extractOnThread } from '../features/features-thread.js';
import { extractStream, type StreamRead } from '../features/stream-features.js';
import type { ReadProgress } from '../shared/read-packets.js';
import { scanSource, type ScanOptions, type ScanOutcome } from './scan-file.js';
import {
  fileAtTime,
  planStreams,
  streamTasks,
  type Shard,
  type StreamTask,
} from './stream-plan.js';

/** The stream settings of a scan. */
export interface StreamSettings {
  sensorFrom?: RegExp;
  shard?: Shard;
  /** Seconds of warm-up before a shard's files (default DEFAULT_WARMUP_SEC; Infinity: all). */
  warmupSec?: number;
}

/**
 * Scans `files` as streams; `each` receives the outcome of every task in order (an unreadable
 * file as an error). `onProgress` reports the bytes and packets read so far in all tasks.
 */
export async function scanStreams(
  files: readonly string[],
  sizes: readonly (number | undefined)[],
  model: ModelFile,
  options: ScanOptions & StreamSettings & { signal?: AbortSignal },
  each: (outcome: ScanOutcome | InputError) => void,
  onProgress?: (p: ReadProgress) => void,
): Promise<void> {
  if (files.includes('-'))
    throw new UsageError(
      '--stream and --shard order and split files; stdin is one stream already',
      {
        hint: 'scan stdin without them: tcpdump -U -w - | nad scan - --format ndjson',
      },
    );
  const { streams, errors } = await planStreams(files, options.sensorFrom, sizes);
  errors.forEach(each);
  const tasks = streamTasks(streams, options.shard, options.warmupSec);
  const done = { bytesRead: 0, packets: 0 };
  for (let t = 0; t < tasks.length && options.signal?.aborted !== true; t++) {
    const task = tasks[t]!;
    const paths = task.stream.files.map((f) => f.path).slice(task.readFirst);
    const at = (i: number): number => i - task.readFirst;
    const hooks = {
      ...options.hooks,
      signal: options.signal,
      onProgress:
        onProgress &&
        ((p: ReadProgress) => {
          last = p;
          onProgress({
            ...p,
            bytesRead: done.bytesRead + p.bytesRead,
            packets: done.packets + p.packets,
          });
        }),
    };
    let last: ReadProgress | undefined;
    const outcome = await scanSource(
      {
        name: taskName(task),
        fileAt: (start) => fileAtTime(task.stream, start),
        extract: (onRow, set) => {
          const read: StreamRead = {
            files: paths,
            ownFirst: at(task.ownFirst),
            ownEnd: at(task.ownEnd),
            fromMicros: task.fromMicros,
            toMicros: task.toMicros,
            warmupFromMicros: task.warmupFromMicros,
            // A warm-up too short for the count window reaches further back, unless none was asked.
            ...(options.warmupSec === 0
              ? {}
              : {
                  dataFromMicros: task.stream.files[task.readFirst]!.firstMicros,
                  earlier: task.stream.files.slice(0, task.readFirst),
                }),
          };
          const features = { ...options.features, set, hooks };
          return options.thread === true
            ? extractOnThread({ kind: 'stream', read }, onRow, features)
            : extractStream(read, onRow, features);
        },
      },
      model,
      options,
    );
    done.bytesRead += last?.bytesRead ?? 0;
    done.packets += last?.packets ?? 0;
    each(outcome);
  }
}

/** `first.pcap … last.pcap (stream of N files, sensor S)`. */
function taskName(task: StreamTask): string {
  const own = task.stream.files.slice(task.ownFirst, task.ownEnd);
  const span = own.length === 1 ? own[0]!.path : `${own[0]!.path} … ${own.at(-1)!.path}`;
  const sensor = task.sensor === '' ? '' : `, sensor ${task.sensor}`;
  return `${span} (stream of ${own.length} file${own.length === 1 ? '' : 's'}${sensor})`;
}
