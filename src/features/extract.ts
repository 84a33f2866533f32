/**
 * Connection records (in start-time order) → KDD feature rows (kdd-features.md §3, §6–§8): basic
 * features from the record, content features from its ContentState, traffic features from the
 * 2-second and host windows (row-windows.ts), which see every row in order, the current one
 * included.
 */
import { Proto } from '../decode/packet.js';
import type { Connection, PayloadInspector } from '../flow/connection.js';
import { ContentState, contentFor, loggedInWithoutDialogue } from './content.js';
import { ExtendedInspector } from './extended-inspector.js';
import { FeatureRow } from './kdd.js';
import { DEFAULT_WINDOW_CONFIG, RowWindows, type WindowConfig } from './row-windows.js';
import { icmpService, portService } from './services.js';

export { DEFAULT_WINDOW_CONFIG, type WindowConfig } from './row-windows.js';

/** §5: the service of a record. */
export function serviceOf(c: Connection): string {
  if (c.protocol === 'icmp') return icmpService(c.icmpType, c.icmpCode, c.icmpV6);
  return portService(c.protocol, c.origPort, c.respPort);
}

/** InspectorFactory for the flow table: content state for the §6 cleartext services (TCP). */
export function inspectorFor(c: Connection): PayloadInspector | undefined {
  return c.protocol === 'tcp' ? contentFor(serviceOf(c)) : undefined;
}

/** Turns records into rows; keeps the two windows between calls (unless they are left out). */
export class FeatureExtractor {
  private readonly out = new FeatureRow();
  private readonly windows: RowWindows | undefined;

  /**
   * `withWindows` false: rows come without their window columns (23–41), for a caller that
   * applies RowWindows itself (to these rows, in the same order).
   */
  constructor(config: WindowConfig = DEFAULT_WINDOW_CONFIG, withWindows = true) {
    this.windows = withWindows ? new RowWindows(config) : undefined;
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
    this.windows?.apply(row);
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

/** The IP protocol number of a connection (KDD names ICMPv6 `icmp` too). */
function ipProtoOf(c: Connection): number {
  if (c.protocol === 'tcp') return Proto.tcp;
  if (c.protocol === 'udp') return Proto.udp;
  return c.icmpV6 ? Proto.icmpv6 : Proto.icmp;
}
