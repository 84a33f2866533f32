/**
 * Community ID v1 against the specification's published baseline (corelight/community-id-spec,
 * baseline/baseline_deflt.json: seed 0, base64). The table gives ICMP rows with their port-like
 * values already mapped (type and counterpart type, or type and code when one-way), so ICMP rows
 * are checked twice: through communityId with those values, and through icmpPorts from the
 * message's type and code.
 */
import { describe, expect, it } from 'vitest';
import {
  communityId,
  endpointCommunityId,
  hostBytes,
  icmpPorts,
} from '../../src/flow/community-id.js';

/** [proto, saddr, daddr, sport, dport, community id] from baseline_deflt.json. */
const BASELINE: [number, string, string, number | null, number | null, string][] = [
  [
    58,
    'fe80::200:86ff:fe05:80da',
    'fe80::260:97ff:fe07:69ea',
    135,
    136,
    '1:dGHyGvjMfljg6Bppwm3bg0LO8TY=',
  ],
  [
    58,
    'fe80::260:97ff:fe07:69ea',
    'fe80::200:86ff:fe05:80da',
    136,
    135,
    '1:dGHyGvjMfljg6Bppwm3bg0LO8TY=',
  ],
  [
    58,
    'fe80::260:97ff:fe07:69ea',
    'fe80::200:86ff:fe05:80da',
    135,
    136,
    '1:zavyT/cezQr1fmImYCwYnMXbgck=',
  ],
  [
    58,
    'fe80::200:86ff:fe05:80da',
    'fe80::260:97ff:fe07:69ea',
    136,
    135,
    '1:zavyT/cezQr1fmImYCwYnMXbgck=',
  ],
  [
    58,
    '3ffe:501:1800:2345::2',
    '3ffe:507:0:1:200:86ff:fe05:80da',
    3,
    0,
    '1:2ObVBgIn28oZvibYZhZMBgh7WdQ=',
  ],
  [
    58,
    '3ffe:501:410:0:2c0:dfff:fe47:33e',
    '3ffe:507:0:1:200:86ff:fe05:80da',
    1,
    4,
    '1:hLZd0XGWojozrvxqE0dWB1iM6R0=',
  ],
  [
    58,
    '3ffe:507:0:1:200:86ff:fe05:80da',
    '3ffe:501:0:1001::2',
    128,
    129,
    '1:+TW+HtLHvV1xnGhV1lv7XoJrqQg=',
  ],
  [
    58,
    '3ffe:501:0:1001::2',
    '3ffe:507:0:1:200:86ff:fe05:80da',
    129,
    128,
    '1:+TW+HtLHvV1xnGhV1lv7XoJrqQg=',
  ],
  [58, 'fe80::200:86ff:fe05:80da', 'ff02::2', 133, 134, '1:hO+sN4H+MG5MY/8hIrXPqc4ZQz0='],
  [58, 'fe80::260:97ff:fe07:69ea', 'ff02::1', 134, 133, '1:pkvHqCL88/tg1k4cPigmZXUtL00='],
  [1, '192.168.0.89', '192.168.0.1', 8, 0, '1:X0snYXpgwiv9TZtqg64sgzUn6Dk='],
  [1, '192.168.0.1', '192.168.0.89', 0, 8, '1:X0snYXpgwiv9TZtqg64sgzUn6Dk='],
  [1, '10.0.0.1', '10.0.0.2', 11, 0, '1:YHxtAirCG//0OzkcVAukqKQN9xM='],
  [
    6,
    '2001:470:e5bf:dead:4957:2174:e82c:4887',
    '2607:f8b0:400c:c03::1a',
    63943,
    25,
    '1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=',
  ],
  [
    6,
    '2607:f8b0:400c:c03::1a',
    '2001:470:e5bf:dead:4957:2174:e82c:4887',
    25,
    63943,
    '1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=',
  ],
  [132, '192.168.170.8', '192.168.170.56', 7, 7, '1:MP2EtRCAUIZvTw6MxJHLV7N7JDs='],
  [132, '192.168.170.56', '192.168.170.8', 7, 7, '1:MP2EtRCAUIZvTw6MxJHLV7N7JDs='],
  [6, '128.232.110.120', '66.35.250.204', 34855, 80, '1:LQU9qZlK+B5F3KDmev6m5PMibrg='],
  [6, '66.35.250.204', '128.232.110.120', 80, 34855, '1:LQU9qZlK+B5F3KDmev6m5PMibrg='],
  [17, '192.168.1.52', '8.8.8.8', 54585, 53, '1:d/FP5EW3wiY1vCndhwleRRKHowQ='],
  [17, '8.8.8.8', '192.168.1.52', 53, 54585, '1:d/FP5EW3wiY1vCndhwleRRKHowQ='],
  [46, '10.1.12.1', '10.1.12.2', null, null, '1:KHlLkgoJW7ifUTyTSgyVfkFHzKw='],
  [46, '10.1.12.2', '10.1.12.1', null, null, '1:KHlLkgoJW7ifUTyTSgyVfkFHzKw='],
];

/** Bytes of an IPv4 dotted quad or an IPv6 address (with at most one `::`). */
function addressBytes(text: string): Uint8Array {
  if (!text.includes(':')) return Uint8Array.from(text.split('.').map(Number));
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    const v = parseInt(g, 16);
    out[2 * i] = v >> 8;
    out[2 * i + 1] = v & 255;
  });
  return out;
}

