/**
 * Classic libpcap files: 24-byte global header, then 16-byte record headers + data.
 * Four magics: a1b2c3d4 (µs) and a1b23c4d (ns), each stored little- or big-endian.
 * Versions 2.0 to 2.4 are read as libpcap reads them (sf-pcap.c): before 2.3 a record header
 * held the original length before the captured length; 2.3 files were written in either order,
 * so their two fields are swapped when the first exceeds the second. Any other version (major
 * not 2, or 2.5 and later, which libpcap refuses) is an InputError.
 *
 * Record-length policy (libpcap's, made explicit):
 * - caplen > 256 KiB: the length field is corrupt and the stream cannot be resynchronised →
 *   InputError after every record before it has been delivered.
 * - caplen > snaplen (but ≤ 256 KiB): kept whole, with one warning; some writers set a small
 *   snaplen in the header and write longer records anyway, and the bytes are real.
 * - caplen > origlen: origLen is raised to caplen, with one warning; a frame cannot have been
 *   shorter on the wire than what was captured of it.
 * - a timestamp fraction of a second or more (corrupt): carried into the seconds, with one
 *   warning, so tsNsec stays in 0 … 999,999,999.
 */
import { InputError } from '../common/errors.js';
import { ChunkedParser } from './chunked.js';
import {
  MAX_RECORD_BYTES,
  emptyCaptureInfo,
  newPacketRecord,
  type CaptureInfo,
  type PacketSink,
} from './types.js';

const MAGIC_US = 0xa1b2c3d4;
const MAGIC_NS = 0xa1b23c4d;
const GLOBAL_HEADER = 24;
const RECORD_HEADER = 16;

// Order of the two length fields of a record header, by version (libpcap's lengths_swapped):
/** 2.4: captured length, then original length. */
const CAPTURED_FIRST = 0;
/** 2.0–2.2: original length first. */
const ORIGINAL_FIRST = 1;
/** 2.3: either; the fields are swapped when the first exceeds the second. */
const EITHER_ORDER = 2;

/** True if the first 4 bytes are one of the four classic pcap magics. */
export function isPcapMagic(head: Uint8Array): boolean {
  if (head.length < 4) return false;
  const dv = new DataView(head.buffer, head.byteOffset, 4);
  const le = dv.getUint32(0, true);
  const be = dv.getUint32(0, false);
  return le === MAGIC_US || le === MAGIC_NS || be === MAGIC_US || be === MAGIC_NS;
}

/** Streaming pcap parser delivering records to `sink`. */
export class PcapParser extends ChunkedParser {
  readonly info: CaptureInfo = { ...emptyCaptureInfo('pcap'), sections: 1, interfaces: 1 };
  private headerDone = false;
  private little = true;
  private nanos = false;
  private snaplen = 0;
  private linkType = 0;
  private lengthOrder = CAPTURED_FIRST;
  private readonly rec = newPacketRecord();

  constructor(
    private readonly sink: PacketSink,
    private readonly fileName: string,
  ) {
    super();
  }

  protected parse(buf: Uint8Array, base: number): number {
    let pos = 0;
    if (!this.headerDone) {
      if (buf.length < GLOBAL_HEADER) return 0;
      this.readGlobalHeader(new DataView(buf.buffer, buf.byteOffset, GLOBAL_HEADER));
      pos = GLOBAL_HEADER;
    }
    const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    const le = this.little;
    const order = this.lengthOrder;
    const rec = this.rec;
    rec.buf = buf;
    // Hot loop: one DataView for the whole chunk, one reused record object.
    while (buf.length - pos >= RECORD_HEADER) {
      const tsSec = dv.getUint32(pos, le);
      const tsFrac = dv.getUint32(pos + 4, le);
      let capLen = dv.getUint32(pos + 8, le);
      let origLen = dv.getUint32(pos + 12, le);
      if (order !== CAPTURED_FIRST && (order === ORIGINAL_FIRST || capLen > origLen)) {
        const first = capLen;
        capLen = origLen;
        origLen = first;
      }
      if (capLen > MAX_RECORD_BYTES) this.badLength(base + pos, capLen);
      if (buf.length - pos - RECORD_HEADER < capLen) break;
      if (capLen > this.snaplen || origLen < capLen) {
        ({ capLen, origLen } = this.checkLengths(base + pos, capLen, origLen));
      }
      rec.index++;
      rec.tsSec = tsSec;
      rec.tsNsec = this.nanos ? tsFrac : tsFrac * 1000;
      if (rec.tsNsec >= 1e9) this.carryFraction(base + pos, tsFrac);
      rec.capLen = capLen;
      rec.origLen = origLen;
      rec.fileOffset = base + pos;
      rec.offset = pos + RECORD_HEADER;
      this.sink(rec);
      pos += RECORD_HEADER + capLen;
    }
    return pos;
  }

