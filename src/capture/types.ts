/**
 * Types shared by the capture readers (DESIGN.md, capture stage).
 *
 * Readers call a sink once per packet with ONE reused `PacketRecord`: its bytes are
 * `buf[offset, offset + capLen)`, valid only during the call. Copy what you keep.
 */

/** One captured frame, as read from the file. Reused between calls. */
export interface PacketRecord {
  /** 1-based frame number in the file (as Wireshark numbers frames). */
  index: number;
  /** Whole seconds since the Unix epoch (may be negative with odd tsoffsets). */
  tsSec: number;
  /** Nanoseconds within the second, 0 … 999,999,999. */
  tsNsec: number;
  /** False for pcapng Simple Packet Blocks, which carry no timestamp. */
  hasTimestamp: boolean;
  /** LINKTYPE_* value of the interface the frame was captured on. */
  linkType: number;
  /** Interface index within its pcapng section (0 for pcap). */
  interfaceId: number;
  /** Bytes captured (present in buf). */
  capLen: number;
  /** Length of the frame on the wire. */
  origLen: number;
  /** Byte offset of the record header in the (decompressed) file. */
  fileOffset: number;
  buf: Uint8Array;
  offset: number;
}

/** Called once per packet; the record is reused after the call returns. */
export type PacketSink = (rec: PacketRecord) => void;

/** What a reader learned about the file, for the capinfos-like summary. */
export interface CaptureInfo {
  format: string;
  /** 'little' | 'big' | 'mixed' (pcapng sections may differ). */
  byteOrder: string;
  /** Finest timestamp resolution seen, e.g. 'microseconds' or 'nanoseconds'. */
  tsResolution: string;
  version: string;
  snaplen: number | undefined;
  linkTypes: number[];
  sections: number;
  interfaces: number;
  /** Blocks or records skipped by kind (pcapng NRB, ISB, DSB, custom, unknown, …). */
  skippedBlocks: Record<string, number>;
}

/** A problem the reader recovered from (a file cut short, a clamped length). */
export interface CaptureWarning {
  byteOffset: number;
  message: string;
}

/** A streaming parser for one capture format: push chunks, then end. */
export interface CaptureParser {
  readonly info: CaptureInfo;
  readonly warnings: CaptureWarning[];
  /** Parses every complete record in `chunk` (plus what was left from the previous one). */
  push(chunk: Uint8Array): void;
  /** Declares end of input; a partial record left over becomes a warning. */
  end(): void;
}

/** A CaptureInfo with nothing known yet but the format name. */
export function emptyCaptureInfo(format: string): CaptureInfo {
  return {
    format,
    byteOrder: '',
    tsResolution: '',
    version: '',
    snaplen: undefined,
    linkTypes: [],
    sections: 0,
    interfaces: 0,
    skippedBlocks: {},
  };
}

/** A fresh reusable record. */
export function newPacketRecord(): PacketRecord {
  return {
    index: 0,
    tsSec: 0,
    tsNsec: 0,
    hasTimestamp: true,
    linkType: 0,
    interfaceId: 0,
    capLen: 0,
    origLen: 0,
    fileOffset: 0,
    buf: new Uint8Array(0),
    offset: 0,
  };
}

/** Largest record we accept: libpcap's maximum snapshot length (256 KiB). */
export const MAX_RECORD_BYTES = 262_144;

/** Largest pcapng block we accept (a record of 256 KiB plus generous options). */
export const MAX_BLOCK_BYTES = 16 * 1024 * 1024;

/** Human name of a LINKTYPE_* value, for summaries. */
export function linkTypeName(linkType: number): string {
  return LINK_TYPE_NAMES[linkType] ?? `linktype ${linkType}`;
}

const LINK_TYPE_NAMES: Record<number, string> = {
  0: 'null (BSD loopback)',
  1: 'ethernet',
  9: 'ppp',
  12: 'raw ip',
  14: 'raw ip',
  101: 'raw ip',
  105: 'ieee 802.11',
  108: 'loop (OpenBSD)',
  113: 'linux sll',
  127: 'ieee 802.11 radiotap',
  228: 'raw ipv4',
  229: 'raw ipv6',
  239: 'nflog',
  276: 'linux sll2',
};

/** IP protocol numbers used by the decoders and by the JSON readers that describe packets field by field. */
export const Proto = { icmp: 1, tcp: 6, udp: 17, gre: 47, icmpv6: 58, ipv4: 4, ipv6: 41 } as const;
