/**
 * Connection records (in start-time order) → KDD rows with the extended columns
 * (docs/extended-features.md): per-packet statistics from the record's counters (flow), protocol
 * columns from its ExtendedInspector, and the per-source windows (row-windows.ts). Computed in
 * the same pass as the KDD features, which stay exactly as FeatureExtractor makes them.
 */
import type { Connection, PayloadInspector } from '../flow/connection.js';
import { AppProto } from './app-protocol.js';
import { contentFor } from './content.js';
import { ExtendedInspector } from './extended-inspector.js';
import { EXTENDED_FEATURE_COUNT } from './extended-schema.js';
import { FeatureExtractor, serviceOf } from './extract.js';
import type { FeatureRow } from './kdd.js';
import { DEFAULT_WINDOW_CONFIG, RowWindows, round6, type WindowConfig } from './row-windows.js';

/** InspectorFactory for the extended set: §6 content state plus DNS/HTTP/TLS parsers. */
export function extendedInspectorFor(c: Connection): PayloadInspector | undefined {
  const tcp = c.protocol === 'tcp';
  const content = tcp ? contentFor(serviceOf(c)) : undefined;
  const dnsPort = c.origPort === 53 || c.respPort === 53;
  if (!tcp && !dnsPort) return undefined;
  return new ExtendedInspector(content, tcp, dnsPort);
}

/** Mean and population standard deviation of n values from their sum and sum of squares. */
function meanStd(
  n: number,
  sum: number,
  sq: number,
  scale: number,
  out: Float64Array,
  at: number,
): void {
  // n ≤ 1 (most records): the general formula gives exactly these (one value: sq = sum²).
  if (n <= 1) {
    out[at] = n === 1 ? round6(sum * scale) : 0;
    out[at + 1] = 0;
    return;
  }
  const mean = sum / n;
  out[at] = round6(mean * scale);
  out[at + 1] = round6(Math.sqrt(Math.max(0, sq / n - mean * mean)) * scale);
}

/** Turns records into KDD rows with the extended columns (`row.extended`). */
export class ExtendedExtractor {
  private readonly kdd: FeatureExtractor;
  private readonly values = new Float64Array(EXTENDED_FEATURE_COUNT);
  private readonly windows: RowWindows | undefined;

  /**
   * `windows` 'none': rows come without their window columns (KDD 23–41, extended 37–48,
   * 51–52), for a caller that applies RowWindows itself (to these rows, in the same order);
   * 'kdd': without the per-source ones only.
   */
  constructor(
    config: WindowConfig = DEFAULT_WINDOW_CONFIG,
    windows: 'all' | 'kdd' | 'none' = 'all',
  ) {
    this.kdd = new FeatureExtractor(config, false);
    this.windows = windows === 'none' ? undefined : new RowWindows(config, true, windows);
  }

  /** The row of `c` (records in start-time order); reused by the next call, as FeatureExtractor's. */
  row(c: Connection): FeatureRow {
    const row = this.kdd.row(c);
    const v = this.values;
    const icmp = c.protocol === 'icmp';
    const tcp = c.protocol === 'tcp';
    v[0] = c.origPackets;
    v[1] = c.respPackets;
    if (icmp) {
      const n = c.srcBytes > 0 ? 1 : 0;
      meanStd(n, c.srcBytes, c.srcBytes * c.srcBytes, 1, v, 2);
      v[3] = c.srcBytes;
      v[4] = 0;
    } else {
      meanStd(c.origPayloadPkts, c.origPayloadSum, c.origPayloadSq, 1, v, 2);
      v[4] = v[3]!;
      v[3] = c.origPayloadMax;
    }
    meanStd(c.respPayloadPkts, c.respPayloadSum, c.respPayloadSq, 1, v, 5);
    v[7] = v[6]!;
    v[6] = c.respPayloadMax;
    const gaps = c.origPackets + c.respPackets - 1;
    meanStd(gaps, c.iatSum, c.iatSq, 1e-6, v, 8);
    v[10] = round6(c.iatMax / 1e6);
    v[11] = c.synCount;
    v[12] = c.finCount;
    v[13] = c.rstCount;
    v[14] = c.pshCount;
    v[15] = c.ackOnlyCount;
    v[16] = c.urgent;
    v[17] = tcp && c.origSynFirst && c.respSynAck ? 1 : 0;
    v[18] = tcp && (c.firstTcpFlags & 0x02) === 0 ? 1 : 0;
    v[19] = icmp ? c.icmpType : -1;
    v[20] = icmp ? c.icmpCode : -1;
    v[21] = v[22] = icmp ? Math.max(0, c.srcBytes - 8) : -1;
    const x = c.inspector instanceof ExtendedInspector ? c.inspector : undefined;
    this.protocolColumns(x, v);
    appColumns(x, v);
    row.extended = v;
    this.windows?.apply(row);
    return row;
  }

  /** DNS, HTTP and TLS columns (23–36). */
  private protocolColumns(x: ExtendedInspector | undefined, v: Float64Array): void {
    const d = x?.dns;
    v[23] = d?.nameLen ?? -1;
    v[24] = d?.labels ?? -1;
    v[25] = d === undefined || d.entropy < 0 ? -1 : round6(d.entropy);
    v[26] = d?.longestLabel ?? -1;
    v[27] = d?.qtype ?? -1;
    v[28] = d?.rcode ?? -1;
    v[29] = d?.answers ?? -1;
    const h = x?.http;
    v[30] = h?.method ?? 0;
    v[31] = h?.statusClass ?? 0;
    v[32] = h?.uriLen ?? -1;
    v[33] = h?.requests ?? 0;
    v[34] = h?.responses4xx ?? 0;
    v[35] = x?.tls?.seen ? 1 : 0;
    v[36] = x?.tls?.sniPresent ? 1 : 0;
  }
}

/**
 * app_proto and auth_failures (49–50): the protocol as HTTP, TLS and DNS parsers saw it, else as
 * app-protocol.ts recognised it; failed logins of that protocol plus HTTP 401/407 answers.
 */
function appColumns(x: ExtendedInspector | undefined, v: Float64Array): void {
  let proto: number = AppProto.none;
  if (x?.tls?.seen) proto = AppProto.tls;
  else if ((x?.http?.method ?? 0) > 0 || (x?.http?.statusClass ?? 0) > 0) proto = AppProto.http;
  else if (x?.dns !== undefined && v[27]! >= 0) proto = AppProto.dns;
  else if (x?.app !== undefined) proto = x.app.proto;
  v[49] = proto;
  v[50] = (x?.app?.authFailures ?? 0) + (x?.http?.responses401 ?? 0);
}
