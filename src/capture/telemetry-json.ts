/**
 * JSON packet telemetry: a top-level array of records, or one record per line (NDJSON), each
 * one packet, in file order. Records are numbered from 1.
 *
 * | key | required | value |
 * |---|---|---|
 * | `src_ip`, `dest_ip` | yes | IPv4 or IPv6 text (both the same version) |
 * | `protocol` | yes | `"TCP"`, `"UDP"`, `"ICMP"`, `"ICMPv6"` (any case) or an IP protocol number |
 * | `packet_size` | yes | bytes of the IP packet (IP header + transport header + payload) |
 * | `src_port`, `dest_port` | TCP / UDP | 0–65535 (number or decimal string); ignored otherwise |
 * | `timestamp` | no | epoch seconds (number or string, up to 9 decimals) or ISO 8601 with a zone |
 * | `tcp_flags` | no | a number (flag bits, e.g. 18 or "0x12") or letters in any order and case: F S R P A U E C, "." = A (tcpdump style: "S", "SA", "S.", "RA", "FA") |
 * | `icmp_type`, `icmp_code` | no | 0–255 (default 8 / 0: echo request) |
 *
 * - A record without `timestamp` is 1 ms after the previous record (the first at the epoch); such
 *   times count as "no timestamp" in summaries.
 * - TCP without `tcp_flags` is a plain ACK segment (0x10).
 * - The packet is rebuilt as IPv4 / IPv6 with 20-byte IP and TCP headers (UDP 8, ICMP 8), so the
 *   payload length is `packet_size` minus those; payload bytes are absent.
 * - Unknown keys are ignored; a repeated key counts with its last value. A missing required
 *   key or a bad value is an InputError naming the record (exit 3), or with `skipBadRecords`
 *   the record is skipped and counted.
 */
import { InputError } from '../common/errors.js';
import { excerpt } from '../common/sanitize.js';
import { HeaderFields, PacketSynthesizer } from './json-packet.js';
import { JsonTokenizer, type JsonHandler } from './json-stream.js';
import { epochFromNumber, parseEpoch, parseIso, type EpochTime } from './json-time.js';
import { recordToFields, type RecordValue, KEY_INDEX, KEY_COUNT, K } from './telemetry-record.js';
import {
  emptyCaptureInfo,
  newPacketRecord,
  type CaptureInfo,
  type CaptureParser,
  type CaptureWarning,
  type PacketSink,
} from './types.js';

/** A nested object or array given as a record value. */
const CONTAINER = Symbol('container');

/** Streaming telemetry reader. */
export class TelemetryParser implements CaptureParser, JsonHandler {
  readonly info: CaptureInfo = {
    ...emptyCaptureInfo('json telemetry'),
    tsResolution: 'nanoseconds',
  };
  readonly warnings: CaptureWarning[] = [];
  private readonly tok: JsonTokenizer;
  private readonly values: (RecordValue | typeof CONTAINER)[] = new Array(KEY_COUNT);
  private readonly header = new HeaderFields();
  private readonly synth = new PacketSynthesizer();
  private readonly rec = newPacketRecord();
  private depth = 0;
  /** Depth of record objects: 1 for NDJSON, 2 inside a top-level array; 0 until known. */
  private recordDepth = 0;
  private pending = -1;
  private records = 0;
  private skipped = 0;
  private recordLine = 0;
  private recordColumn = 0;
  private firstSkip = '';
  private skipWarning = 0;
  private lastTime: EpochTime = { sec: 0, nsec: -1_000_000 };

  constructor(
    private readonly sink: PacketSink,
    private readonly fileName: string,
    private readonly options: { skipBadRecords?: boolean } = {},
  ) {
    this.tok = new JsonTokenizer(this, fileName, true);
    this.rec.linkType = 101;
  }

  /** Parses the records completed in `chunk`. */
  push(chunk: Uint8Array): void {
    this.tok.push(chunk);
  }

  /** End of input. */
  end(): void {
    this.tok.end();
    const w = this.tok.replacementWarning();
    if (w !== undefined) this.warnings.push(w);
  }

  startObject(): void {
    this.depth++;
    if (this.recordDepth === 0) this.recordDepth = this.depth;
    if (this.depth === this.recordDepth) this.beginRecord();
    else if (this.depth === this.recordDepth + 1 && this.pending >= 0)
      this.values[this.pending] = CONTAINER;
  }

