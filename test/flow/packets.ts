/**
 * Test helper: DecodedPackets built by hand (no capture bytes) for the flow table, and a table
 * run that collects the emitted records.
 */
import { DecodedPacket, Proto, TcpFlag } from '../../src/decode/packet.js';
import type { Connection } from '../../src/flow/connection.js';
import { DEFAULT_FLOW_CONFIG, type FlowConfig } from '../../src/flow/flow-config.js';
import { FlowTable } from '../../src/flow/table.js';

/** Fields of a hand-made packet; times in seconds. */
export interface PacketSpec {
  t: number;
  src?: string;
  dst?: string;
  sport?: number;
  dport?: number;
  proto?: 'tcp' | 'udp' | 'icmp';
  /** TCP flags as letters: S A F R P U (e.g. 'SA'). */
  flags?: string;
  seq?: number;
  len?: number;
  icmpType?: number;
  icmpCode?: number;
  payload?: string;
}

const FLAG_BITS: Record<string, number> = {
  S: TcpFlag.syn,
  A: TcpFlag.ack,
  F: TcpFlag.fin,
  R: TcpFlag.rst,
  P: TcpFlag.psh,
  U: TcpFlag.urg,
};

/** A new DecodedPacket with the given fields (IPv4; defaults 10.0.0.1:1234 → 10.0.0.2:80). */
export function pkt(s: PacketSpec): DecodedPacket {
  const p = new DecodedPacket();
  p.tsSec = Math.floor(s.t);
  p.tsNsec = Math.round((s.t - Math.floor(s.t)) * 1e9);
  p.ipVersion = 4;
  p.src.set((s.src ?? '10.0.0.1').split('.').map(Number));
  p.dst.set((s.dst ?? '10.0.0.2').split('.').map(Number));
  const proto = s.proto ?? 'tcp';
  p.ipProto = proto === 'tcp' ? Proto.tcp : proto === 'udp' ? Proto.udp : Proto.icmp;
  p.hasTransport = true;
  if (proto !== 'icmp') {
    p.srcPort = s.sport ?? 1234;
    p.dstPort = s.dport ?? 80;
  }
  for (const ch of s.flags ?? '') p.tcpFlags |= FLAG_BITS[ch]!;
  p.tcpSeq = s.seq ?? 0;
  p.icmpType = s.icmpType ?? 0;
  p.icmpCode = s.icmpCode ?? 0;
  const bytes = new TextEncoder().encode(s.payload ?? '');
  p.payloadLen = s.len ?? bytes.length;
  p.buf = bytes;
  p.payloadOffset = 0;
  p.payloadCaptured = bytes.length;
  return p;
}

/** Client → server and server → client shorthands for 10.0.0.1:1234 ↔ 10.0.0.2:80. */
export const c2s = (t: number, flags: string, more: Partial<PacketSpec> = {}): PacketSpec => ({
  t,
  flags,
  ...more,
});
export const s2c = (t: number, flags: string, more: Partial<PacketSpec> = {}): PacketSpec => ({
  t,
  flags,
  src: '10.0.0.2',
  dst: '10.0.0.1',
  sport: 80,
  dport: 1234,
  ...more,
});

/** Runs the packets through a table and returns the records in emission order. */
export function runTable(
  specs: PacketSpec[],
  config: FlowConfig = DEFAULT_FLOW_CONFIG,
  inspect?: ConstructorParameters<typeof FlowTable>[2],
): { records: Connection[]; table: FlowTable } {
  const records: Connection[] = [];
  const table = new FlowTable((c) => records.push(c), config, inspect);
  for (const s of specs) table.add(pkt(s));
  table.finish();
  return { records, table };
}

/** The flags of the records of a packet sequence. */
export function flagsOf(specs: PacketSpec[]): string[] {
  return runTable(specs).records.map((c) => c.flag());
}
