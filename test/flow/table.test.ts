import { describe, expect, it } from 'vitest';
import { DecodedPacket, Proto } from '../../src/decode/packet.js';
import { newPayload, type Connection } from '../../src/flow/connection.js';
import { DEFAULT_FLOW_CONFIG } from '../../src/flow/flow-config.js';
import { FlowTable } from '../../src/flow/table.js';
import { formatHost } from '../../src/flow/key.js';
import { c2s, pkt, runTable, s2c } from './packets.js';

const handshake = [
  c2s(0, 'S', { seq: 99 }),
  s2c(0.1, 'SA', { seq: 499 }),
  c2s(0.2, 'A', { seq: 100 }),
];

describe('connection table (§2, §3)', () => {
  it('counts payload per direction, retransmissions once (by sequence number)', () => {
    const { records } = runTable([
      ...handshake,
      c2s(0.3, 'PA', { seq: 100, len: 50 }),
      c2s(0.4, 'PA', { seq: 100, len: 50 }), // retransmission
      c2s(0.5, 'PA', { seq: 130, len: 40 }), // overlaps: 20 new bytes
      s2c(0.6, 'PA', { seq: 500, len: 300 }),
    ]);
    expect(records).toHaveLength(1);
    expect([records[0]!.srcBytes, records[0]!.dstBytes]).toEqual([70, 300]);
  });

  it('newPayload handles sequence wrap-around', () => {
    const t = { init: false, high: 0 };
    expect(newPayload(t, 0xfffffff0, false, 0x10)).toBe(0x10);
    expect(newPayload(t, 0, false, 8)).toBe(8);
    expect(newPayload(t, 0xfffffff8, false, 0x10)).toBe(0);
  });

  it('originator is the first sender; direction by full endpoint (loopback)', () => {
    const lo = { src: '127.0.0.1', dst: '127.0.0.1' };
    const { records } = runTable([
      { t: 0, ...lo, sport: 5000, dport: 80, flags: 'S' },
      { t: 0.1, ...lo, sport: 80, dport: 5000, flags: 'SA' },
      { t: 0.2, ...lo, sport: 5000, dport: 80, flags: 'PA', seq: 1, len: 10 },
      { t: 0.3, ...lo, sport: 80, dport: 5000, flags: 'PA', seq: 1, len: 99 },
    ]);
    const c = records[0]!;
    expect([c.origPort, c.respPort, c.srcBytes, c.dstBytes, c.land]).toEqual([
      5000,
      80,
      10,
      99,
      false,
    ]);
  });

  it('land = 1 when address and port are equal on both sides', () => {
    const land = { src: '10.0.0.9', dst: '10.0.0.9', sport: 139, dport: 139 };
    const { records } = runTable([
      { t: 0, ...land, flags: 'S' },
      { t: 0, ...land, flags: 'RA' },
    ]);
    expect(records.map((c) => [c.land, c.flag()])).toEqual([[true, 'REJ']]);
  });

  it('urgent counts URG packets of both directions', () => {
    const { records } = runTable([...handshake, c2s(0.3, 'UA'), s2c(0.4, 'UA'), c2s(0.5, 'A')]);
    expect(records[0]!.urgent).toBe(2);
  });

  it('UDP: one record per 5-tuple until idle (60 s), flag SF', () => {
    const u = (t: number, back = false) =>
      back ? s2c(t, '', { proto: 'udp', len: 5 }) : c2s(t, '', { proto: 'udp', len: 3 });
    const { records } = runTable([u(0), u(0.1, true), u(59), u(120), u(120.5, true)]);
    expect(records.map((c) => [c.flag(), c.srcBytes, c.dstBytes])).toEqual([
      ['SF', 6, 5],
      ['SF', 3, 5],
    ]);
  });

  it('ICMP: one record per message, src_bytes = message length, dst_bytes 0', () => {
    const i = (t: number, type: number, back = false) =>
      back
        ? s2c(t, '', { proto: 'icmp', icmpType: type, len: 64 })
        : c2s(t, '', { proto: 'icmp', icmpType: type, len: 64 });
    const { records } = runTable([i(0, 8), i(0.001, 0, true), i(1, 8), i(1.001, 0, true)]);
    expect(records.map((c) => [c.icmpType, c.srcBytes, c.dstBytes, c.durationSec()])).toEqual([
      [8, 64, 0, 0],
      [0, 64, 0, 0],
      [8, 64, 0, 0],
      [0, 64, 0, 0],
    ]);
    expect(formatHost(records[1]!.origHost, 4)).toBe('10.0.0.2');
  });

  it('S0 times out after 5 s of packet time: a later SYN is a new record', () => {
    expect(runTable([c2s(0, 'S'), c2s(4.9, 'S'), c2s(10.0, 'S')]).records).toHaveLength(2);
  });

  it('established connections stay open 300 s idle', () => {
    const r = runTable([...handshake, c2s(299, 'A'), c2s(600, 'A')]).records;
    expect(r.map((c) => c.flag())).toEqual(['S1', 'OTH']);
  });

  it('duration: whole seconds, truncated; 0 for S0', () => {
    const r = runTable([...handshake, c2s(2.99, 'FA'), s2c(3.1, 'FA')]).records;
    expect(r[0]!.durationSec()).toBe(3);
    expect(runTable([c2s(0, 'S'), c2s(3, 'S')]).records[0]!.durationSec()).toBe(0);
  });

  it('emits records sorted by start time although they end in another order', () => {
    const long = (t: number, f: string) => c2s(t, f, { sport: 1111 });
    const { records } = runTable([
      long(0, 'S'), // a long connection: open until the end
      s2c(0.1, 'SA', { dport: 1111 }),
      long(0.2, 'A'),
      c2s(1, 'S', { sport: 2222 }),
      s2c(1.001, 'RA', { dport: 2222 }), // REJ, closes early
      c2s(7, 'S', { sport: 3333 }),
      long(8, 'FA'),
      s2c(8.1, 'FA', { dport: 1111 }),
    ]);
    expect(records.map((c) => c.origPort)).toEqual([1111, 2222, 3333]);
  });

  it('ties in start time are ordered by key', () => {
    const { records } = runTable([c2s(0, 'S', { sport: 9 }), c2s(0, 'S', { sport: 8 })]);
    expect(records.map((c) => c.origPort)).toEqual([8, 9]);
  });

  it('caps open connections and counts evictions', () => {
    const config = Object.freeze({ ...DEFAULT_FLOW_CONFIG, maxOpen: 3 });
    const specs = [1, 2, 3, 4, 5].map((i) => c2s(i * 0.1, 'S', { sport: 1000 + i }));
    const { records, table } = runTable(specs, config);
    expect(records).toHaveLength(5);
    expect(table.stats.evictions).toBe(2);
    expect(records.filter((c: Connection) => c.evicted).map((c) => c.origPort)).toEqual([
      1001, 1002,
    ]);
  });

  it('caps held records by closing the blocking connection early', () => {
    const config = Object.freeze({ ...DEFAULT_FLOW_CONFIG, maxHeld: 2 });
    const specs = [...handshake];
    for (let i = 0; i < 6; i++)
      specs.push(
        c2s(1 + i * 2, 'S', { sport: 2000 + i }),
        s2c(1.1 + i * 2, 'RA', { dport: 2000 + i }),
      );
    const { records, table } = runTable(specs, config);
    expect(records.map((c) => c.startMicros)).toEqual(
      [...records.map((c) => c.startMicros)].sort((a, b) => a - b),
    );
    expect(table.stats.evictions).toBe(1);
  });

  it('ignores frames without IP or transport', () => {
    const table = new FlowTable(() => undefined);
    const p = new DecodedPacket();
    p.skip = 2;
    table.add(p);
    const q = pkt({ t: 0 });
    q.ipProto = Proto.gre;
    table.add(q);
    table.finish();
    expect(table.stats).toMatchObject({ packets: 2, ignored: 2, records: 0 });
  });
});
