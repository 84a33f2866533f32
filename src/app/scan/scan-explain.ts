/**
 * A scored row of `nad scan` as a ScanRecord: its endpoints, score, class, all 41 features, and
 * `why` — the features that pushed it towards attack (or, for a normal row, back; row-why.ts).
 */
import { isoMicros, type FeatureRow } from '../../features/kdd.js';
import { KDD_FEATURE_NAMES } from '../../features/schema.js';
import { endpointCommunityId } from '../../flow/community-id.js';
import { formatHost } from '../../flow/key.js';
import type { ScanRecord } from '../../rows/scan-record.js';
import type { ScoredRow } from '../../rows/scorer.js';
import type { RowWhy } from './row-why.js';

/** Scores are reported to 4 decimals. */
export function roundScore(score: number): number {
  return Math.round(score * 1e4) / 1e4;
}

/** The record of a scored row, named as a row of `file`. */
export function toRecord(
  s: ScoredRow,
  file: string,
  why: RowWhy,
  withFeatures: boolean,
): ScanRecord {
  const row = s.row;
  const e = row.endpoints;
  return {
    file,
    startTime: isoMicros(e.startMicros),
    startMicros: e.startMicros,
    srcAddr: formatHost(e.srcHost, e.ipVersion),
    srcPort: e.srcPort,
    dstAddr: formatHost(e.dstHost, e.ipVersion),
    dstPort: e.dstPort,
    communityId: endpointCommunityId(e),
    protocol: row.symbols[0],
    service: row.symbols[1],
    flag: row.symbols[2],
    durationSec: row.numbers[0]!,
    srcBytes: row.numbers[4]!,
    dstBytes: row.numbers[5]!,
    attackLabel: s.score > 0 ? s.attackLabel : 'normal',
    category: s.score > 0 ? s.attackCategory : 'normal',
    score: roundScore(s.score),
    why: why.explain(s, row),
    features: withFeatures ? featureObject(row) : {},
  };
}

function featureObject(row: FeatureRow): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  const names = KDD_FEATURE_NAMES;
  const numbers = row.numbers;
  out[names[0]!] = numbers[0]!;
  out[names[1]!] = row.symbols[0];
  out[names[2]!] = row.symbols[1];
  out[names[3]!] = row.symbols[2];
  for (let i = 4; i < names.length; i++) out[names[i]!] = numbers[i]!;
  return out;
}
