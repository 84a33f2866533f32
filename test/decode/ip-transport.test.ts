/**
 * IP and transport decoding on hand-built frames: TSO total length 0, headers cut by snaplen
 * (truncated, payload length still from IP), Ethernet padding not counted as payload, IPv4
 * options and fragments, the IPv6 fragment header, and the tunnel depth limit.
 */
import { describe, expect, it } from 'vitest';
import { Skip } from '../../src/decode/packet.js';
import { MAX_TUNNELS } from '../../src/decode/transport.js';
import {
  IPV4_TCP,
  bytes,
  decode,
  eth,
  ipv4,
  ipv6,
  summary,
  tcp,
  udp,
  u16,
} from '../helpers/frame-builders.js';

const PAYLOAD_100 = new Uint8Array(100).fill(0x61);
/** 20-byte IP + 32-byte TCP header (12 bytes of options) + 100 bytes: 152 bytes. */
const TCP_WITH_OPTIONS = ipv4(
  { proto: 6 },
  tcp(40000, 22, 0x018, PAYLOAD_100, [1, 1, 8, 10, ...new Array<number>(8).fill(0)]),
);

describe('IPv4 lengths', () => {
  it('TSO: a total length of 0 means "what was captured"', () => {
    const frame = eth(0x0800, ipv4({ proto: 6, totalLen: 0 }, tcp(1, 2, 0x010, PAYLOAD_100)));
    expect(summary(decode(1, frame))).toMatchObject({
      skip: Skip.none,
      ipTotalLen: 140,
      payloadLen: 100,
      truncated: false,
    });
  });

  it('Ethernet padding is not payload (TCP and UDP)', () => {
    const ack = eth(0x0800, bytes(ipv4({ proto: 6 }, tcp(1, 2, 0x010)), new Uint8Array(6)));
    expect(ack.length).toBe(60);
    const p = decode(1, ack);
    expect(summary(p)).toMatchObject({ ipTotalLen: 40, payloadLen: 0, truncated: false });
    expect(p.payloadCaptured).toBe(0);
    const dns = eth(
      0x0800,
      bytes(ipv4({ proto: 17 }, udp(53, 53, bytes(9, 9))), new Uint8Array(8)),
    );
    const q = decode(1, dns);
    expect(summary(q)).toMatchObject({
      ipTotalLen: 30,
      payloadLen: 2,
      truncated: false,
      srcPort: 53,
    });
    expect([q.udpLen, q.payloadCaptured]).toEqual([10, 2]);
  });

  it('IPv4 options: the transport starts after them', () => {
    const p = decode(228, ipv4({ proto: 17, options: [0x94, 4, 0, 0] }, udp(7, 9)));
    expect([p.ipHeaderLen, p.srcPort, p.dstPort, p.payloadLen]).toEqual([24, 7, 9, 0]);
  });

  it('invalid headers: IHL < 5, total length < header length, wrong version', () => {
    const bad = (mutate: (b: Uint8Array) => void): number => {
      const b = IPV4_TCP.slice();
      mutate(b);
      return decode(228, b).skip;
    };
    expect(bad((b) => (b[0] = 0x44))).toBe(Skip.badHeader);
    expect(bad((b) => (b[3] = 12))).toBe(Skip.badHeader);
    expect(bad((b) => (b[0] = 0x55))).toBe(Skip.badHeader);
  });
});

describe('cut by snaplen', () => {
  it('IPv4 header cut: skipped as truncated', () => {
    expect(decode(1, eth(0x0800, IPV4_TCP), 14 + 19)).toMatchObject({
      skip: Skip.truncated,
      truncated: true,
      ipVersion: 0,
    });
  });

  it('IPv4 options cut: the IP packet is kept, without a transport', () => {
    const p = decode(228, ipv4({ proto: 6, options: [1, 1, 1, 1] }, tcp(1, 2, 0x002)), 22);
    expect(summary(p)).toMatchObject({
      skip: Skip.none,
      ipVersion: 4,
      truncated: true,
      hasTransport: false,
    });
  });

  it('TCP options cut: flags known, payload length from IP', () => {
    const p = decode(228, TCP_WITH_OPTIONS, 20 + 24);
    expect(summary(p)).toEqual({
      skip: Skip.none,
      truncated: true,
      ipVersion: 4,
      ipProto: 6,
      ipTotalLen: 152,
      srcPort: 40000,
      dstPort: 22,
      hasTransport: true,
      payloadLen: 100,
    });
    expect([p.tcpFlags, p.tcpHeaderLen, p.payloadCaptured]).toEqual([0x018, 32, 0]);
  });

  it('TCP cut after the data offset but before the flags: payload length still from IP', () => {
    const p = decode(228, TCP_WITH_OPTIONS, 20 + 13);
    expect(summary(p)).toMatchObject({
      truncated: true,
      hasTransport: false,
      srcPort: 40000,
      dstPort: 22,
      payloadLen: 100,
    });
  });

  it('TCP cut before the data offset: ports only, payload length assumes a 20-byte header', () => {
    const p = decode(228, TCP_WITH_OPTIONS, 20 + 10);
    expect(summary(p)).toMatchObject({
      truncated: true,
      hasTransport: false,
      srcPort: 40000,
      dstPort: 22,
      payloadLen: 112,
    });
    expect(summary(decode(228, TCP_WITH_OPTIONS, 20 + 3))).toMatchObject({
      truncated: true,
      srcPort: 0,
      payloadLen: 112,
    });
  });

  it('payload cut: truncated, payload length from IP, captured bytes counted', () => {
    const p = decode(228, TCP_WITH_OPTIONS, 100);
    expect(summary(p)).toMatchObject({ truncated: true, hasTransport: true, payloadLen: 100 });
    expect(p.payloadCaptured).toBe(48);
  });

  it('UDP header cut: ports when present, payload length from IP', () => {
    const p = decode(228, ipv4({ proto: 17 }, udp(1000, 2000, PAYLOAD_100)), 26);
    expect(summary(p)).toMatchObject({
      truncated: true,
      hasTransport: false,
      srcPort: 1000,
      dstPort: 2000,
    });
  });
});

