/**
 * The flags of `nad scan` and how they become scan options: thresholds parsed as
 * probabilities, and the output mode (format, order, and whether rows stream file by file).
 */
import { availableParallelism } from 'node:os';
import { Flags } from '@oclif/core';
import { UsageError } from '../common/errors.js';
import type { ScanFormat } from '../report/scan-output.js';

import { FALLBACK_THRESHOLD } from '../rows/scan-threshold.js';
/** Rows the table shows by default (other formats show every anomaly). */
export const DEFAULT_TABLE_ROWS = 30;

/** The flags of `nad scan`. */
export const scanFlags = {
  model: Flags.string({
    char: 'm',
    description: 'Model file made by `nad train` (default: the shipped models/scan-default.nadm).',
  }),
  baseline: Flags.string({
    description:
      'Baseline (.nadb) made by `nad baseline train`: adds a novelty score per connection (how unlike the baseline\'s normal traffic), the rarest feature values as its "why", and a verdict — attack when the score reaches --threshold, else novel when the novelty reaches the baseline\'s own threshold, else normal. Novel connections are reported and counted as anomalies (class "novel") and fail --fail-on.',
  }),
  threshold: Flags.string({
    char: 't',
    description: `Score from which a connection is an anomaly, 0–1 (default: the threshold stored in the model — the shipped model's flags ≤ 1 % of held-out benign connections, as the summary says — or ${FALLBACK_THRESHOLD} for a model without one).`,
  }),
  all: Flags.boolean({ char: 'a', description: 'Report every connection, not only anomalies.' }),
  top: Flags.integer({
    char: 'n',
    description: `Report only the N highest-ranked connections (table default: ${DEFAULT_TABLE_ROWS}). With --baseline the ranking is the combined verdict first (attack, then novel, then normal), then the higher of score and novelty.`,
    min: 1,
  }),
  sort: Flags.string({
    description:
      'Order of the rows: score (most suspicious first — with --baseline: attack, then novel, then normal, each by the higher of score and novelty; default for table and json) or time (start time; default for ndjson and csv, which then stream file by file).',
    options: ['score', 'time'],
  }),
  format: Flags.string({
    char: 'f',
    description: 'Output: table, json (one document), ndjson or csv (one row per connection).',
    options: ['table', 'json', 'ndjson', 'csv'],
    default: 'table',
  }),
  'fail-on': Flags.string({
    description: 'Exit 1 when a connection scores at or above this (0–1).',
  }),
  'fail-on-count': Flags.integer({
    description: 'With --fail-on: exit 1 only when at least N connections reach it.',
    min: 1,
    default: 1,
  }),
  summary: Flags.boolean({
    description: 'Print the capinfos-like summary of each capture instead of scanning.',
  }),
  jobs: Flags.integer({
    char: 'j',
    description:
      'Threads (default: the number of CPU cores). Several files: that many scanned at once, one per worker thread. One capture (or one --stream) of 4 MiB or more: read and features on a worker thread while the main thread scores and writes; with 3 or more on a capture file, its connections are split by address over N − 1 worker threads (each reads every packet: worth it with more than 2 cores). The output is the same for any value. e.g. -j 1 (all on one thread)',
    min: 1,
    default: availableParallelism(),
  }),
  wide: Flags.boolean({
    description:
      'Table: draw every column in full. Without it a table wider than the terminal (or than COLUMNS, when set) drops or shortens columns to fit, in the order README "Table width" gives; piped output is never narrowed unless COLUMNS is set.',
  }),
  stream: Flags.boolean({
    description:
      "Read the files as one continuous capture (per sensor, see --sensor-from), ordered by the time of their first packet: connections and the traffic windows carry across file boundaries, as for rotated captures (tcpdump -G). Each row's file is the file whose time range holds the connection's start. With --jobs 2 or more, its features are computed on a worker thread while the main thread scores. e.g. --stream --format ndjson /var/captures/",
  }),
  'sensor-from': Flags.string({
    description:
      "With --stream: a regular expression on each file's path naming its sensor (the first capture group, else the whole match); each sensor is its own stream, sensors in name order. e.g. --sensor-from '^caps/([^/]+)/'",
  }),
  shard: Flags.string({
    description:
      'With --stream: scan only part I of N (1-based) of the files — contiguous runs of about equal bytes per sensor, each read after a warm-up of the preceding data — so that `nad merge` of the N outputs in part order equals one whole --stream scan. N alone (or auto in a Slurm array) takes I from JOB_COMPLETION_INDEX, AWS_BATCH_JOB_ARRAY_INDEX (both 0-based) or the Slurm array position. e.g. --shard 2/5',
  }),
  'warm-up': Flags.integer({
    description:
      'With --shard: seconds of the preceding data read before a part (not reported) so that its rows see the same open connections and windows as a whole scan (default 600: the 300 s per-source horizon plus the 300 s idle timeout); a part whose warm-up holds fewer than 255 connections reaches further back on its own; 0 for none. e.g. --warm-up 900',
    min: 0,
  }),
  'flush-idle': Flags.integer({
    description:
      'Live input on stdin (tcpdump -w - | nad scan -): when no packet has come for SECONDS, let time move on by the wall clock, so that connections whose timeouts have passed are closed and their rows written now rather than at the next packet. Rows of stdin are always written as soon as they are decided. e.g. --flush-idle 5',
    min: 1,
  }),
  html: Flags.string({
    description:
      'Also write the HTML report of the reported rows to this file (what `nad report` makes from saved NDJSON: header, timeline, top talkers, table, drill-down). With --all it holds every connection. Rows are then written when the scan ends rather than streamed.',
  }),
  'with-summary': Flags.boolean({
    description:
      'NDJSON: end with one {"type":"summary",…} line (inputs with size and sha256, packets, connections, anomalies, model and its sha256, threshold, nad version, command line) — the header of `nad report`. Rows have no "type" key.',
  }),
  'skip-bad-records': Flags.boolean({
    description:
      'JSON telemetry: skip records with a missing key or a bad value (counted in the summary) instead of stopping with exit 3.',
  }),
};

/** Format, order, and whether rows stream as files are scanned. */
export interface OutputMode {
  format: ScanFormat;
  sort: 'score' | 'time';
  /** NDJSON/CSV in time order without --top: rows are written as each file is scanned. */
  stream: boolean;
}

/**
 * NDJSON and CSV default to time order, so that they stream (memory stays bounded); table and
 * JSON default to score order.
 */
export function outputMode(
  formatFlag: string,
  sortFlag: string | undefined,
  top: number | undefined,
): OutputMode {
  const format = formatFlag as ScanFormat;
  const rowFormat = format === 'ndjson' || format === 'csv';
  const sort = (sortFlag ?? (rowFormat ? 'time' : 'score')) as 'score' | 'time';
  return { format, sort, stream: rowFormat && sort === 'time' && top === undefined };
}

/** Parses a 0–1 flag value; UsageError (exit 2) otherwise. */
export function probability(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const p = Number(value);
  if (value.trim() === '' || !Number.isFinite(p) || p < 0 || p > 1) {
    throw new UsageError(`${flag} must be a number between 0 and 1, got "${value}"`, {
      hint: `e.g. ${flag} 0.9`,
    });
  }
  return p;
}
