/**
 * Writers of small pcap and pcapng files for the format matrix: every magic, byte order,
 * version, block kind and option the readers must handle, around real frame bytes.
 * Written from the format specs (libpcap savefile format, draft-ietf-opsawg-pcapng), with
 * explicit byte order on every field.
 */
import { fixtureBytes } from './fixtures.js';

/** Growable byte writer with an explicit byte order. */
class Bytes {
  private parts: number[] = [];
  constructor(readonly little: boolean) {}
  u8(v: number): this {
    this.parts.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    const b = [v & 0xff, (v >>> 8) & 0xff];
    this.parts.push(...(this.little ? b : b.reverse()));
    return this;
  }
  u32(v: number): this {
    const b = [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
    this.parts.push(...(this.little ? b : b.reverse()));
    return this;
  }
  u64(v: bigint): this {
    const hi = Number((v >> 32n) & 0xffffffffn);
    const lo = Number(v & 0xffffffffn);
    return this.little ? this.u32(lo).u32(hi) : this.u32(hi).u32(lo);
  }
  /** A pcapng packet timestamp: the upper 32 bits first, each half in the byte order. */
  ts(v: bigint): this {
    return this.u32(Number((v >> 32n) & 0xffffffffn)).u32(Number(v & 0xffffffffn));
  }
  raw(b: Uint8Array | number[]): this {
    for (const x of b) this.parts.push(x);
    return this;
  }
  pad4(): this {
    while (this.parts.length % 4 !== 0) this.parts.push(0);
    return this;
  }
  get length(): number {
    return this.parts.length;
  }
  bytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

/** Concatenates byte arrays. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** The first `n` frames of a little-endian µs pcap fixture (parsed here by hand, not by us). */
export function fixtureFrames(rel: string, n: number): Uint8Array[] {
  const file = fixtureBytes(rel);
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const frames: Uint8Array[] = [];
  let pos = 24;
  while (frames.length < n) {
    const capLen = dv.getUint32(pos + 8, true);
    frames.push(file.slice(pos + 16, pos + 16 + capLen));
    pos += 16 + capLen;
  }
  return frames;
}

/** Three real Ethernet/IPv4/TCP frames (74, 74 and 66 bytes) from benign/http_simple.pcap. */
export const FRAMES = fixtureFrames('benign/http_simple.pcap', 3);

export interface PcapHeader {
  bigEndian?: boolean;
  nanos?: boolean;
  major?: number;
  minor?: number;
  snaplen?: number;
  linkType?: number;
}

export interface PcapRecord {
  tsSec: number;
  /** µs or ns, as the magic says. */
  tsFrac: number;
  data: Uint8Array;
  /** Header fields, when they should lie about the data. */
  capLen?: number;
  origLen?: number;
}

/** A classic pcap file. */
export function buildPcap(h: PcapHeader, records: PcapRecord[]): Uint8Array {
  const w = new Bytes(!h.bigEndian);
  w.u32(h.nanos ? 0xa1b23c4d : 0xa1b2c3d4)
    .u16(h.major ?? 2)
    .u16(h.minor ?? 4)
    .u32(0)
    .u32(0)
    .u32(h.snaplen ?? 65535)
    .u32(h.linkType ?? 1);
  for (const r of records) {
    w.u32(r.tsSec)
      .u32(r.tsFrac)
      .u32(r.capLen ?? r.data.length)
      .u32(r.origLen ?? r.data.length)
      .raw(r.data);
  }
  return w.bytes();
}

/** One pcapng option: code, value (padded to 4). */
export interface Option {
  code: number;
  value: Uint8Array | number[];
}

/** Block tweaks for the error cases. */
export interface BlockFaults {
  /** Trailing total length written instead of the real one. */
  trailing?: number;
  /** Leading total length written instead of the real one. */
  total?: number;
}

/** pcapng writer: blocks are appended in order; each section has its own byte order. */
export class PcapngBuilder {
  private out: Uint8Array[] = [];
  private little = true;

  /** A Section Header Block (version 1.0 unless given); switches the byte order. */
  section(
    opts: { bigEndian?: boolean; major?: number; minor?: number; options?: Option[] } = {},
  ): this {
    this.little = !opts.bigEndian;
    const body = new Bytes(this.little)
      .u32(0x1a2b3c4d)
      .u16(opts.major ?? 1)
      .u16(opts.minor ?? 0)
      .u64(0xffffffffffffffffn);
    return this.block(0x0a0d0d0a, concat(body.bytes(), this.options(opts.options)));
  }

  /** An Interface Description Block; tsresol is the raw option byte, tsoffset in seconds. */
  idb(
    linkType: number,
    opts: { snaplen?: number; tsresol?: number; tsoffset?: bigint } = {},
  ): this {
    const body = new Bytes(this.little)
      .u16(linkType)
      .u16(0)
      .u32(opts.snaplen ?? 0);
    const options: Option[] = [{ code: 2, value: Array.from('eth0', (c) => c.charCodeAt(0)) }];
    if (opts.tsresol !== undefined) options.push({ code: 9, value: [opts.tsresol] });
    if (opts.tsoffset !== undefined) {
      options.push({ code: 14, value: new Bytes(this.little).u64(opts.tsoffset).bytes() });
    }
    return this.block(1, concat(body.bytes(), this.options(options)));
  }

  /** An Enhanced Packet Block with a 64-bit timestamp in interface units. */
  epb(
    ifId: number,
    units: bigint,
    data: Uint8Array,
    origLen = data.length,
    faults?: BlockFaults,
  ): this {
    const w = new Bytes(this.little)
      .u32(ifId)
      .ts(units)
      .u32(data.length)
      .u32(origLen)
      .raw(data)
      .pad4();
    const comment: Option = { code: 1, value: Array.from('hi', (c) => c.charCodeAt(0)) };
    return this.block(6, concat(w.bytes(), this.options([comment])), faults);
  }

  /** A Simple Packet Block (no timestamp, interface 0). */
  spb(data: Uint8Array, origLen = data.length): this {
    return this.block(3, new Bytes(this.little).u32(origLen).raw(data).pad4().bytes());
  }

  /** The obsolete Packet Block (16-bit interface id, drops count). */
  pb(ifId: number, units: bigint, data: Uint8Array, origLen = data.length): this {
    const w = new Bytes(this.little)
      .u16(ifId)
      .u16(0)
      .ts(units)
      .u32(data.length)
      .u32(origLen)
      .raw(data)
      .pad4();
    return this.block(2, w.bytes());
  }

  /** Any block with a raw body (NRB 4, ISB 5, DSB 10, custom 0xbad / 0x40000bad, unknown). */
  block(type: number, body: Uint8Array, faults: BlockFaults = {}): this {
    const padded = new Bytes(this.little).raw(body).pad4().bytes();
    const total = padded.length + 12;
    const w = new Bytes(this.little)
      .u32(type)
      .u32(faults.total ?? total)
      .raw(padded)
      .u32(faults.trailing ?? total);
    this.out.push(w.bytes());
    return this;
  }

  /** Byte offset the next block will start at. */
  get offset(): number {
    return this.out.reduce((n, b) => n + b.length, 0);
  }

  bytes(): Uint8Array {
    return concat(...this.out);
  }

  private options(options: Option[] = []): Uint8Array {
    if (options.length === 0) return new Uint8Array(0);
    const w = new Bytes(this.little);
    for (const o of options) w.u16(o.code).u16(o.value.length).raw(o.value).pad4();
    return w.u16(0).u16(0).bytes();
  }
}