describe('fragments', () => {
  it('IPv4: first fragment has ports, a later one has none', () => {
    const first = decode(228, ipv4({ proto: 17, frag: 0x2000, id: 7 }, udp(5, 6, PAYLOAD_100)));
    expect([first.isFragment, first.fragMore, first.fragOffset, first.srcPort, first.ipId]).toEqual(
      [true, true, 0, 5, 7],
    );
    const later = decode(228, ipv4({ proto: 17, frag: 185, id: 7 }, PAYLOAD_100));
    expect([
      later.isFragment,
      later.fragMore,
      later.fragOffset,
      later.hasTransport,
      later.payloadLen,
    ]).toEqual([true, false, 1480, false, 100]);
  });

  it('IPv6 fragment header: id, offset, M bit, upper-layer protocol', () => {
    const fh = (offset: number, more: boolean, next: number): number[] => [
      next,
      0,
      ...u16(offset | (more ? 1 : 0)),
      0xde,
      0xad,
      0xbe,
      0xef,
    ];
    const first = decode(229, ipv6(44, bytes(fh(0, true, 17), udp(5353, 5353, PAYLOAD_100))));
    expect(summary(first)).toMatchObject({
      ipProto: 17,
      srcPort: 5353,
      hasTransport: true,
      payloadLen: 100,
    });
    expect([
      first.isFragment,
      first.fragMore,
      first.fragOffset,
      first.ipId,
      first.ipHeaderLen,
    ]).toEqual([true, true, 0, 0xdeadbeef, 48]);
    const later = decode(229, ipv6(44, bytes(fh(1448, false, 17), PAYLOAD_100)));
    expect([
      later.isFragment,
      later.fragMore,
      later.fragOffset,
      later.hasTransport,
      later.payloadLen,
    ]).toEqual([true, false, 1448, false, 100]);
    expect(later.ipProto).toBe(17);
  });

  it('IPv6 hop-by-hop then destination options before TCP', () => {
    const ext = bytes([60, 0, 1, 4, 0, 0, 0, 0], [6, 0, 1, 4, 0, 0, 0, 0]);
    const p = decode(229, ipv6(0, bytes(ext, tcp(1, 2, 0x002))));
    expect([p.ipProto, p.ipHeaderLen, p.srcPort, p.payloadLen]).toEqual([6, 56, 1, 0]);
  });
});

describe('tunnels', () => {
  const nest = (depth: number): Uint8Array => {
    let pkt = IPV4_TCP;
    for (let i = 0; i < depth; i++) pkt = ipv4({ proto: 4, src: [192, 168, 0, i] }, pkt);
    return pkt;
  };

  it(`IP-in-IP up to ${MAX_TUNNELS} levels decodes the innermost packet`, () => {
    const p = decode(228, nest(MAX_TUNNELS));
    expect(summary(p)).toMatchObject({ skip: Skip.none, ipProto: 6, srcPort: 1234, payloadLen: 5 });
    expect(p.tunnels).toBe(MAX_TUNNELS);
  });

  it('one level more is skipped as "too many nested tunnels"', () => {
    expect(decode(228, nest(MAX_TUNNELS + 1)).skip).toBe(Skip.tooDeep);
  });

  it('IPv6-in-IPv4 and GRE with key and sequence number', () => {
    const sixin4 = decode(228, ipv4({ proto: 41 }, ipv6(6, tcp(9, 10, 0x002))));
    expect([sixin4.ipVersion, sixin4.srcPort, sixin4.tunnels]).toEqual([6, 9, 1]);
    const gre = decode(
      228,
      ipv4({ proto: 47 }, bytes(u16(0x3000), u16(0x0800), 0, 0, 0, 1, 0, 0, 0, 2, IPV4_TCP)),
    );
    expect(summary(gre)).toMatchObject({ ipProto: 6, srcPort: 1234, payloadLen: 5 });
  });
});
