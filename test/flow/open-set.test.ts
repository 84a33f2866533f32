import { describe, expect, it } from 'vitest';
import { Connection, compareConnections } from '../../src/flow/connection.js';
import { PacketKey, keyPacket } from '../../src/flow/key.js';
import { OpenConnections } from '../../src/flow/open-set.js';
import { pkt } from './packets.js';

/** A record keyed like the packet of `spec`. */
function keyed(src: string, dst: string, sport: number, dport: number): [Connection, PacketKey] {
  const pk = new PacketKey();
  keyPacket(pkt({ t: 0, src, dst, sport, dport }), pk);
  const c = new Connection('tcp', 4);
  c.setKey(pk);
  return [c, pk];
}

describe('open connections by numeric key', () => {
  it('agrees with a Map under random adds and deletes (probe chains survive deletion)', () => {
    const set = new OpenConnections();
    const ref = new Map<string, Connection>();
    let seed = 12345;
    const rnd = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    for (let step = 0; step < 20_000; step++) {
      const [c, pk] = keyed(`10.0.${rnd(4)}.${rnd(40)}`, '10.1.0.1', 1000 + rnd(30), 80);
      const key = c.key;
      const open = ref.get(key);
      expect(set.get(pk)).toBe(open);
      if (open === undefined) {
        set.add(c);
        ref.set(key, c);
      } else if (rnd(2) === 0) {
        set.delete(open);
        ref.delete(key);
      }
      expect(set.size).toBe(ref.size);
    }
    for (const [key, c] of ref) {
      const [, pk] = keyed(...endpointsOf(key));
      expect(set.get(pk)).toBe(c);
    }
  });

  it('orders IPv4 keys as their texts', () => {
    const hosts = ['1.2.3.4', '200.1.1.1', '1.2.3.5', '128.0.0.0', '127.255.255.255'];
    const ports = [1, 80, 40000, 65535];
    const cs: Connection[] = [];
    for (const a of hosts)
      for (const b of hosts) for (const p of ports) cs.push(keyed(a, b, p, ports[p % 4]!)[0]);
    for (const a of cs)
      for (const b of cs) {
        const text = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
        expect(Math.sign(compareConnections(a, b))).toBe(text);
      }
  });
});

/** Dotted addresses and ports of an IPv4 key text (lower endpoint first). */
function endpointsOf(key: string): [string, string, number, number] {
  const addr = (hi: number, lo: number): string =>
    [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');
  const u = (i: number): number => key.charCodeAt(i);
  return [addr(u(1), u(2)), addr(u(4), u(5)), u(3), u(6)];
}
