/**
 * One table's share of a fan-out (flow/release-gate.ts), on its worker thread: reads the whole
 * capture, keeps the connections whose addresses hash to this table and hands out their rows
 * (without window columns: those are computed after the merge, fanout-thread.ts) with the
 * connection, in this table's order.
 */
import type { FeatureRow } from '../../features/kdd.js';
import type { Connection } from '../../flow/connection.js';
import { flowOwner, type ReleaseGate } from '../../flow/release-gate.js';
import { readPackets } from '../shared/read-packets.js';
import { featureTable, type FeaturesFileResult, type FeaturesOptions } from './features.js';

/** Which share: table `index` of `tables`, agreeing through `gate`. */
export interface FanoutShare {
  index: number;
  tables: number;
  gate: ReleaseGate;
}

/**
 * The rows of share `share` of capture `path`. Counts that every table sees alike (packets, the
 * decoder's skips, warnings) are given by table 0 only, so that the shares' results add up.
 */
export async function extractShare(
  path: string,
  onRow: (row: FeatureRow, c: Connection) => void,
  options: FeaturesOptions,
  share: FanoutShare,
): Promise<FeaturesFileResult> {
  let rows = 0;
  const table = featureTable(
    { ...options, deferWindows: true },
    (row, c) => {
      rows++;
      onRow(row, c);
    },
    share.gate,
  );
  const { index, tables } = share;
  const r = await readPackets(
    path,
    (p) => (flowOwner(p, tables) === index ? table.add(p) : table.observe(p)),
    { skipBadRecords: options.skipBadRecords, ...options.hooks },
  );
  table.finish();
  const first = index === 0;
  return {
    file: r.file,
    packets: first ? r.stats.packets : 0,
    ignoredPackets: table.stats.ignored,
    rows,
    skippedPackets: first ? r.stats.skips() : {},
    evictions: table.stats.evictions,
    warnings: first ? r.warnings.map((w) => w.message) : [],
    error: r.error,
    interrupted: r.interrupted,
  };
}
