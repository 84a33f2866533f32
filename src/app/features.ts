/**
 * `nad features`: captures → connection records → KDD feature rows (kdd-features.md), one file
 * at a time (each file has its own connection table and windows). Rows stream to a callback.
 * Inputs are expanded as for `nad scan` (src/io/inputs.ts): files, directories, globs, `-`.
 */
import { InputError } from '../errors.js';
import type { FeatureRow } from '../features/kdd.js';
import {
  DEFAULT_WINDOW_CONFIG,
  FeatureExtractor,
  inspectorFor,
  type WindowConfig,
} from '../features/extract.js';
import { ConnectionPool } from '../flow/connection.js';
import { DEFAULT_FLOW_CONFIG, FlowTable, type FlowConfig } from '../flow/table.js';
import { expandInputs, type InputProblem } from '../io/inputs.js';
import { readPackets, type ReadHooks } from './read-packets.js';

/** Settings of the flow and features stages (one frozen object each). */
export interface FeaturesOptions {
  flow?: FlowConfig;
  windows?: WindowConfig;
  /** JSON telemetry: skip and count bad records instead of stopping (exit 3) at the first. */
  skipBadRecords?: boolean;
  /** Progress reports and early stop (Ctrl-C) of the read. */
  hooks?: ReadHooks;
}

/** What happened to one input. */
export interface FeaturesFileResult {
  file: string;
  packets: number;
  /** Packets that made no record: not IP, other protocols, headers cut by snaplen. */
  ignoredPackets: number;
  rows: number;
  /** Packets the decoder skipped, by reason (unsupported link type, not IP, …). */
  skippedPackets: Record<string, number>;
  /** Connections closed early because the open-connection cap was reached. */
  evictions: number;
  warnings: string[];
  /** Bad data that stopped reading (every row before it was produced). */
  error: InputError | undefined;
  /** True when the read was stopped early (options.hooks.signal). */
  interrupted: boolean;
}

/**
 * Reads one capture and calls `onRow` for each record's feature row, in start-time order.
 * Throws InputError when the file cannot be opened or is not a capture.
 */
export async function extractFeatures(
  path: string,
  onRow: (row: FeatureRow) => void,
  options: FeaturesOptions = {},
): Promise<FeaturesFileResult> {
  const extractor = new FeatureExtractor(options.windows ?? DEFAULT_WINDOW_CONFIG);
  let rows = 0;
  const table = new FlowTable(
    (c) => {
      rows++;
      onRow(extractor.row(c));
    },
    options.flow ?? DEFAULT_FLOW_CONFIG,
    inspectorFor,
    new ConnectionPool(), // the extractor keeps nothing of a record once its row is made
  );
  const r = await readPackets(path, (p) => table.add(p), {
    skipBadRecords: options.skipBadRecords,
    ...options.hooks,
  });
  table.finish();
  return {
    file: r.file,
    packets: r.stats.packets,
    ignoredPackets: table.stats.ignored,
    rows,
    skippedPackets: r.stats.skips(),
    evictions: table.stats.evictions,
    warnings: r.warnings.map((w) => w.message),
    error: r.error,
    interrupted: r.interrupted,
  };
}

/** One input after reading: its result, or the error that stopped it before its first packet. */
export type FeaturesOutcome =
  { result: FeaturesFileResult; error?: undefined } | { result?: undefined; error: InputError };

/** What `extractInputs` read: how many files, and the inputs that named none. */
export interface FeaturesInputs {
  files: number;
  problems: InputProblem[];
}

/**
 * `nad features` over command-line inputs: files, directories (walked in path order), glob
 * patterns and `-` (stdin), expanded as for `nad scan`; each file is read in turn and `onFile`
 * is called after it. A file that cannot be read or is not a capture is reported through
 * `onFile` and the next one is read.
 */
export async function extractInputs(
  inputs: readonly string[],
  onRow: (row: FeatureRow) => void,
  onFile: (outcome: FeaturesOutcome) => void,
  options: FeaturesOptions = {},
): Promise<FeaturesInputs> {
  const { files, problems } = await expandInputs(inputs);
  for (const file of files) {
    let outcome: FeaturesOutcome;
    try {
      outcome = { result: await extractFeatures(file, onRow, options) };
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      outcome = { error: err };
    }
    onFile(outcome);
  }
  return { files: files.length, problems };
}
