/**
 * pcapng (IETF draft-ietf-opsawg-pcapng): blocks of type, total length, body, total length.
 * Several sections per file, each with its own byte order (from the SHB byte-order magic) and
 * its own interfaces (IDB: link type, snaplen, if_tsresol, if_tsoffset). Packets come from
 * Enhanced Packet Blocks, Simple Packet Blocks and the obsolete Packet Block; Name Resolution,
 * Interface Statistics, Decryption Secrets, custom and unknown blocks are skipped and counted.
 * Every block's trailing length must equal its leading length.
 */
import { InputError } from '../common/errors.js';
import { ChunkedParser } from './chunked.js';
import { tsResolution, unitsToTime, type TsResolution } from './timestamp.js';
import {
  MAX_BLOCK_BYTES,
  emptyCaptureInfo,
  newPacketRecord,
  type CaptureInfo,
  type PacketSink,
} from './types.js';

/** Block type of the Section Header Block (a palindrome: same in both byte orders). */
export const SHB_TYPE = 0x0a0d0d0a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const IDB = 1;
const PB = 2;
const SPB = 3;
const EPB = 6;

const SKIPPED_NAMES: Record<number, string> = {
  4: 'name resolution',
  5: 'interface statistics',
  7: 'irig timestamp',
  8: 'arinc 429',
  9: 'systemd journal export',
  10: 'decryption secrets',
  0x00000bad: 'custom',
  0x40000bad: 'custom',
};

interface Interface {
  linkType: number;
  snaplen: number;
  res: TsResolution;
}

/** True if the file starts with a Section Header Block. */
export function isPcapngMagic(head: Uint8Array): boolean {
  return (
    head.length >= 4 && head[0] === 0x0a && head[1] === 0x0d && head[2] === 0x0d && head[3] === 0x0a
  );
}

/** Streaming pcapng parser delivering packet records to `sink`. */
export class PcapngParser extends ChunkedParser {
  readonly info: CaptureInfo = emptyCaptureInfo('pcapng');
  private little = true;
  private interfaces: Interface[] = [];
  private finestUnitsPerSec = 0;
  private readonly rec = newPacketRecord();

  constructor(
    private readonly sink: PacketSink,
    private readonly fileName: string,
  ) {
    super();
  }

  protected parse(buf: Uint8Array, base: number): number {
    const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.rec.buf = buf;
    let pos = 0;
    while (buf.length - pos >= 12) {
      const typeLe = dv.getUint32(pos, true);
      if (typeLe === SHB_TYPE) this.little = this.byteOrder(dv, pos, base);
      else if (this.info.sections === 0)
        this.fail(base + pos, 'expected a pcapng Section Header Block');
      const le = this.little;
      const type = dv.getUint32(pos, le);
      const total = dv.getUint32(pos + 4, le);
      if (total < 12 || total % 4 !== 0 || total > MAX_BLOCK_BYTES) {
        this.fail(
          base + pos,
          `block of type 0x${type.toString(16)} has an invalid length ${total} (must be a multiple of 4 between 12 and ${MAX_BLOCK_BYTES})`,
        );
      }
      if (buf.length - pos < total) break;
      if (dv.getUint32(pos + total - 4, le) !== total) {
        this.fail(
          base + pos,
          `block of type 0x${type.toString(16)}: trailing length ${dv.getUint32(pos + total - 4, le)} does not match leading length ${total}`,
        );
      }
      this.block(dv, type, pos, total, base);
      pos += total;
    }
    return pos;
  }

  /** Byte order of the section starting at pos, from its byte-order magic (else an error). */
  private byteOrder(dv: DataView, pos: number, base: number): boolean {
    const magic = dv.getUint32(pos + 8, true);
    if (magic === BYTE_ORDER_MAGIC) return true;
    if (dv.getUint32(pos + 8, false) === BYTE_ORDER_MAGIC) return false;
    const hex = magic.toString(16).padStart(8, '0');
    this.fail(
      base + pos + 8,
      `Section Header Block: byte-order magic ${hex} is neither 1a2b3c4d nor 4d3c2b1a`,
    );
  }

  protected override onTruncated(offset: number, left: number): void {
    if (this.info.sections === 0)
      this.fail(offset, `file ends inside the first Section Header Block (${left} bytes)`);
    super.onTruncated(offset, left);
  }

  private block(dv: DataView, type: number, pos: number, total: number, base: number): void {
    switch (type) {
      case EPB:
        return this.enhancedPacket(dv, pos, total, base);
      case SPB:
        return this.simplePacket(dv, pos, total, base);
      case IDB:
        return this.interfaceDescription(dv, pos, total, base);
      case SHB_TYPE:
        return this.sectionHeader(dv, pos, total, base);
      case PB:
        return this.obsoletePacket(dv, pos, total, base);
      default: {
        const name = SKIPPED_NAMES[type] ?? 'unknown';
        this.info.skippedBlocks[name] = (this.info.skippedBlocks[name] ?? 0) + 1;
      }
    }
  }

  private sectionHeader(dv: DataView, pos: number, total: number, base: number): void {
    if (total < 28) this.fail(base + pos, `Section Header Block too short (${total} bytes)`);
    const le = this.little;
    const major = dv.getUint16(pos + 12, le);
    const minor = dv.getUint16(pos + 14, le);
    if (major !== 1 || (minor !== 0 && minor !== 2)) {
      this.fail(base + pos + 12, `unsupported pcapng version ${major}.${minor} (expected 1.0)`);
    }
    this.interfaces = [];
    const order = le ? 'little' : 'big';
    const info = this.info;
    info.byteOrder = info.byteOrder === '' || info.byteOrder === order ? order : 'mixed';
    info.version = `${major}.${minor}`;
    info.sections++;
  }

