/**
 * pcap-parser (dev dependency) as a second opinion (issue 2, "Tests"): on every classic
 * little-endian microsecond pcap fixture, the records it returns equal ours — timestamps,
 * lengths and bytes. pcap-parser uses the deprecated `new Buffer` (a warning is expected).
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { PCAPS, fixtureBytes, listCaptures, readBytes } from '../helpers/fixtures.js';

interface PeerPacket {
  header: {
    timestampSeconds: number;
    timestampMicroseconds: number;
    capturedLength: number;
    originalLength: number;
  };
  data: Buffer;
}

const require = createRequire(import.meta.url);
const pcapParser = require('pcap-parser') as { parse(input: string): EventEmitter };

/** Every packet pcap-parser reads from a file. */
function peerRead(path: string): Promise<PeerPacket[]> {
  return new Promise((resolve, reject) => {
    const packets: PeerPacket[] = [];
    const parser = pcapParser.parse(path);
    parser.on('packet', (p: PeerPacket) => packets.push(p));
    parser.on('error', reject);
    parser.on('end', () => resolve(packets));
  });
}

/** Classic pcap, magic a1b2c3d4 stored little-endian (d4 c3 b2 a1). */
function isLeMicros(rel: string): boolean {
  const b = fixtureBytes(rel).subarray(0, 4);
  return b[0] === 0xd4 && b[1] === 0xc3 && b[2] === 0xb2 && b[3] === 0xa1;
}

const LE_US = listCaptures().filter(isLeMicros);
/** pcap-parser accepts version 1.4 (its check is `major != 2 && minor != 4`); we refuse it. */
const REFUSED_BY_US = ['malformed/pcap_invalid_version.pcap'];

describe('pcap-parser second opinion', () => {
  it('covers the classic little-endian µs fixtures', () => {
    expect(LE_US.length).toBe(40);
  });

  it.each(LE_US.filter((f) => !REFUSED_BY_US.includes(f)))('%s: same records', async (rel) => {
    const peer = await peerRead(join(PCAPS, rel));
    const ours = await readBytes(fixtureBytes(rel));
    expect(ours.error).toBeUndefined();
    expect(ours.records.length).toBe(peer.length);
    ours.records.forEach((r, i) => {
      const p = peer[i]!;
      const theirs = {
        tsSec: p.header.timestampSeconds,
        tsNsec: p.header.timestampMicroseconds * 1000,
        capLen: p.header.capturedLength,
        origLen: p.header.originalLength,
        data: new Uint8Array(p.data),
      };
      const mine = {
        tsSec: r.tsSec,
        tsNsec: r.tsNsec,
        capLen: r.capLen,
        origLen: r.origLen,
        data: r.data,
      };
      if (JSON.stringify(mine) !== JSON.stringify(theirs))
        expect(mine, `${rel} #${i + 1}`).toEqual(theirs);
    });
  });

  it('pcap_invalid_version: pcap-parser reads on, we stop with an InputError at byte 4', async () => {
    const rel = REFUSED_BY_US[0]!;
    const peer = await peerRead(join(PCAPS, rel));
    const ours = await readBytes(fixtureBytes(rel), undefined, rel);
    expect(peer.length).toBeGreaterThan(0);
    expect(ours.records).toEqual([]);
    expect(ours.error?.describe()).toBe(
      `${rel}: byte 4: unsupported pcap version 1.4 (expected 2.0 to 2.4)`,
    );
  });
});
