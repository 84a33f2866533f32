/**
 * A baseline (`nad baseline train`): an isolation forest of a network's normal traffic, with the
 * feature encoding it reads, its anomaly threshold, what it was trained on and the per-column
 * profiles that explain a novelty score. File layout (`.nadb`, version BASELINE_FORMAT_VERSION):
 *   bytes 0–3 "NADB"; bytes 4–7 format version, u32 little-endian; then gzip of the body:
 *   u32 header length, header JSON (BaselineHeader), then the forest's arrays, little-endian:
 *   feature (i32 × nTrees·nodes·k), coef (f32 × the same, extended forests only), value
 *   (f32 × nTrees·nodes).
 * Reading (baseline-file-read.ts) treats the bytes as untrusted, like a `.nadm` model.
 * Version 2 (the forest reads log-scaled values, src/rows/baseline-rows.ts; the header lists
 * the kinds of connection seen; the threshold comes from cross-fitted folds) replaced version 1.
 */
import { gzipSync } from 'node:zlib';
import type { IsolationForest, IsolationParams } from './iforest.js';
import type { ColumnProfile } from './rarity.js';

/** Current format version of `.nadb` files. */
export const BASELINE_FORMAT_VERSION = 2;
/** First four bytes of every baseline file. */
export const BASELINE_MAGIC = Uint8Array.of(0x4e, 0x41, 0x44, 0x42); // "NADB"

/** The anomaly threshold of a baseline and how it was chosen. */
export interface BaselineThreshold {
  /** Connections whose novelty score is at least this are novel. */
  readonly value: number;
  /** The false-alarm share it was chosen for (0.01: 1 %). */
  readonly target: number;
  /** Share of the held-out scores at least `value` (≤ target). */
  readonly holdoutShare: number;
  /**
   * Folds of the cross-fitting (baseline-fit.ts): each held-out row was scored by a forest
   * fitted on the other folds.
   */
  readonly folds: number;
  /** Training rows scored held out to choose the threshold, and rows the forest was fitted on. */
  readonly holdoutRows: number;
  readonly fitRows: number;
}

/** A kind of connection a baseline saw: protocol, service, flag, and how many connections. */
export type BaselineKind = readonly [string, string, string, number];

/** One training input of a baseline. */
export interface TrainingInput {
  /** The input's name as given (a path, or <stdin>). */
  readonly name: string;
  /** sha256 (hex) of its bytes as read (of the compressed file for gzip); null for stdin. */
  readonly sha256: string | null;
  /** Connections (feature rows) it contributed. */
  readonly connections: number;
}

/** Everything a baseline file carries besides the forest's arrays. */
export interface BaselineInfo {
  /** The model's input columns, in order. */
  readonly featureNames: readonly string[];
  /** Per column: the symbols of a categorical column by integer code, or null. */
  readonly featureCategories: readonly (readonly string[] | null)[];
  readonly threshold: BaselineThreshold;
  readonly inputs: readonly TrainingInput[];
  /** Per column: its training distribution (rarity.ts), for "why". */
  readonly profiles: readonly ColumnProfile[];
  /** The kinds of connection in the training rows (symbols as the encoding maps them). */
  readonly kinds: readonly BaselineKind[];
}

/** A loaded or freshly trained baseline. */
export interface Baseline {
  readonly forest: IsolationForest;
  readonly info: BaselineInfo;
}

/** The JSON header of a baseline body. */
export interface BaselineHeader extends BaselineInfo {
  readonly format: 'nad-baseline';
  readonly params: IsolationParams;
  readonly nFeatures: number;
  readonly psi: number;
}

/** Serialises a baseline; the same baseline always gives the same bytes. */
export function serializeBaseline(b: Baseline): Uint8Array {
  const f = b.forest;
  const { nTrees, sampleSize, extensionLevel, seed } = f.params;
  const t = b.info.threshold;
  const header: BaselineHeader = {
    format: 'nad-baseline',
    params: { nTrees, sampleSize, extensionLevel, seed }, // fixed key order: canonical bytes
    nFeatures: f.nFeatures,
    psi: f.psi,
    ...b.info,
    threshold: {
      value: t.value,
      target: t.target,
      holdoutShare: t.holdoutShare,
      folds: t.folds,
      holdoutRows: t.holdoutRows,
      fitRows: t.fitRows,
    },
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const size = 4 + json.length + 4 * (f.feature.length + f.coef.length + f.value.length);
  const body = new Uint8Array(size);
  const view = new DataView(body.buffer);
  view.setUint32(0, json.length, true);
  body.set(json, 4);
  let at = 4 + json.length;
  for (const v of f.feature) at = put(view, at, v, true);
  for (const v of f.coef) at = put(view, at, v, false);
  for (const v of f.value) at = put(view, at, v, false);
  const zipped = gzipSync(body);
  const out = new Uint8Array(8 + zipped.length);
  out.set(BASELINE_MAGIC, 0);
  new DataView(out.buffer).setUint32(4, BASELINE_FORMAT_VERSION, true);
  out.set(zipped, 8);
  return out;
}

function put(view: DataView, at: number, v: number, int: boolean): number {
  if (int) view.setInt32(at, v, true);
  else view.setFloat32(at, v, true);
  return at + 4;
}