/** A record's endpoints (packed addresses, as flow/key.ts holds them). */
function endpoints(ipProto: number, saddr: string, daddr: string, ports: number[], icmp: number[]) {
  const [srcPort, dstPort] = ports as [number, number];
  const [icmpType, icmpCode] = icmp as [number, number];
  const [srcHost, dstHost] = [packed(saddr), packed(daddr)];
  return { ipProto, srcHost, srcPort, dstHost, dstPort, icmpType, icmpCode };
}

/** A packed address as flow/key.ts holds it (two bytes per code unit). */
function packed(text: string): string {
  const b = addressBytes(text);
  let s = '';
  for (let i = 0; i < b.length; i += 2) s += String.fromCharCode((b[i]! << 8) | b[i + 1]!);
  return s;
}

describe('Community ID v1, seed 0 (specification baseline)', () => {
  it.each(BASELINE)('proto %i %s → %s (%s, %s)', (proto, saddr, daddr, sport, dport, id) => {
    const src = addressBytes(saddr);
    const dst = addressBytes(daddr);
    const icmp = proto === 1 || proto === 58;
    // One-way ICMP messages (no counterpart) keep their order.
    const oneWay = icmp && icmpPorts(sport!, dport!, proto === 58).oneWay;
    const tuple = { proto, src, dst, srcPort: sport ?? 0, dstPort: dport ?? 0, oneWay };
    expect(communityId(tuple)).toBe(id);
  });

  it.each(BASELINE.filter((v) => v[0] === 1 || v[0] === 58))(
    'ICMP record proto %i %s → %s, type %s: from type and code → %s',
    (proto, saddr, daddr, sport, dport, id) => {
      const v6 = proto === 58;
      // A paired type's code is not hashed; a one-way message's code is the table's dport.
      const code = icmpPorts(sport!, 0, v6).oneWay ? dport! : 0;
      const e = endpoints(proto, saddr, daddr, [0, 0], [sport!, code]);
      expect(endpointCommunityId(e)).toBe(id);
    },
  );

  it('maps ICMP types to counterparts, and one-way messages to type and code', () => {
    expect(icmpPorts(8, 0, false)).toEqual({ srcPort: 8, dstPort: 0, oneWay: false });
    expect(icmpPorts(0, 0, false)).toEqual({ srcPort: 0, dstPort: 8, oneWay: false });
    expect(icmpPorts(3, 3, false)).toEqual({ srcPort: 3, dstPort: 3, oneWay: true });
    expect(icmpPorts(128, 0, true)).toEqual({ srcPort: 128, dstPort: 129, oneWay: false });
    expect(icmpPorts(1, 4, true)).toEqual({ srcPort: 1, dstPort: 4, oneWay: true });
  });

  it('keeps a one-way message in the order given, even when the source is higher', () => {
    const hi = addressBytes('10.0.0.2');
    const lo = addressBytes('10.0.0.1');
    const fwd = communityId({ proto: 1, src: hi, dst: lo, srcPort: 11, dstPort: 0, oneWay: true });
    const rev = communityId({ proto: 1, src: lo, dst: hi, srcPort: 11, dstPort: 0, oneWay: true });
    expect(fwd).not.toBe(rev);
    expect(rev).toBe('1:YHxtAirCG//0OzkcVAukqKQN9xM=');
  });

  it('TCP from packed IPv4 hosts equals the baseline row', () => {
    const e = endpoints(6, '66.35.250.204', '128.232.110.120', [80, 34855], [0, 0]);
    expect(endpointCommunityId(e)).toBe('1:LQU9qZlK+B5F3KDmev6m5PMibrg=');
  });

  it.each(BASELINE.filter((v) => v[0] !== 1 && v[0] !== 58))(
    'record proto %i %s → %s (%s, %s) from packed hosts → %s',
    (proto, saddr, daddr, sport, dport, id) => {
      const e = endpoints(proto, saddr, daddr, [sport ?? 0, dport ?? 0], [0, 0]);
      expect(endpointCommunityId(e)).toBe(id);
    },
  );

  it('from packed hosts equals communityId of their bytes: 3,000 random IPv4/IPv6 TCP, UDP, ICMP records', () => {
    let s = 12345;
    const rnd = (n: number): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) % n;
    const host = (v6: boolean): string =>
      String.fromCharCode(
        ...Array.from({ length: v6 ? 8 : 2 }, () => (rnd(4) === 0 ? 0 : rnd(65536))),
      );
    for (let k = 0; k < 3000; k++) {
      const v6 = rnd(2) === 1;
      const proto = [6, 17, v6 ? 58 : 1][rnd(3)]!;
      const srcHost = host(v6);
      const dstHost = rnd(5) === 0 ? srcHost : host(v6);
      const e = {
        ipProto: proto,
        srcHost,
        dstHost,
        srcPort: rnd(65536),
        dstPort: rnd(3) === 0 ? 80 : rnd(65536),
        icmpType: rnd(256),
        icmpCode: rnd(16),
      };
      const icmp = proto === 1 || proto === 58;
      const ports = icmp
        ? icmpPorts(e.icmpType, e.icmpCode, proto === 58)
        : { srcPort: e.srcPort, dstPort: e.dstPort, oneWay: false };
      const want = communityId({
        proto,
        src: hostBytes(srcHost),
        dst: hostBytes(dstHost),
        ...ports,
      });
      expect(endpointCommunityId(e)).toBe(want);
    }
  });
});
