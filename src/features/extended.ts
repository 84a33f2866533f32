/**
 * Connection records (in start-time order) → KDD rows with the extended columns
 * (docs/extended-features.md): per-packet statistics from the record's counters (flow), protocol
 * columns from its ExtendedInspector, and the per-source windows. Computed in the same pass as
 * the KDD features, which stay exactly as FeatureExtractor makes them.
 */
import type { Connection, PayloadInspector } from '../flow/connection.js';
import { AppProto } from './app-protocol.js';
import { contentFor } from './content.js';
import { ExtendedInspector } from './extended-inspector.js';
import { EXTENDED_FEATURE_COUNT } from './extended-schema.js';
import {
  DEFAULT_WINDOW_CONFIG,
  FeatureExtractor,
  serviceOf,
  type WindowConfig,
} from './extract.js';
import type { FeatureRow } from './kdd.js';
import { AddressIds } from './address-ids.js';
import { SourceCountWindow } from './source-count-window.js';
import {
  SourceTimeWindow,
  emptySourceCounts,
  type SourceCounts,
  type SourceEntry,
} from './source-windows.js';

/** TCP flags of a failed connection (docs/extended-features.md "failed"). */
const FAILED_FLAGS: ReadonlySet<string> = new Set(['S0', 'REJ', 'RSTO', 'RSTOS0', 'RSTR', 'SH']);

/** A failed TCP connection: a failed flag, or OTH with nothing from the responder. */
export function failedConnection(c: Connection, flag: string): boolean {
  if (c.protocol !== 'tcp') return false;
  return FAILED_FLAGS.has(flag) || (flag === 'OTH' && c.respPackets === 0);
}

/** InspectorFactory for the extended set: §6 content state plus DNS/HTTP/TLS parsers. */
export function extendedInspectorFor(c: Connection): PayloadInspector | undefined {
  const tcp = c.protocol === 'tcp';
  const content = tcp ? contentFor(serviceOf(c)) : undefined;
  const dnsPort = c.origPort === 53 || c.respPort === 53;
  if (!tcp && !dnsPort) return undefined;
  return new ExtendedInspector(content, tcp, dnsPort);
}

/** Rounds to 6 decimals (µs for seconds); whole numbers stay as they are. */
function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
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
  private readonly ids = new AddressIds();
  private readonly time = new SourceTimeWindow(this.ids);
  private readonly last = new SourceCountWindow(this.ids);
  private readonly counts = emptySourceCounts();
  private readonly entry: SourceEntry = {
    startMicros: 0, src: 0, dst: 0, dstPort: 0, failed: false, http: false, http4xx: false,
    authFail: false,
  }; // prettier-ignore

  constructor(config: WindowConfig = DEFAULT_WINDOW_CONFIG) {
    this.kdd = new FeatureExtractor(config);
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
    this.windows(c, row.symbols[2], v);
    row.extended = v;
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

  /** The per-source windows (37–48, 51–52). */
  private windows(c: Connection, flag: string, v: Float64Array): void {
    const e = this.entry;
    const ids = this.ids;
    e.startMicros = c.startMicros;
    // Address ids, held while the windows take them (IPv4 by number: no address text made).
    if (c.ipVersion === 4) {
      e.src = ids.acquire4(c.origAddr4);
      e.dst = ids.acquire4(c.respAddr4);
    } else {
      e.src = ids.acquireText(c.origHost);
      e.dst = ids.acquireText(c.respHost);
    }
    e.dstPort = c.protocol === 'icmp' ? 0 : c.respPort;
    e.failed = failedConnection(c, flag);
    e.http = v[33]! > 0;
    e.http4xx = v[34]! > 0;
    e.authFail = v[50]! > 0;
    this.time.push(e, this.counts);
    setWindow(v, 37, this.counts);
    v[51] = this.counts.authFail;
    this.last.push(e, this.counts);
    setWindow(v, 43, this.counts);
    v[52] = this.counts.authFail;
    ids.release(e.src);
    ids.release(e.dst);
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

/** Six window columns from `at`. */
function setWindow(v: Float64Array, at: number, w: SourceCounts): void {
  v[at] = w.connections;
  v[at + 1] = w.failed;
  v[at + 2] = w.dstHosts;
  v[at + 3] = w.dstPorts;
  v[at + 4] = w.sameDst;
  v[at + 5] = w.http > 0 ? round6(w.http4xx / w.http) : 0;
}
