/**
 * The data of an HTML report, made compact enough for 100,000 connections in one file: rows in
 * time order stored by column, every repeated string (file, address, service, label, why…) once
 * in a dictionary, and every distinct "profile" (the features-only part of a row: protocol,
 * service, flag, the 41 features, label, category, score, why, novelty) once — floods repeat
 * the same profile thousands of times. The same input always gives the same payload (rows are
 * sorted by start time, ties kept in input order; dictionaries in order of first use).
 */
import { KDD_FEATURE_NAMES } from '../../features/schema.js';
import type { ScanRecord } from '../../rows/scan-record.js';
import type { ScanMeta } from '../../rows/scan-meta.js';
import { FALLBACK_THRESHOLD } from '../../rows/scan-threshold.js';

/**
 * A profile: [protocol, service, flag, label, category shown (normal unless an anomaly; novel for
 * a novel verdict), why, verdict (-1: none)] as dictionary indices, then score, anomaly (0/1),
 * novelty (null: none), novelty why (-1: none), the record's own category, then the 41 features
 * (the three symbolic ones as dictionary indices).
 */
export type Profile = (number | null)[];

/** Offsets in a Profile. */
export const P = {
  protocol: 0,
  service: 1,
  flag: 2,
  label: 3,
  category: 4,
  why: 5,
  verdict: 6,
  score: 7,
  anomaly: 8,
  novelty: 9,
  noveltyWhy: 10,
  recordCategory: 11,
  features: 12,
} as const;

/** What the page's script reads. */
export interface ReportPayload {
  /** The scan's summary line, or null when the NDJSON had none (older or without --with-summary). */
  meta: ScanMeta | null;
  /** The threshold anomalies were judged by, and whether it was assumed (no summary line). */
  threshold: number;
  thresholdAssumed: boolean;
  /** Name of the report's input (an NDJSON file, or "nad scan"). */
  source: string;
  featureNames: readonly string[];
  dict: string[];
  profiles: Profile[];
  /** Start of the first row (µs since the epoch); row times are offsets from it. */
  t0: number;
  /** Columns, one entry per row (dictionary indices for file, src, dst; profile index). */
  cols: {
    t: number[];
    file: number[];
    src: number[];
    sport: number[];
    dst: number[];
    dport: number[];
    cid: string[];
    profile: number[];
  };
}

/** Interns strings into a dictionary (indices in order of first use). */
class Dict {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();

  of(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}

/** True when a record is an anomaly: its verdict (with a baseline), else score ≥ threshold. */
function isAnomaly(r: ScanRecord, threshold: number): boolean {
  return r.verdict !== undefined ? r.verdict !== 'normal' : r.score >= threshold;
}

/** The payload of `records` (any order) and the scan's summary, if known. */
export function preparePayload(
  records: readonly ScanRecord[],
  meta: ScanMeta | null,
  source: string,
): ReportPayload {
  const threshold = meta?.threshold ?? FALLBACK_THRESHOLD;
  const order = records.map((_, i) => i);
  order.sort((a, b) => records[a]!.startMicros - records[b]!.startMicros || a - b);
  const dict = new Dict();
  const profiles: Profile[] = [];
  const profileIndex = new Map<string, number>();
  const t0 = records.length > 0 ? records[order[0]!]!.startMicros : 0;
  const cols: ReportPayload['cols'] = {
    t: [],
    file: [],
    src: [],
    sport: [],
    dst: [],
    dport: [],
    cid: [],
    profile: [],
  };
  for (const i of order) {
    const r = records[i]!;
    const p = profileOf(r, threshold, dict);
    const key = JSON.stringify(p);
    let pi = profileIndex.get(key);
    if (pi === undefined) {
      pi = profiles.length;
      profiles.push(p);
      profileIndex.set(key, pi);
    }
    cols.t.push(r.startMicros - t0);
    cols.file.push(dict.of(r.file));
    cols.src.push(dict.of(r.srcAddr));
    cols.sport.push(r.srcPort);
    cols.dst.push(dict.of(r.dstAddr));
    cols.dport.push(r.dstPort);
    cols.cid.push(r.communityId ?? '');
    cols.profile.push(pi);
  }
  return {
    meta,
    threshold,
    thresholdAssumed: meta === null,
    source,
    featureNames: KDD_FEATURE_NAMES,
    dict: dict.list,
    profiles,
    t0,
    cols,
  };
}

function profileOf(r: ScanRecord, threshold: number, dict: Dict): Profile {
  const anomaly = isAnomaly(r, threshold);
  const category = !anomaly ? 'normal' : r.verdict === 'novel' ? 'novel' : r.category;
  const p: Profile = [
    dict.of(r.protocol),
    dict.of(r.service),
    dict.of(r.flag),
    dict.of(r.attackLabel),
    dict.of(category),
    dict.of(r.why),
    r.verdict === undefined ? -1 : dict.of(r.verdict),
    r.score,
    anomaly ? 1 : 0,
    r.novelty ?? null,
    r.noveltyWhy === undefined ? -1 : dict.of(r.noveltyWhy),
    dict.of(r.category),
  ];
  for (const name of KDD_FEATURE_NAMES) {
    const v = r.features[name];
    p.push(typeof v === 'string' ? dict.of(v) : typeof v === 'number' ? v : null);
  }
  return p;
}

/** JSON for a `<script type="application/json">` element: `<` escaped, so no tag can end it. */
export function embedJson(payload: unknown): string {
  return JSON.stringify(payload)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
