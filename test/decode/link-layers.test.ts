/**
 * Link-layer decoding on hand-built frames where no fixture covers the case: PPPoE session,
 * MPLS label stacks, 802.3 LLC/SNAP, BSD null in both byte orders, OpenBSD loop, PPP with and
 * without the FF 03 address/control bytes and with a 1-byte protocol field, NFLOG.
 */
import { describe, expect, it } from 'vitest';
import { Skip } from '../../src/decode/packet.js';
import { formatAddress } from '../../src/decode/packet.js';
import {
  IPV4_TCP,
  bytes,
  decode,
  eth,
  ipv6,
  summary,
  tcp,
  u16,
} from '../helpers/frame-builders.js';

/** What IPV4_TCP decodes to. */
const TCP_SYN = {
  skip: Skip.none,
  truncated: false,
  ipVersion: 4,
  ipProto: 6,
  ipTotalLen: 45,
  srcPort: 1234,
  dstPort: 80,
  hasTransport: true,
  payloadLen: 5,
};
const IPV6_TCP = ipv6(6, tcp(5555, 443, 0x012));
const V6_SYNACK = {
  ...TCP_SYN,
  ipVersion: 6,
  ipTotalLen: 60,
  srcPort: 5555,
  dstPort: 443,
  payloadLen: 0,
};
const NOT_IP = { skip: Skip.notIp, ipVersion: 0 };

describe('PPPoE session (0x8864)', () => {
  const pppoe = (proto: number, inner: Uint8Array): Uint8Array =>
    eth(0x8864, bytes(0x11, 0x00, u16(0x0042), u16(inner.length + 2), u16(proto), inner));

  it('IPv4 (PPP 0x0021) and IPv6 (0x0057) are decoded', () => {
    expect(summary(decode(1, pppoe(0x0021, IPV4_TCP)))).toEqual(TCP_SYN);
    expect(summary(decode(1, pppoe(0x0057, IPV6_TCP)))).toEqual(V6_SYNACK);
  });

  it('LCP (0xc021) is not IP; a header cut short is truncated', () => {
    expect(decode(1, pppoe(0xc021, bytes(1, 1, 0, 4)))).toMatchObject(NOT_IP);
    expect(decode(1, pppoe(0x0021, IPV4_TCP), 14 + 7)).toMatchObject({
      skip: Skip.truncated,
      truncated: true,
    });
  });

  it('behind an 802.1Q tag', () => {
    const tagged = eth(
      0x8100,
      bytes(u16(0x2064), u16(0x8864), 0x11, 0, u16(1), u16(47), u16(0x21), IPV4_TCP),
    );
    const p = decode(1, tagged);
    expect(summary(p)).toEqual(TCP_SYN);
    expect(Array.from(p.vlanIds.subarray(0, p.vlanCount))).toEqual([100]);
  });
});

describe('MPLS (0x8847 / 0x8848)', () => {
  const label = (value: number, bottom: boolean): number[] => [
    (value >> 12) & 0xff,
    (value >> 4) & 0xff,
    ((value & 0xf) << 4) | (bottom ? 1 : 0),
    64,
  ];

  it('a two-label stack over IPv4, a one-label stack over IPv6 (by the version nibble)', () => {
    const p = decode(1, eth(0x8847, bytes(label(100, false), label(200, true), IPV4_TCP)));
    expect(summary(p)).toEqual(TCP_SYN);
    expect(p.mplsLabels).toBe(2);
    const q = decode(1, eth(0x8848, bytes(label(16, true), IPV6_TCP)));
    expect(summary(q)).toEqual(V6_SYNACK);
    expect(q.mplsLabels).toBe(1);
  });

  it('more than 8 labels without bottom-of-stack is "too deep"; a cut stack is truncated', () => {
    const labels = Array.from({ length: 9 }, (_, i) => label(i, false)).flat();
    expect(decode(1, eth(0x8847, bytes(labels, IPV4_TCP))).skip).toBe(Skip.tooDeep);
    expect(decode(1, eth(0x8847, bytes(label(1, false), label(2, true), IPV4_TCP)), 20).skip).toBe(
      Skip.truncated,
    );
  });
});

describe('802.3 with LLC/SNAP', () => {
  const dot3 = (llc: Uint8Array): Uint8Array =>
    bytes([1, 0, 0, 0, 0, 1], [2, 0, 0, 0, 0, 2], u16(llc.length), llc);

  it('SNAP with EtherType 0x0800 is followed to IPv4', () => {
    expect(
      summary(decode(1, dot3(bytes(0xaa, 0xaa, 0x03, 0, 0, 0, u16(0x0800), IPV4_TCP)))),
    ).toEqual(TCP_SYN);
  });

  it('plain LLC (STP, CDP over SNAP with a non-IP type) is not IP', () => {
    expect(decode(1, dot3(bytes(0x42, 0x42, 0x03, 0, 0, 0, 0)))).toMatchObject(NOT_IP);
    expect(decode(1, dot3(bytes(0xaa, 0xaa, 0x03, 0, 0, 0x0c, u16(0x2000), 1, 2)))).toMatchObject(
      NOT_IP,
    );
  });
});

