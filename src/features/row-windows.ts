/**
 * The window columns of feature rows, computed from the rows themselves: KDD's 2-second and
 * 255-connection windows (§7, §8: columns 23–41) and, for the extended set, the per-source
 * windows (docs/extended-features.md: extended columns 37–48, 51, 52). Every value they need is
 * in a row whose other columns are filled — start time, hosts, ports, protocol, service and flag,
 * the responder's packet count, HTTP counts and login failures — so the windows can run as a
 * stage of their own, on the thread that makes the rows or on the one that receives them
 * (features-thread.ts), with the same result as long as they see the rows in the same order.
 */
import { AddressIds } from './address-ids.js';
import { rate, type FeatureRow } from './kdd.js';
import { SourceCountWindow } from './source-count-window.js';
import {
  SourceTimeWindow,
  emptySourceCounts,
  type SourceCounts,
  type SourceEntry,
} from './source-windows.js';
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

/** TCP flags of a failed connection (docs/extended-features.md "failed"). */
const FAILED_FLAGS: ReadonlySet<string> = new Set(['S0', 'REJ', 'RSTO', 'RSTOS0', 'RSTR', 'SH']);

/** A failed TCP connection: a failed flag, or OTH with no packet from the responder. */
export function failedFlag(protocol: string, flag: string, respPackets: number): boolean {
  if (protocol !== 'tcp') return false;
  return FAILED_FLAGS.has(flag) || (flag === 'OTH' && respPackets === 0);
}

/**
 * Which windows a RowWindows fills: all, the KDD ones (23–41) only, or the extended set's
 * per-source ones only — two stages that can run on two threads, each seeing every row in order.
 */
export type WindowPart = 'all' | 'kdd' | 'source';

/** Fills the window columns of rows given in start-time order; keeps the windows between calls. */
export class RowWindows {
  private readonly time: TimeWindow;
  private readonly host: CountWindow;
  private readonly w2 = emptyCounts();
  private readonly wh = emptyCounts();
  /** The windows' view of the current row (they copy it). */
  private readonly entry: Mutable<WindowEntry> = {
    startMicros: 0,
    dstHost: '',
    service: '',
    srcPort: 0,
    error: 0,
  };
  private readonly source: SourceWindows | undefined;
  private readonly kdd: boolean;

  /**
   * `extended`: the per-source windows of the extended set too (rows carry `extended`), unless
   * `part` leaves them out; `part` 'source': those only.
   */
  constructor(
    private readonly config: WindowConfig = DEFAULT_WINDOW_CONFIG,
    extended = false,
    part: WindowPart = 'all',
  ) {
    this.time = new TimeWindow(config.timeWindowSec * 1e6);
    this.host = new CountWindow(config.hostWindowRecords);
    this.source = extended && part !== 'kdd' ? new SourceWindows() : undefined;
    this.kdd = part !== 'source';
  }

  /** Sets the window columns of `row` (the next row in start-time order). */
  apply(row: FeatureRow): void {
    if (this.kdd) this.applyKdd(row);
    this.source?.apply(row);
  }

  /** The KDD window columns of `row`. */
  private applyKdd(row: FeatureRow): void {
    const e = row.endpoints;
    const [protocol, service, flag] = row.symbols;
    const entry = this.entry;
    entry.startMicros = e.startMicros;
    entry.dstHost = e.dstHost;
    entry.service = service;
    entry.srcPort = protocol === 'icmp' ? 0 : e.srcPort;
    entry.error = errorClass(flag);
    this.time.push(entry, this.w2);
    this.host.push(entry, this.wh);
    const n = row.numbers;
    setTimeFeatures(n, this.w2, this.config.timeCountCap);
    setHostFeatures(n, this.wh, this.config.hostCountCap);
  }
}

/** The per-source windows of the extended set (columns 37–48, 51–52). */
class SourceWindows {
  private readonly ids = new AddressIds();
  private readonly time = new SourceTimeWindow(this.ids);
  private readonly last = new SourceCountWindow(this.ids);
  private readonly counts = emptySourceCounts();
  private readonly entry: SourceEntry = {
    startMicros: 0, src: 0, dst: 0, dstPort: 0, failed: false, http: false, http4xx: false,
    authFail: false,
  }; // prettier-ignore

  apply(row: FeatureRow): void {
    const v = row.extended!;
    const ep = row.endpoints;
    const protocol = row.symbols[0];
    const e = this.entry;
    const ids = this.ids;
    e.startMicros = ep.startMicros;
    // Address ids, held while the windows take them (IPv4 by number: packed text is 2 units).
    if (ep.ipVersion === 4) {
      e.src = ids.acquire4((ep.srcHost.charCodeAt(0) << 16) | ep.srcHost.charCodeAt(1));
      e.dst = ids.acquire4((ep.dstHost.charCodeAt(0) << 16) | ep.dstHost.charCodeAt(1));
    } else {
      e.src = ids.acquireText(ep.srcHost);
      e.dst = ids.acquireText(ep.dstHost);
    }
    e.dstPort = protocol === 'icmp' ? 0 : ep.dstPort;
    e.failed = failedFlag(protocol, row.symbols[2], v[1]!);
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

/** Six window columns from `at`. */
function setWindow(v: Float64Array, at: number, w: SourceCounts): void {
  v[at] = w.connections;
  v[at + 1] = w.failed;
  v[at + 2] = w.dstHosts;
  v[at + 3] = w.dstPorts;
  v[at + 4] = w.sameDst;
  v[at + 5] = w.http > 0 ? round6(w.http4xx / w.http) : 0;
}

/** Rounds to 6 decimals (µs for seconds); whole numbers stay as they are. */
export function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
