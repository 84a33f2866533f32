/**
 * Connection records (in start-time order) → KDD feature rows (kdd-features.md §3, §6–§8): basic
 * features from the record, content features from its ContentState, traffic features from the
 * 2-second and host windows, which see every record in order, the current one included.
 */
import { Proto } from '../decode/packet.js';
import type { Connection, PayloadInspector } from '../flow/connection.js';
import { ContentState, contentFor, loggedInWithoutDialogue } from './content.js';
import { ExtendedInspector } from './extended-inspector.js';
import { FeatureRow, rate } from './kdd.js';
import { icmpService, portService } from './services.js';
import {
  CountWindow,
  TimeWindow,
  emptyCounts,
  errorClass,
  type WindowCounts,
  type WindowEntry,
} from './windows.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Window settings (§7, §8). */
export interface WindowConfig {
  readonly timeWindowSec: number;
  readonly hostWindowRecords: number;
  /** Caps of count / srv_count (§7) and of dst_host_count / dst_host_srv_count (§8). */
  readonly timeCountCap: number;
  readonly hostCountCap: number;
}

/** §7/§8 defaults: 2 s, 255 records, caps 511 and 255. */
export const DEFAULT_WINDOW_CONFIG: WindowConfig = Object.freeze({
  timeWindowSec: 2,
  hostWindowRecords: 255,
  timeCountCap: 511,
  hostCountCap: 255,
});

/** §5: the service of a record. */
export function serviceOf(c: Connection): string {
  if (c.protocol === 'icmp') return icmpService(c.icmpType, c.icmpCode, c.icmpV6);
  return portService(c.protocol, c.origPort, c.respPort);
}

/** InspectorFactory for the flow table: content state for the §6 cleartext services (TCP). */
export function inspectorFor(c: Connection): PayloadInspector | undefined {
  return c.protocol === 'tcp' ? contentFor(serviceOf(c)) : undefined;
}

/** Turns records into rows; keeps the two windows between calls. */
export class FeatureExtractor {
  private readonly time: TimeWindow;
  private readonly host: CountWindow;
  private readonly w2 = emptyCounts();
  private readonly wh = emptyCounts();
  private readonly out = new FeatureRow();
  /** The windows' view of the current record (they copy it). */
  private readonly entry: Mutable<WindowEntry> = {
    startMicros: 0,
    dstHost: '',
    service: '',
    srcPort: 0,
    error: 0,
  };

  constructor(private readonly config: WindowConfig = DEFAULT_WINDOW_CONFIG) {
    this.time = new TimeWindow(config.timeWindowSec * 1e6);
    this.host = new CountWindow(config.hostWindowRecords);
  }

  /**
   * The row of `c`; records must be given in start-time order (flow table output order). The
   * returned row is reused by the next call (copy it with `cloneRow` to keep it).
   */
  row(c: Connection): FeatureRow {
    const row = this.out;
    const service = serviceOf(c);
    const flag = c.flag();
    row.symbols[0] = c.protocol;
    row.symbols[1] = service;
    row.symbols[2] = flag;
    const n = row.numbers;
    n[0] = c.durationSec();
    n[4] = c.srcBytes;
    n[5] = c.dstBytes;
    n[6] = c.land ? 1 : 0;
    n[7] = c.wrongFragment;
    n[8] = c.urgent;
    setContent(n, c, service, flag);
    const entry = this.entry;
    entry.startMicros = c.startMicros;
    entry.dstHost = c.respHost;
    entry.service = service;
    entry.srcPort = c.protocol === 'icmp' ? 0 : c.origPort;
    entry.error = errorClass(flag);
    this.time.push(entry, this.w2);
    this.host.push(entry, this.wh);
    setTimeFeatures(n, this.w2, this.config.timeCountCap);
    setHostFeatures(n, this.wh, this.config.hostCountCap);
    const e = row.endpoints;
    e.startMicros = c.startMicros;
    e.ipVersion = c.ipVersion;
    e.srcHost = c.origHost;
    e.dstHost = c.respHost;
    e.srcPort = c.origPort;
    e.dstPort = c.respPort;
    e.ipProto = ipProtoOf(c);
    e.icmpType = c.icmpType;
    e.icmpCode = c.icmpCode;
    return row;
  }
}

/** §6 features 10–22 (0-based 9–21); num_outbound_cmds and is_host_login stay 0. */
function setContent(n: Float64Array, c: Connection, service: string, flag: string): void {
  const x = c.inspector;
  const s = x instanceof ContentState ? x : x instanceof ExtendedInspector ? x.content : undefined;
  const loggedIn = (s?.loggedIn ?? false) || loggedInWithoutDialogue(service, flag, c);
  n[9] = s?.hot ?? 0;
  n[10] = s?.failedLogins ?? 0;
  n[11] = loggedIn ? 1 : 0;
  n[12] = s?.compromised ?? 0;
  n[13] = s?.rootShell ? 1 : 0;
  n[14] = s?.suAttempted ?? 0;
  n[15] = s?.numRoot ?? 0;
  n[16] = s?.fileCreations ?? 0;
  n[17] = s?.shells ?? 0;
  n[18] = s?.accessFiles ?? 0;
  n[19] = 0;
  n[20] = 0;
  n[21] = s?.guest ? 1 : 0;
}

/** §7 features 23–31 (0-based 22–30). Rates use the uncapped counts as denominators. */
function setTimeFeatures(n: Float64Array, w: WindowCounts, cap: number): void {
  n[22] = Math.min(w.hostN, cap);
  n[23] = Math.min(w.serviceN, cap);
  n[24] = rate(w.hostSynErrors, w.hostN);
  n[25] = rate(w.serviceSynErrors, w.serviceN);
  n[26] = rate(w.hostRejErrors, w.hostN);
  n[27] = rate(w.serviceRejErrors, w.serviceN);
  n[28] = rate(w.hostSameService, w.hostN);
  n[29] = w.hostDistinctServices > 1 ? rate(w.hostDistinctServices, w.hostN) : 0;
  n[30] = w.serviceDistinctHosts > 1 ? rate(w.serviceDistinctHosts, w.serviceN) : 0;
}

/** §8 features 32–41 (0-based 31–40). */
function setHostFeatures(n: Float64Array, w: WindowCounts, cap: number): void {
  n[31] = Math.min(w.hostN, cap);
  n[32] = Math.min(w.serviceN, cap);
  n[33] = rate(w.hostSameService, w.hostN);
  n[34] = w.hostDistinctServices > 1 ? rate(w.hostDistinctServices, w.hostN) : 0;
  n[35] = rate(w.hostSameSrcPort, w.hostN);
  n[36] = w.serviceDistinctHosts > 1 ? rate(w.serviceDistinctHosts, w.serviceN) : 0;
  n[37] = rate(w.hostSynErrors, w.hostN);
  n[38] = rate(w.serviceSynErrors, w.serviceN);
  n[39] = rate(w.hostRejErrors, w.hostN);
  n[40] = rate(w.serviceRejErrors, w.serviceN);
}

/** The IP protocol number of a connection (KDD names ICMPv6 `icmp` too). */
function ipProtoOf(c: Connection): number {
  if (c.protocol === 'tcp') return Proto.tcp;
  if (c.protocol === 'udp') return Proto.udp;
  return c.icmpV6 ? Proto.icmpv6 : Proto.icmp;
}