describe('BSD null (0) and OpenBSD loop (108)', () => {
  const le = (family: number): number[] => [family, 0, 0, 0];
  const be = (family: number): number[] => [0, 0, 0, family];

  it.each([
    ['AF_INET little-endian', le(2)],
    ['AF_INET big-endian', be(2)],
  ])('null, %s → IPv4', (_name, header) => {
    expect(summary(decode(0, bytes(header, IPV4_TCP)))).toEqual(TCP_SYN);
  });

  it.each([24, 28, 30])('null, AF_INET6 = %i in both byte orders → IPv6', (family) => {
    expect(summary(decode(0, bytes(le(family), IPV6_TCP)))).toEqual(V6_SYNACK);
    expect(summary(decode(0, bytes(be(family), IPV6_TCP)))).toEqual(V6_SYNACK);
  });

  it('loop (108) is always network byte order', () => {
    expect(summary(decode(108, bytes(be(2), IPV4_TCP)))).toEqual(TCP_SYN);
    expect(summary(decode(108, bytes(be(24), IPV6_TCP)))).toEqual(V6_SYNACK);
    expect(decode(108, bytes(le(2), IPV4_TCP))).toMatchObject(NOT_IP);
  });

  it('an unknown family is not IP; fewer than 4 bytes is truncated', () => {
    expect(decode(0, bytes(le(7), IPV4_TCP))).toMatchObject(NOT_IP);
    expect(decode(0, bytes(le(2)), 3)).toMatchObject({ skip: Skip.truncated, truncated: true });
  });
});

describe('PPP (9)', () => {
  it.each([
    ['FF 03 + 2-byte protocol', [0xff, 0x03, 0x00, 0x21]],
    ['2-byte protocol, no FF 03', [0x00, 0x21]],
    ['1-byte protocol (PFC)', [0x21]],
    ['FF 03 + 1-byte protocol', [0xff, 0x03, 0x21]],
  ])('%s → IPv4', (_name, header) => {
    expect(summary(decode(9, bytes(header, IPV4_TCP)))).toEqual(TCP_SYN);
  });

  it('IPv6 as 0x0057 and as 1-byte 0x57; LCP is not IP', () => {
    expect(summary(decode(9, bytes(0xff, 0x03, u16(0x57), IPV6_TCP)))).toEqual(V6_SYNACK);
    expect(summary(decode(9, bytes(0x57, IPV6_TCP)))).toEqual(V6_SYNACK);
    expect(decode(9, bytes(0xff, 0x03, u16(0xc021), 1, 1, 0, 4))).toMatchObject(NOT_IP);
  });
});

describe('raw IP, SLL, NFLOG', () => {
  it('raw IP picks the version from the first nibble (101, 12, 14); 228/229 are fixed', () => {
    for (const lt of [101, 12, 14]) {
      expect(summary(decode(lt, IPV4_TCP))).toEqual(TCP_SYN);
      expect(summary(decode(lt, IPV6_TCP))).toEqual(V6_SYNACK);
    }
    expect(summary(decode(228, IPV4_TCP))).toEqual(TCP_SYN);
    expect(decode(228, IPV6_TCP).skip).toBe(Skip.badHeader);
    expect(summary(decode(229, IPV6_TCP))).toEqual(V6_SYNACK);
  });

  it('NFLOG: the payload TLV (type 9) after other TLVs', () => {
    const tlv = (type: number, value: Uint8Array): Uint8Array => {
      const len = 4 + value.length;
      return bytes(len & 0xff, len >> 8, type, 0, value, new Uint8Array((4 - (len % 4)) % 4));
    };
    const frame = bytes(2, 0, u16(1), tlv(1, bytes(8, 0, 1, 0, 0, 0)), tlv(9, IPV4_TCP));
    const p = decode(239, frame);
    expect(summary(p)).toEqual(TCP_SYN);
    expect(formatAddress(4, p.src)).toBe('10.0.0.1');
  });

  it('unknown link types (802.11 = 105, radiotap = 127, user 160) are skipped by reason', () => {
    for (const lt of [105, 127, 160]) expect(decode(lt, IPV4_TCP).skip).toBe(Skip.linkType);
  });
});
