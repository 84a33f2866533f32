/**
 * Wireshark / tshark packet exports: `tshark -T json` (one top-level array of
 * `{_index, _type, _score, _source: {layers: {...}}}`) and, with `ek = true`, `tshark -T ek`
 * (newline-delimited: an `{"index": …}` line, then `{"timestamp": …, "layers": {...}}` per
 * packet). Both are read streaming, one packet at a time (json-stream.ts).
 *
 * Two paths per packet:
 * - `frame_raw` present (`-x`): its bytes are the captured frame and go through the normal
 *   decoders, with the link type from `frame.encap_type` (Wireshark's WTAP_ENCAP numbering,
 *   mapped below) or, without it, from the first layer's name. The result equals reading the
 *   original capture.
 * - otherwise the packet is rebuilt from the dissected fields (json-packet.ts): lengths,
 *   addresses, ports, TCP flags and sequence numbers, ICMP type/code, fragment fields and
 *   VLAN ids are exact; payload bytes are absent. The summary's version says which path was
 *   taken and a warning says that content features see no payload.
 */
import { HexBuffer, num } from './field-text.js';
import { HeaderFields, PacketSynthesizer } from './json-packet.js';
import {
  DEFAULT_JSON_LIMITS,
  JsonTokenizer,
  type JsonHandler,
  type JsonLimits,
} from './json-stream.js';
import { parseEpoch } from './json-time.js';
import { F, PacketFields } from './tshark-fields.js';
import { toHeaderFields } from './tshark-header.js';
import { LayersWalker } from './tshark-walker.js';
import {
  emptyCaptureInfo,
  newPacketRecord,
  type CaptureInfo,
  type CaptureParser,
  type CaptureWarning,
  type PacketSink,
} from './types.js';

/**
 * WTAP_ENCAP (frame.encap_type) → LINKTYPE_*, for the link types nad decodes or names; worked
 * out by exporting one fixture per link type with tshark 4.0 (fixtures/README.md).
 */
export const WTAP_TO_LINKTYPE: ReadonlyMap<number, number> = new Map([
  [1, 1], // Ethernet
  [4, 9], // PPP
  [7, 101], // raw IP
  [15, 0], // BSD null
  [20, 105], // 802.11
  [23, 127], // radiotap
  [25, 113], // Linux SLL
  [129, 228], // raw IPv4
  [130, 229], // raw IPv6
  [141, 239], // NFLOG
  [174, 108], // OpenBSD loop
  [210, 276], // Linux SLL2
]);

/** First dissected layer → LINKTYPE_*, when frame.encap_type is missing. */
const LAYER_TO_LINKTYPE: ReadonlyMap<string, number> = new Map([
  ['eth', 1],
  ['sll', 113],
  ['null', 0],
  ['raw', 101],
  ['ip', 228],
  ['ipv6', 229],
  ['ppp', 9],
  ['nflog', 239],
]);

/** Link types the decoders handle (others are skipped as "unsupported link type"). */
const DECODED_LINKTYPES = new Set([0, 1, 9, 12, 14, 101, 108, 113, 228, 229, 239, 276]);

/** Streaming parser for `tshark -T json` (or `-T ek` when `ek`). */
export class TsharkParser implements CaptureParser, JsonHandler {
  readonly info: CaptureInfo;
  readonly warnings: CaptureWarning[] = [];
  private readonly tok: JsonTokenizer;
  private readonly fields = new PacketFields();
  private readonly walker: LayersWalker;
  private readonly rec = newPacketRecord();
  private readonly header = new HeaderFields();
  private readonly synth = new PacketSynthesizer();
  private readonly rawHex = new HexBuffer();
  private readonly dataHex = new HexBuffer();
  private readonly ifaces = new Set<number>();
  private depth = 0;
  /** Depth of the packet object: 2 in `-T json` (inside the array), 1 in `-T ek`. */
  private readonly packetDepth: number;
  private inPacket = false;
  private wantLayers = false;
  private sawLayers = false;
  private rawPackets = 0;
  private fieldPackets = 0;

  constructor(
    private readonly sink: PacketSink,
    fileName: string,
    private readonly ek: boolean,
    limits: JsonLimits = DEFAULT_JSON_LIMITS,
  ) {
    this.info = { ...emptyCaptureInfo(ek ? 'tshark ek (json lines)' : 'tshark json') };
    this.info.tsResolution = 'nanoseconds';
    this.packetDepth = ek ? 1 : 2;
    this.walker = new LayersWalker(this.fields, ek);
    this.tok = new JsonTokenizer(this, fileName, ek, limits);
  }

  /** Parses the JSON in `chunk`, delivering every packet object completed in it. */
  push(chunk: Uint8Array): void {
    this.tok.push(chunk);
  }

  /** End of input: an unfinished packet is an InputError after all complete ones. */
  end(): void {
    this.tok.end();
    const w = this.tok.replacementWarning();
    if (w !== undefined) this.warnings.push(w);
  }

