/**
 * `nad features`: captures → connection records → KDD feature rows (kdd-features.md), one file
 * at a time (each file has its own connection table and windows). Rows stream to a callback.
 */
import type { InputError } from '../../common/errors.js';
import type { FeatureRow } from '../../features/kdd.js';
import { ExtendedExtractor, extendedInspectorFor } from '../../features/extended.js';
import type { FeatureSet } from '../../features/extended-schema.js';
import {
  DEFAULT_WINDOW_CONFIG,
  FeatureExtractor,
  inspectorFor,
  type WindowConfig,
} from '../../features/extract.js';
import { ConnectionPool, type Connection } from '../../flow/connection.js';
import { DEFAULT_FLOW_CONFIG, type FlowConfig } from '../../flow/flow-config.js';
import type { ReleaseGate } from '../../flow/release-gate.js';
import { FlowTable } from '../../flow/table.js';
import type { InputRef } from '../../io/source.js';
import { readPackets, type ReadHooks } from '../shared/read-packets.js';

/** Settings of the flow and features stages (one frozen object each). */
export interface FeaturesOptions {
  flow?: FlowConfig;
  windows?: WindowConfig;
  /** `extended`: rows carry the extended columns too (docs/extended-features.md); default kdd. */
  set?: FeatureSet;
  /**
   * true: rows come without their window columns (row-windows.ts), for a caller that applies
   * RowWindows to them in the same order (features-thread.ts); 'source': without the extended
   * set's per-source window columns only (the caller applies those). Not for streams.
   */
  deferWindows?: boolean | 'source';
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
 * Reads one capture (a path, `-` or an opened stream) and calls `onRow` for each record's feature row, in start-time order.
 * Throws InputError when the file cannot be opened or is not a capture.
 */
export async function extractFeatures(
  input: InputRef,
  onRow: (row: FeatureRow) => void,
  options: FeaturesOptions = {},
): Promise<FeaturesFileResult> {
  let rows = 0;
  const table = featureTable(options, (row) => {
    rows++;
    onRow(row);
  });
  const onIdle = options.hooks?.onIdle;
  const r = await readPackets(input, (p) => table.add(p), {
    skipBadRecords: options.skipBadRecords,
    ...options.hooks,
    // Live input gone quiet: the table's clock moves on by the wall-clock time.
    onIdle:
      onIdle &&
      ((idle) => {
        table.advanceTo(table.clockMicros + idle);
        onIdle(idle);
      }),
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

/**
 * A connection table whose records become feature rows (KDD, or KDD + extended) handed to
 * `onRow` with their connection, in start-time order (with `gate`, one table of a fan-out:
 * flow/release-gate.ts).
 */
export function featureTable(
  options: FeaturesOptions,
  onRow: (row: FeatureRow, c: Connection) => void,
  gate?: ReleaseGate,
): FlowTable {
  const extended = options.set === 'extended';
  const windows = options.windows ?? DEFAULT_WINDOW_CONFIG;
  const defer = options.deferWindows;
  const extractor = extended
    ? new ExtendedExtractor(windows, defer === true ? 'none' : defer === 'source' ? 'kdd' : 'all')
    : new FeatureExtractor(windows, defer !== true);
  return new FlowTable(
    (c) => onRow(extractor.row(c), c),
    options.flow ?? DEFAULT_FLOW_CONFIG,
    extended ? extendedInspectorFor : inspectorFor,
    new ConnectionPool(), // the extractor keeps nothing of a record once its row is made
    gate,
  );
}
