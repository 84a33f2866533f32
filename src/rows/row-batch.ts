/**
 * A batch of feature rows stored flat (typed arrays and string slots) instead of one FeatureRow
 * object per row: the scorer keeps a batch until it is scored, and most rows are only counted,
 * never reported, so a FeatureRow is rebuilt only for the rows someone asks for (streamed NDJSON
 * and CSV lines read the fields directly: report/scan-line-writer.ts).
 */
import { Buffer } from 'node:buffer';
import { communityInput, packCommunityInput } from '../flow/community-id.js';
import { sha1Base64Bytes } from './sha1.js';
import { FeatureRow, type RecordEndpoints } from '../features/kdd.js';
import { KDD_FEATURE_COUNT } from '../features/schema.js';
import { EXTENDED_FEATURE_COUNT } from '../features/extended-schema.js';

/** Flat storage of up to `capacity` rows. */
export class RowBatch {
  /** The 41 numbers of row i at i × KDD_FEATURE_COUNT (symbolic columns NaN). */
  readonly numbers: Float64Array;
  /** protocol_type, service and flag of row i at 3i, 3i + 1, 3i + 2. */
  readonly symbols: string[];
  private readonly labels: string[];
  /** Endpoints of row i (RecordEndpoints, stored by field). */
  readonly startMicros: Float64Array;
  readonly ipVersion: Uint8Array;
  readonly srcHost: string[];
  readonly dstHost: string[];
  readonly srcPort: Int32Array;
  readonly dstPort: Int32Array;
  /** IP protocol, ICMP type and ICMP code of row i (for its Community ID). */
  readonly ipProto: Uint8Array;
  readonly icmpType: Uint8Array;
  readonly icmpCode: Uint8Array;
  /** The extended columns of row i at i × EXTENDED_FEATURE_COUNT (allocated when first met). */
  private extended: Float64Array | undefined = undefined;

  constructor(private readonly capacity: number) {
    this.numbers = new Float64Array(capacity * KDD_FEATURE_COUNT);
    this.symbols = new Array<string>(capacity * 3).fill('');
    this.labels = new Array<string>(capacity).fill('');
    this.startMicros = new Float64Array(capacity);
    this.ipVersion = new Uint8Array(capacity);
    this.srcHost = new Array<string>(capacity).fill('');
    this.dstHost = new Array<string>(capacity).fill('');
    this.srcPort = new Int32Array(capacity);
    this.dstPort = new Int32Array(capacity);
    this.ipProto = new Uint8Array(capacity);
    this.icmpType = new Uint8Array(capacity);
    this.icmpCode = new Uint8Array(capacity);
  }

  /** Stores `row` at position `i` (the row object may be reused by its producer afterwards). */
  put(i: number, row: FeatureRow): void {
    this.numbers.set(row.numbers, i * KDD_FEATURE_COUNT);
    this.symbols[i * 3] = row.symbols[0];
    this.symbols[i * 3 + 1] = row.symbols[1];
    this.symbols[i * 3 + 2] = row.symbols[2];
    this.labels[i] = row.label;
    if (row.extended !== undefined) {
      this.extended ??= new Float64Array(this.capacity * EXTENDED_FEATURE_COUNT);
      this.extended.set(row.extended, i * EXTENDED_FEATURE_COUNT);
    }
    const e = row.endpoints;
    this.startMicros[i] = e.startMicros;
    this.ipVersion[i] = e.ipVersion;
    this.srcHost[i] = e.srcHost;
    this.dstHost[i] = e.dstHost;
    this.srcPort[i] = e.srcPort;
    this.dstPort[i] = e.dstPort;
    this.ipProto[i] = e.ipProto;
    this.icmpType[i] = e.icmpType;
    this.icmpCode[i] = e.icmpCode;
  }

  /** The extended columns of every row (EXTENDED_FEATURE_COUNT a row), if rows carry them. */
  get extendedValues(): Float64Array | undefined {
    return this.extended;
  }

  /** Start time (µs) of row `i`. */
  start(i: number): number {
    return this.startMicros[i]!;
  }

  /** The Community ID (v1, seed 0) of row `i`'s connection. */
  communityId(i: number): string {
    return `1:${Buffer.from(this.communityIdBase64(i)).toString('latin1')}`;
  }

  /**
   * The Community ID of row `i` after its `1:`, as ASCII bytes in a reused array (valid until
   * the next call): flow/community-id.ts's
   * packedCommunityId of the row without a string (tested).
   */
  communityIdBase64(i: number): Uint8Array {
    const n = packCommunityInput(
      this.ipProto[i]!,
      this.srcHost[i]!,
      this.srcPort[i]!,
      this.dstHost[i]!,
      this.dstPort[i]!,
      this.icmpType[i]!,
      this.icmpCode[i]!,
    );
    return sha1Base64Bytes(communityInput, n);
  }

  /** The endpoints of row `i`, as a new object. */
  endpoints(i: number): RecordEndpoints {
    return {
      startMicros: this.startMicros[i]!,
      ipVersion: this.ipVersion[i]!,
      srcHost: this.srcHost[i]!,
      srcPort: this.srcPort[i]!,
      dstHost: this.dstHost[i]!,
      dstPort: this.dstPort[i]!,
      ipProto: this.ipProto[i]!,
      icmpType: this.icmpType[i]!,
      icmpCode: this.icmpCode[i]!,
    };
  }

  /** A new FeatureRow holding row `i`. */
  row(i: number): FeatureRow {
    const row = new FeatureRow();
    row.numbers.set(this.numbers.subarray(i * KDD_FEATURE_COUNT, (i + 1) * KDD_FEATURE_COUNT));
    row.symbols[0] = this.symbols[i * 3]!;
    row.symbols[1] = this.symbols[i * 3 + 1]!;
    row.symbols[2] = this.symbols[i * 3 + 2]!;
    row.label = this.labels[i]!;
    if (this.extended !== undefined) {
      const at = i * EXTENDED_FEATURE_COUNT;
      row.extended = this.extended.slice(at, at + EXTENDED_FEATURE_COUNT);
    }
    row.endpoints = this.endpoints(i);
    return row;
  }
}
