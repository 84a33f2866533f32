/**
 * The default anomaly threshold a scan model carries (issue 12): chosen when the model was made,
 * on labelled benign traffic held out from its training, as the lowest threshold that flags at
 * most a stated share of those connections. Stored in the model's metrics JSON (`scan.threshold`)
 * and validated like untrusted input when the model is loaded.
 */
import { ModelError } from '../common/errors.js';
import type { JsonValue, ModelInfo } from '../model/serialize.js';

/** The threshold of a model that carries none: more likely an attack than normal traffic. */
export const FALLBACK_THRESHOLD = 0.5;

/** A model's default threshold and what it means. */
export interface ScanThreshold {
  /** Connections scoring at least this are anomalies. */
  readonly value: number;
  /** The false-alarm share it was chosen for (0.01: 1 %). */
  readonly target: number;
  /** Share of the held-out benign connections scoring at least `value` (≤ target). */
  readonly benignShare: number;
  /** Held-out benign connections and files it was chosen on. */
  readonly connections: number;
  readonly files: number;
  /** Which traffic that was, in words (e.g. "validation benign"). */
  readonly basis: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const share = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v <= 1;
const count = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** The threshold stored in a model, null when it has none; a malformed one → ModelError. */
export function scanThresholdOf(info: Pick<ModelInfo, 'metrics'>): ScanThreshold | null {
  const scan = isObject(info.metrics) ? info.metrics.scan : undefined;
  if (scan === undefined) return null;
  const t = isObject(scan) ? scan.threshold : undefined;
  if (
    !isObject(t) ||
    !share(t.value) ||
    !share(t.target) ||
    !share(t.benignShare) ||
    !count(t.connections) ||
    !count(t.files) ||
    typeof t.basis !== 'string'
  )
    throw new ModelError('model metadata: malformed scan threshold', {
      hint: 'The model was not made by nad; remake it (models/README.md).',
    });
  return {
    value: t.value,
    target: t.target,
    benignShare: t.benignShare,
    connections: t.connections,
    files: t.files,
    basis: t.basis,
  };
}

/** The threshold a scan with `info`'s model uses unless told otherwise. */
export function defaultThreshold(info: Pick<ModelInfo, 'metrics'>): number {
  return scanThresholdOf(info)?.value ?? FALLBACK_THRESHOLD;
}

/** The metrics JSON block for `t` (merged into a model's metrics as `scan`). */
export function scanThresholdJson(t: ScanThreshold): JsonValue {
  return { threshold: { ...t } };
}

/** Percent with up to two decimals, e.g. 1 %, 0.93 %. */
const percent = (v: number): string => `${Number((v * 100).toFixed(2))} %`;

/**
 * What the threshold in use means, for the scan summary: the model's own threshold and its
 * false-alarm share, or that --threshold overrode it; undefined when the model carries none.
 */
export function thresholdNote(threshold: number, stored: ScanThreshold | null): string | undefined {
  if (stored === null) return undefined;
  const flagged = `${percent(stored.benignShare)} of ${stored.basis} connections flagged`;
  if (threshold === stored.value) return `threshold ${threshold}: ${flagged}`;
  return `threshold ${threshold} from --threshold (the model's ${stored.value}: ${flagged})`;
}

/** What a stored threshold means, in full (for the model maker's log). */
export function describeThreshold(t: ScanThreshold): string {
  return `threshold ${t.value}: ${percent(t.benignShare)} of ${t.basis} connections flagged (${t.connections} connections in ${t.files} files; chosen for ≤ ${percent(t.target)})`;
}
