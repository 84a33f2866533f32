/**
 * Small hand-built TCP/IPv4 captures run through `nad features --set extended`, for the tests
 * that pin extended columns on frames whose every value is computed by hand.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractFeatures } from '../../src/app/features/features.js';
import { TcpFlag } from '../../src/decode/packet.js';
import { EXTENDED_FEATURE_NAMES } from '../../src/features/extended-schema.js';
import { buildPcap, type PcapRecord } from './capture-builders.js';
import { eth, ipv4, tcp, u32 } from './frame-builders.js';
import { tempDir } from './temp.js';

const dir = tempDir('extended');
export const CLIENT = [10, 0, 0, 1];
export const SERVER = [10, 0, 0, 2];
export const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** One frame at `t` seconds. */
export interface Frame {
  t: number;
  data: Uint8Array;
}

/** A TCP segment in an Ethernet/IPv4 frame, with its sequence number. */
export function seg(t: number, fromClient: boolean, ports: [number, number], flags: number, seq: number, payload = ''): Frame {
  const [cport, sport] = ports;
  const h = fromClient ? tcp(cport, sport, flags, ascii(payload)) : tcp(sport, cport, flags, ascii(payload));
  h.set(u32(seq), 4);
  const [src, dst] = fromClient ? [CLIENT, SERVER] : [SERVER, CLIENT];
  return { t, data: eth(0x0800, ipv4({ proto: 6, src, dst }, h)) };
} // prettier-ignore

/** A TCP segment carrying raw bytes. */
export function segBytes(t: number, ports: [number, number], flags: number, seq: number, payload: Uint8Array): Frame {
  const h = tcp(ports[0], ports[1], flags, payload);
  h.set(u32(seq), 4);
  return { t, data: eth(0x0800, ipv4({ proto: 6, src: CLIENT, dst: SERVER }, h)) };
} // prettier-ignore

/** TCP flag combinations. */
export const { syn: S, ack: A } = TcpFlag;
export const [SA, PA, FA, RA] = [S | A, TcpFlag.psh | A, TcpFlag.fin | A, TcpFlag.rst | A];

/** Runs frames through `nad features --set extended` and returns each row's named columns. */
export async function extended(frames: Frame[]): Promise<Record<string, number | string>[]> {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.pcap`);
  const records: PcapRecord[] = frames.map((f) => ({
    tsSec: 1_700_000_000 + Math.floor(f.t),
    tsFrac: Math.round((f.t - Math.floor(f.t)) * 1e6),
    data: f.data,
  }));
  writeFileSync(file, buildPcap({}, records));
  const rows: Record<string, number | string>[] = [];
  await extractFeatures(
    file,
    (row) => {
      const o: Record<string, number | string> = { flag: row.symbols[2], service: row.symbols[1] };
      EXTENDED_FEATURE_NAMES.forEach((n, i) => (o[n] = row.extended![i]!));
      rows.push(o);
    },
    { set: 'extended' },
  );
  return rows;
}