  protected override onTruncated(offset: number, left: number): void {
    if (!this.headerDone) {
      throw new InputError(`pcap file header cut short (${left} of 24 bytes)`, {
        location: { file: this.fileName, byteOffset: offset },
        hint: 'The file ends before the end of its 24-byte global header.',
      });
    }
    super.onTruncated(offset, left);
  }

  private readGlobalHeader(dv: DataView): void {
    const magicLe = dv.getUint32(0, true);
    this.little = magicLe === MAGIC_US || magicLe === MAGIC_NS;
    const magic = dv.getUint32(0, this.little);
    this.nanos = magic === MAGIC_NS;
    const major = dv.getUint16(4, this.little);
    const minor = dv.getUint16(6, this.little);
    if (major !== 2 || minor > 4) {
      this.stopped = true;
      throw new InputError(`unsupported pcap version ${major}.${minor} (expected 2.0 to 2.4)`, {
        location: { file: this.fileName, byteOffset: 4 },
        hint: 'Only libpcap format versions 2.0 to 2.4 are read, as libpcap reads them.',
      });
    }
    this.lengthOrder = minor < 3 ? ORIGINAL_FIRST : minor === 3 ? EITHER_ORDER : CAPTURED_FIRST;
    this.snaplen = dv.getUint32(16, this.little);
    // The link-type field's upper bits carry FCS information (LINKTYPE_* is the low 16 bits).
    this.linkType = dv.getUint32(20, this.little) & 0xffff;
    Object.assign(this.info, {
      byteOrder: this.little ? 'little' : 'big',
      tsResolution: this.nanos ? 'nanoseconds' : 'microseconds',
      version: `${major}.${minor}`,
      snaplen: this.snaplen,
      linkTypes: [this.linkType],
    });
    this.rec.linkType = this.linkType;
    this.headerDone = true;
  }

  private badLength(offset: number, capLen: number): never {
    this.stopped = true;
    throw new InputError(
      `record claims ${capLen} captured bytes (more than the 262144-byte maximum); the file is corrupt from here on`,
      {
        location: { file: this.fileName, byteOffset: offset },
        hint: 'Records before this offset were read.',
      },
    );
  }

  /** A fraction field of a second or more (corrupt): carried into the seconds, one warning. */
  private carryFraction(offset: number, tsFrac: number): void {
    const rec = this.rec;
    rec.tsSec += Math.floor(rec.tsNsec / 1e9);
    rec.tsNsec %= 1e9;
    this.warnOnce(
      'fraction>=1s',
      offset,
      `record at byte ${offset}: timestamp fraction ${tsFrac} is a second or more; carried into the seconds`,
    );
  }

  private checkLengths(
    offset: number,
    capLen: number,
    origLen: number,
  ): { capLen: number; origLen: number } {
    if (capLen > this.snaplen && this.snaplen > 0) {
      this.warnOnce(
        'caplen>snaplen',
        offset,
        `record at byte ${offset}: caplen ${capLen} exceeds the header snaplen ${this.snaplen}; kept the whole record`,
      );
    }
    if (origLen < capLen) {
      this.warnOnce(
        'caplen>origlen',
        offset,
        `record at byte ${offset}: caplen ${capLen} exceeds origlen ${origLen}; origlen raised to caplen`,
      );
      origLen = capLen;
    }
    return { capLen, origLen };
  }
}