  endObject(): void {
    if (this.depth === this.recordDepth) this.finishRecord();
    this.depth--;
  }

  startArray(): void {
    this.depth++;
    if (this.depth === this.recordDepth + 1 && this.pending >= 0)
      this.values[this.pending] = CONTAINER;
    else if (this.recordDepth === 0 && this.depth === 1) this.recordDepth = 2;
    else if (this.depth === this.recordDepth) this.notARecord();
  }

  endArray(): void {
    this.depth--;
  }

  key(name: string): boolean {
    if (this.depth !== this.recordDepth) return false;
    this.pending = KEY_INDEX.get(name) ?? -1;
    return this.pending >= 0;
  }

  string(value: string): void {
    this.scalar(value);
  }

  number(value: number): void {
    this.scalar(value);
  }

  literal(value: boolean | null): void {
    this.scalar(value);
  }

  private scalar(value: RecordValue): void {
    if (this.depth === this.recordDepth && this.pending >= 0) this.values[this.pending] = value;
    else if (this.depth === this.recordDepth - 1 || (this.depth === 0 && this.recordDepth === 0))
      this.notARecord();
  }

  private beginRecord(): void {
    this.records++;
    this.values.fill(undefined);
    this.pending = -1;
    this.rec.fileOffset = this.tok.tokenOffset;
    this.recordLine = this.tok.line;
    this.recordColumn = this.tok.column;
  }

  private notARecord(): void {
    this.records++;
    this.rec.fileOffset = this.tok.tokenOffset;
    this.recordLine = this.tok.line;
    this.recordColumn = this.tok.column;
    this.bad('is not an object');
  }

  private finishRecord(): void {
    const v = this.values;
    const nested = v.indexOf(CONTAINER);
    if (nested >= 0)
      return this.bad(`${KEY_NAMES[nested]} must be a number or string, not an object or array`);
    const problem = recordToFields(v as RecordValue[], this.header);
    if (problem !== undefined) return this.bad(problem);
    const time = this.timeOf(v[K.timestamp] as RecordValue);
    if (typeof time === 'string') return this.bad(time);
    const built = this.synth.build(this.header);
    const rec = this.rec;
    rec.index++;
    rec.hasTimestamp = v[K.timestamp] !== undefined && v[K.timestamp] !== null;
    rec.tsSec = time.sec;
    rec.tsNsec = time.nsec;
    rec.buf = built.buf;
    rec.offset = 0;
    rec.capLen = built.capLen;
    rec.origLen = Math.max(built.capLen, this.header.ipTotalLen);
    rec.linkType = built.linkType;
    if (!this.info.linkTypes.includes(built.linkType)) this.info.linkTypes.push(built.linkType);
    this.lastTime = time;
    this.sink(rec);
  }

  /** The record's time, or 1 ms after the previous record's; a string describes a bad value. */
  private timeOf(ts: RecordValue): EpochTime | string {
    if (ts === undefined || ts === null) {
      const nsec = this.lastTime.nsec + 1_000_000;
      return { sec: this.lastTime.sec + Math.floor(nsec / 1e9), nsec: nsec % 1e9 };
    }
    const t =
      typeof ts === 'number'
        ? epochFromNumber(ts)
        : typeof ts === 'string'
          ? (parseEpoch(ts) ?? parseIso(ts))
          : undefined;
    return t ?? `timestamp ${excerpt(ts)} is neither epoch seconds nor ISO 8601 with a zone`;
  }

  private bad(reason: string): void {
    const location = {
      file: this.fileName,
      line: this.recordLine,
      column: this.recordColumn,
      recordIndex: this.records,
      byteOffset: this.rec.fileOffset,
    };
    if (!this.options.skipBadRecords)
      throw new InputError(`bad telemetry record: ${reason}`, {
        location,
        hint: 'Fix the record, or pass --skip-bad-records to skip and count bad records. Records before it were read.',
      });
    this.skipped++;
    this.info.skippedBlocks['bad telemetry records'] = this.skipped;
    if (this.skipped === 1) {
      this.firstSkip = `record ${location.recordIndex} (line ${location.line}): ${reason}`;
      this.skipWarning = this.warnings.push({ byteOffset: location.byteOffset, message: '' }) - 1;
    }
    this.warnings[this.skipWarning]!.message =
      `${this.skipped} bad telemetry record(s) skipped (--skip-bad-records); first: ${this.firstSkip}`;
  }
}

const KEY_NAMES = [...KEY_INDEX.keys()];