  startObject(): void {
    if (this.walker.active) return this.walker.startObject();
    if (this.wantLayers) {
      this.wantLayers = false;
      return this.walker.enter(); // the layers object's own end comes back through the walker
    }
    this.depth++;
    if (this.depth === this.packetDepth) {
      this.inPacket = true;
      this.sawLayers = false;
      this.fields.clear();
      this.rec.fileOffset = this.tok.tokenOffset;
    }
  }

  endObject(): void {
    if (this.walker.active) return this.walker.end();
    if (this.depth === this.packetDepth && this.inPacket) {
      this.inPacket = false;
      if (this.sawLayers) this.emit();
    }
    this.depth--;
  }

  startArray(): void {
    if (this.walker.active) return this.walker.startArray();
    this.depth++;
    this.wantLayers = false;
  }

  endArray(): void {
    if (this.walker.active) return this.walker.end();
    this.depth--;
  }

  key(name: string): boolean {
    if (this.walker.active) return this.walker.key(name);
    if (!this.inPacket) return false;
    // -T json: packet → _source → layers; -T ek: packet → layers.
    const rel = this.depth - this.packetDepth;
    if (rel === 0 && !this.ek && name === '_source') return true;
    this.wantLayers = name === 'layers' && rel === (this.ek ? 0 : 1);
    if (this.wantLayers) this.sawLayers = true;
    return this.wantLayers;
  }

  string(value: string): void {
    if (this.walker.active) this.walker.value(value);
  }

  number(value: number): void {
    if (this.walker.active) this.walker.value(String(value));
  }

  literal(value: boolean | null): void {
    if (this.walker.active && value !== null) this.walker.value(value ? '1' : '0');
  }

  /** One complete packet object: build its record and hand it to the sink. */
  private emit(): void {
    const v = this.fields.values;
    const rec = this.rec;
    rec.index++;
    const time = v[F.time] !== undefined ? parseEpoch(v[F.time]!) : undefined;
    rec.hasTimestamp = time !== undefined;
    rec.tsSec = time?.sec ?? 0;
    rec.tsNsec = time?.nsec ?? 0;
    rec.interfaceId = u32(v[F.iface]);
    rec.origLen = u32(v[F.len]); // raised to capLen below
    const encap = v[F.encap] !== undefined ? num(v[F.encap]) : undefined;
    let linkType =
      encap !== undefined
        ? (WTAP_TO_LINKTYPE.get(encap) ?? 0x10000 + encap)
        : (LAYER_TO_LINKTYPE.get(this.walker.firstLayer) ?? 0x10000);
    this.noteInterface(rec.interfaceId);
    if (v[F.raw] !== undefined) {
      rec.buf = this.rawHex.decode(v[F.raw]!);
      rec.capLen = rec.buf.length;
      this.rawPackets++;
    } else {
      linkType = this.fromFields(linkType);
    }
    rec.offset = 0;
    rec.linkType = linkType;
    if (rec.origLen < rec.capLen) rec.origLen = rec.capLen;
    if (!this.info.linkTypes.includes(linkType)) this.info.linkTypes.push(linkType);
    this.info.version = describePaths(this.rawPackets, this.fieldPackets);
    this.sink(rec);
  }

  /** Builds the frame from dissected fields; returns its link type. */
  private fromFields(exportedLinkType: number): number {
    const rec = this.rec;
    if (this.fieldPackets++ === 0) {
      this.warnings.push({
        byteOffset: rec.fileOffset,
        message:
          'no raw bytes in this export (frame_raw): packets are rebuilt from the dissected fields — lengths, addresses, ports and flags are exact, payload bytes are absent (content features 0); export with `tshark -x` for the full result',
      });
    }
    if (toHeaderFields(this.fields, this.header, this.dataHex)) {
      const built = this.synth.build(this.header);
      rec.buf = built.buf;
      rec.capLen = built.capLen;
      return built.linkType;
    }
    // No IP layer: an undecodable link type stays itself; anything else becomes an Ethernet
    // header with the exported EtherType (ARP, LLC …), which the decoders count as "not IP".
    rec.buf = NON_IP_FRAME;
    rec.capLen = 0;
    if (!DECODED_LINKTYPES.has(exportedLinkType)) return exportedLinkType;
    const etherType = num(this.fields.values[F.ethType]) || 0x88b5;
    NON_IP_FRAME[12] = etherType >> 8;
    NON_IP_FRAME[13] = etherType & 0xff;
    rec.capLen = 14;
    return 1;
  }

  private noteInterface(id: number): void {
    if (this.ifaces.has(id)) return;
    this.ifaces.add(id);
    this.info.interfaces = this.ifaces.size;
  }
}

const NON_IP_FRAME = new Uint8Array(14);

/** A 32-bit unsigned field (frame.len, interface id); anything else (1e308, 14.5, -1) is 0. */
function u32(text: string | undefined): number {
  const n = num(text);
  return Number.isInteger(n) && n >= 0 && n <= 0xffffffff ? n : 0;
}

function describePaths(raw: number, fields: number): string {
  if (fields === 0) return 'raw bytes (frame_raw)';
  if (raw === 0) return 'dissected fields (no frame_raw)';
  return 'mixed: raw bytes and dissected fields';
}