  private interfaceDescription(dv: DataView, pos: number, total: number, base: number): void {
    if (total < 20) this.fail(base + pos, `Interface Description Block too short (${total} bytes)`);
    const le = this.little;
    const linkType = dv.getUint16(pos + 8, le);
    const snaplen = dv.getUint32(pos + 12, le);
    let tsresol: number | undefined;
    let tsoffset = 0;
    this.forEachOption(dv, pos + 16, pos + total - 4, (code, at, len) => {
      if (code === 9 && len >= 1) tsresol = dv.getUint8(at);
      if (code === 14 && len >= 8) tsoffset = Number(dv.getBigInt64(at, le));
    });
    const res = tsResolution(tsresol, tsoffset);
    this.interfaces.push({ linkType, snaplen, res });
    const info = this.info;
    info.interfaces++;
    if (!info.linkTypes.includes(linkType)) info.linkTypes.push(linkType);
    if (info.snaplen === undefined) info.snaplen = snaplen;
    if (res.unitsPerSec > this.finestUnitsPerSec) {
      this.finestUnitsPerSec = res.unitsPerSec;
      info.tsResolution = res.label;
    }
  }

  private enhancedPacket(dv: DataView, pos: number, total: number, base: number): void {
    const le = this.little;
    if (total < 32) this.fail(base + pos, `Enhanced Packet Block too short (${total} bytes)`);
    const ifc = this.iface(dv.getUint32(pos + 8, le), base + pos);
    if (ifc === undefined) return;
    const capLen = dv.getUint32(pos + 20, le);
    if (capLen > total - 32)
      this.fail(
        base + pos,
        `Enhanced Packet Block: captured length ${capLen} exceeds the block (${total} bytes)`,
      );
    const rec = this.rec;
    unitsToTime(dv.getUint32(pos + 12, le), dv.getUint32(pos + 16, le), ifc.res, rec);
    this.emit(
      ifc,
      dv.getUint32(pos + 8, le),
      capLen,
      dv.getUint32(pos + 24, le),
      pos + 28,
      base + pos,
      true,
    );
  }

  private simplePacket(dv: DataView, pos: number, total: number, base: number): void {
    if (total < 16) this.fail(base + pos, `Simple Packet Block too short (${total} bytes)`);
    const ifc = this.iface(0, base + pos);
    if (ifc === undefined) return;
    const origLen = dv.getUint32(pos + 8, this.little);
    let capLen = Math.min(origLen, total - 16);
    if (ifc.snaplen > 0) capLen = Math.min(capLen, ifc.snaplen);
    this.rec.tsSec = 0;
    this.rec.tsNsec = 0;
    this.emit(ifc, 0, capLen, origLen, pos + 12, base + pos, false);
  }

  private obsoletePacket(dv: DataView, pos: number, total: number, base: number): void {
    const le = this.little;
    if (total < 32) this.fail(base + pos, `Packet Block too short (${total} bytes)`);
    const ifId = dv.getUint16(pos + 8, le);
    const ifc = this.iface(ifId, base + pos);
    if (ifc === undefined) return;
    const capLen = dv.getUint32(pos + 20, le);
    if (capLen > total - 32)
      this.fail(
        base + pos,
        `Packet Block: captured length ${capLen} exceeds the block (${total} bytes)`,
      );
    unitsToTime(dv.getUint32(pos + 12, le), dv.getUint32(pos + 16, le), ifc.res, this.rec);
    this.emit(ifc, ifId, capLen, dv.getUint32(pos + 24, le), pos + 28, base + pos, true);
  }

  private emit(
    ifc: Interface,
    ifId: number,
    capLen: number,
    origLen: number,
    dataAt: number,
    fileOffset: number,
    hasTs: boolean,
  ): void {
    const rec = this.rec;
    if (origLen < capLen) {
      this.warnOnce(
        'caplen>origlen',
        fileOffset,
        `packet block at byte ${fileOffset}: caplen ${capLen} exceeds origlen ${origLen}; origlen raised to caplen`,
      );
      origLen = capLen;
    }
    rec.index++;
    rec.hasTimestamp = hasTs;
    rec.linkType = ifc.linkType;
    rec.interfaceId = ifId;
    rec.capLen = capLen;
    rec.origLen = origLen;
    rec.fileOffset = fileOffset;
    rec.offset = dataAt;
    this.sink(rec);
  }

  private iface(id: number, offset: number): Interface | undefined {
    const ifc = this.interfaces[id];
    if (ifc === undefined) {
      this.warnOnce(
        `no-if-${id}`,
        offset,
        `packet block at byte ${offset} refers to interface ${id}, which this section does not define; skipped`,
      );
      this.info.skippedBlocks['packet on undefined interface'] =
        (this.info.skippedBlocks['packet on undefined interface'] ?? 0) + 1;
    }
    return ifc;
  }

  /** Walks the options of a block body, stopping at opt_endofopt or the end of the block. */
  private forEachOption(
    dv: DataView,
    start: number,
    end: number,
    fn: (code: number, at: number, len: number) => void,
  ): void {
    let p = start;
    while (end - p >= 4) {
      const code = dv.getUint16(p, this.little);
      const len = dv.getUint16(p + 2, this.little);
      if (code === 0 || end - p - 4 < len) return;
      fn(code, p + 4, len);
      p += 4 + ((len + 3) & ~3);
    }
  }

  private fail(offset: number, what: string): never {
    this.stopped = true;
    throw new InputError(what, {
      location: { file: this.fileName, byteOffset: offset },
      hint: 'Packets before this offset were read; the rest of the file cannot be trusted.',
    });
  }
}
