/**
 * The original service's `/predict`: JSON packet telemetry (the records of
 * capture/telemetry-json.ts, an array or one object per line) → one verdict per connection.
 * The records go through the same reader, connection table, features and scorer as
 * `nad scan` (scanFile on a stream), so a verdict is exactly the scan row of that connection;
 * what the telemetry could not tell the features (no timestamps, no TCP flags, never payload
 * bytes) is listed beside the verdicts, so a degraded score is never mistaken for a full one.
 */
import type { InputError } from '../../common/errors.js';
import type { ModelFile } from '../../model/serialize.js';
import type { Baseline } from '../../model/baseline-file.js';
import type { ScanRecord, Verdict as ScanVerdict } from '../../rows/scan-record.js';
import type { ScanCache } from '../scan/row-why.js';
import { scanFile } from '../scan/scan-file.js';

/** One connection's verdict, with the original service's names for the endpoints. */
export interface Verdict {
  src_ip: string;
  src_port: number;
  dest_ip: string;
  dest_port: number;
  /** KDD protocol_type, service and flag of the connection. */
  protocol: string;
  service: string;
  flag: string;
  /** Start of the connection (ISO 8601, µs; records without timestamps start at the epoch). */
  start_time: string;
  /** Probability that the connection is an attack (1 − P(normal)), 4 decimals. */
  score: number;
  /** score ≥ threshold. */
  anomaly: boolean;
  /** The attack class and its category when anomalous, else `normal`. */
  class: string;
  category: string;
  /** The features that moved the score most, with their values (as in `nad scan`). */
  why: string;
  /**
   * With a baseline only (as `nad scan --baseline`): the novelty score, its rarest feature
   * values, and the combined verdict; a novel connection is an anomaly of class `novel`.
   */
  novelty?: number;
  novelty_why?: string;
  verdict?: ScanVerdict;
}

/** A feature group the telemetry could not supply, and what that does to the score. */
export interface TelemetryGap {
  field: string;
  effect: string;
}

/** What `/predict` answers. */
export interface PredictResult {
  threshold: number;
  /** Telemetry records read. */
  records: number;
  verdicts: Verdict[];
  degraded: { note: string; missing: TelemetryGap[] };
  warnings: string[];
}

/** What else a prediction may use. */
export interface PredictOptions {
  /** Memos shared by the requests to one model (a server's). */
  cache?: ScanCache;
  /** A baseline of normal traffic: novelty scores and the combined verdict. */
  baseline?: Baseline;
}

/** The gaps every telemetry record has, and those of records without the optional keys. */
const GAPS = {
  payload: {
    field: 'payload bytes',
    effect:
      'telemetry carries sizes, not payloads: the content features (hot, num_failed_logins, logged_in, num_compromised, …) are 0',
  },
  timestamp: {
    field: 'timestamp',
    effect:
      'records without one are taken 1 ms apart in body order: duration and the 2-second window features (count, srv_count, serror_rate, …) reflect that, not real time',
  },
  tcpFlags: {
    field: 'tcp_flags',
    effect:
      'TCP records without them are taken as plain ACK segments: no handshake or teardown is seen, so flag is OTH and the SYN/RST error rates are 0',
  },
} as const satisfies Record<string, TelemetryGap>;

/** The gaps of these (schema-checked) records: payload always, the optional keys when absent. */
export function telemetryGaps(records: readonly Record<string, unknown>[]): TelemetryGap[] {
  const gaps: TelemetryGap[] = [GAPS.payload];
  const given = (v: unknown): boolean => v !== undefined && v !== null;
  if (records.some((r) => !given(r.timestamp))) gaps.push(GAPS.timestamp);
  const tcp = (r: Record<string, unknown>): boolean =>
    r.protocol === 6 || (typeof r.protocol === 'string' && r.protocol.toLowerCase() === 'tcp');
  if (records.some((r) => tcp(r) && !given(r.tcp_flags))) gaps.push(GAPS.tcpFlags);
  return gaps;
}

/** The verdicts of a telemetry body and the reader's warnings; a bad record as `error`. */
export interface ScoredTelemetry {
  verdicts: Verdict[];
  warnings: string[];
  error: InputError | undefined;
}

/**
 * Scores the telemetry in `body` (the bytes as received) with `model`: the part of a prediction
 * that does not need the parsed records (a `nad serve` worker thread runs it). A bad record is
 * returned as `error` (an InputError naming the record and key), never thrown.
 */
export async function scoreTelemetry(
  body: Uint8Array,
  model: ModelFile,
  threshold: number,
  more: PredictOptions = {},
): Promise<ScoredTelemetry> {
  const verdicts: Verdict[] = [];
  const { result, error } = await scanFile({ name: 'body', stream: once(body) }, model, {
    threshold,
    all: true,
    failOn: undefined,
    cache: more.cache,
    baseline: more.baseline,
    recordFeatures: false,
    onRecord: (r) => verdicts.push(verdict(r, threshold)),
  });
  return { verdicts, warnings: result.warnings, error };
}

/** The answer for `records` (the body parsed, schema-checked) scored as `scored`. */
export function predictResult(
  records: readonly Record<string, unknown>[],
  threshold: number,
  scored: ScoredTelemetry,
): PredictResult {
  const gaps = telemetryGaps(records);
  return {
    threshold,
    records: records.length,
    verdicts: scored.verdicts,
    degraded: {
      note: `scores from telemetry are degraded: ${gaps.map((g) => g.field).join(', ')} not supplied (see missing)`,
      missing: gaps,
    },
    warnings: scored.warnings,
  };
}

/**
 * Scores the telemetry in `body` (the bytes as received) with `model`, in this thread. `records`
 * are the same records parsed (for the gaps). A bad record is returned as `error` (an
 * InputError naming the record and key), never thrown.
 */
export async function predictTelemetry(
  body: Uint8Array,
  records: readonly Record<string, unknown>[],
  model: ModelFile,
  threshold: number,
  more: PredictOptions = {},
): Promise<{ result: PredictResult; error: InputError | undefined }> {
  const scored = await scoreTelemetry(body, model, threshold, more);
  return { result: predictResult(records, threshold, scored), error: scored.error };
}

function verdict(r: ScanRecord, threshold: number): Verdict {
  const anomaly = r.verdict === undefined ? r.score >= threshold : r.verdict !== 'normal';
  const v: Verdict = {
    src_ip: r.srcAddr,
    src_port: r.srcPort,
    dest_ip: r.dstAddr,
    dest_port: r.dstPort,
    protocol: r.protocol,
    service: r.service,
    flag: r.flag,
    start_time: r.startTime,
    score: r.score,
    anomaly,
    class: anomaly ? r.attackLabel : 'normal',
    category: anomaly ? r.category : 'normal',
    why: r.why,
  };
  if (r.verdict !== undefined) {
    v.novelty = r.novelty;
    v.novelty_why = r.noveltyWhy;
    v.verdict = r.verdict;
  }
  return v;
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}
