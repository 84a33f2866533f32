import { describe, expect, it } from 'vitest';
import { readPackets } from '../../src/app/shared/read-packets.js';
import { FragmentReassembler, type FragmentConfig } from '../../src/decode/fragments.js';
import { formatAddress, type DecodedPacket } from '../../src/decode/packet.js';

interface Outcome {
  stats: FragmentReassembler['stats'];
  done: string[];
  incomplete: string[];
}

function describePacket(p: DecodedPacket, frags: number, bad: number): string {
  const src = formatAddress(p.ipVersion, p.src);
  const dst = formatAddress(p.ipVersion, p.dst);
  return `${src}:${p.srcPort}>${dst}:${p.dstPort} proto=${p.ipProto} len=${p.payloadLen} frags=${frags} bad=${bad}`;
}

async function reassemble(file: string, config?: FragmentConfig): Promise<Outcome> {
  const r = new FragmentReassembler(config);
  const done: string[] = [];
  const incomplete: string[] = [];
  await readPackets(`fixtures/pcaps/${file}`, (p) => {
    if (p.skip !== 0 || !p.isFragment) return;
    const d = r.add(p);
    if (d !== undefined) done.push(describePacket(d.packet, d.fragments, d.badFragments));
  });
  r.flush((d) => incomplete.push(describePacket(d.packet, d.fragments, d.badFragments)));
  return { stats: { ...r.stats }, done, incomplete };
}

describe('FragmentReassembler on real captures', () => {
  it('teardrop: the overlapping second fragment is one bad fragment', async () => {
    const o = await reassemble('attack/teardrop.pcap');
    expect(o.stats).toEqual({ datagrams: 1, overlaps: 1, oversize: 0, timedOut: 0, evicted: 0 });
    expect(o.done).toEqual(['10.1.1.1:31915>129.111.30.27:20197 proto=17 len=20 frags=2 bad=1']);
  });

  it('teardrop whose last fragment ends inside an earlier one: cut at that end, not a crash', async () => {
    // fixtures/lab/train/teardrop_2: per datagram 0–48 (MF), 40–64 (MF), then 16–24 (last)
    const r = new FragmentReassembler();
    const done: string[] = [];
    await readPackets('fixtures/lab/train/teardrop_2.pcap.gz', (p) => {
      if (p.skip !== 0 || !p.isFragment) return;
      const d = r.add(p);
      if (d !== undefined) done.push(describePacket(d.packet, d.fragments, d.badFragments));
    });
    expect(r.stats).toEqual({ datagrams: 40, overlaps: 80, oversize: 0, timedOut: 0, evicted: 0 });
    expect(new Set(done.map((d) => d.replace(/:\d+>/, ':P>')))).toEqual(
      new Set(['169.254.77.1:P>169.254.77.2:1434 proto=17 len=16 frags=3 bad=2']),
    );
  });

  it('NFS over UDP with duplicated and reordered fragments: 6 datagrams, no overlap', async () => {
    const o = await reassemble('encap/ipv4_fragments.pcap');
    expect(o.stats).toEqual({ datagrams: 6, overlaps: 0, oversize: 0, timedOut: 2, evicted: 0 });
    const nfs = '10.118.213.212:789>10.118.213.211:2049 proto=17 len=8312';
    // Datagrams 0x1ea3-0x1ea5 have 4 of their 6 fragments captured twice: 10 fragments, none bad.
    expect(o.done).toEqual([6, 6, 6, 10, 10, 10].map((n) => `${nfs} frags=${n} bad=0`));
    // The two late duplicates of a last fragment arrive after their datagram completed.
    expect(o.incomplete).toEqual([]);
  });

  it('hping3 datagrams that reuse one IP id are reassembled one after the other', async () => {
    const o = await reassemble('generated/udp_fragments_lo.pcap');
    expect(o.stats.datagrams).toBe(50);
    expect(o.stats.overlaps).toBe(0);
    expect(o.done[0]).toBe('127.0.0.1:2952>127.0.0.1:9999 proto=17 len=3000 frags=6 bad=0');
  });

  it('IPv6 Fragment headers: ICMPv6 echo of 1508 bytes', async () => {
    const o = await reassemble('encap/ipv6_fragments.pcapng');
    expect(o.stats.datagrams).toBe(10);
    expect(o.done[0]).toBe(
      '2001:db8:1:2::1003:0>2001:db8:1:2::1000:0 proto=58 len=1508 frags=2 bad=0',
    );
  });

  it('datagrams whose other fragments were never captured time out, and are delivered incomplete', async () => {
    const o = await reassemble('attack/dns_amp_rrsig_fragmented.pcap');
    expect(o.stats).toEqual({
      datagrams: 338,
      overlaps: 0,
      oversize: 0,
      timedOut: 189,
      evicted: 0,
    });
    expect(o.incomplete.length).toBeGreaterThan(0);
    expect(o.incomplete[0]).toMatch(/:53>10\.10\.10\.10:22 proto=17 len=1472 frags=1 bad=0$/);
  });

  it('bounds the datagrams in progress and counts evictions', async () => {
    const o = await reassemble('attack/dns_amp_rrsig_fragmented.pcap', {
      timeoutSec: 30,
      maxDatagrams: 4,
      maxBytes: 1 << 20,
    });
    expect(o.stats.evicted).toBeGreaterThan(0);
    expect(o.stats.datagrams + o.stats.evicted + o.stats.timedOut).toBeGreaterThanOrEqual(338);
  });
});
