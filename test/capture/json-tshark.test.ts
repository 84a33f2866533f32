/**
 * tshark `-T json` / `-T ek` exports (fixtures/pcaps/json, made from fixture captures with
 * tshark 4.0.17; fixtures/README.md) read against the captures they came from: per packet, and
 * as connections → KDD feature rows. With raw bytes (`-x`) everything is equal; without, every
 * field the export carries is equal and the payload bytes are absent.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFeatures } from '../../src/app/features/features.js';
import { readPackets } from '../../src/app/shared/read-packets.js';
import { formatAddress, type DecodedPacket } from '../../src/decode/packet.js';
import type { FeatureRow } from '../../src/features/kdd.js';
import { PCAPS } from '../helpers/fixtures.js';

/** Export base name → the capture it was made from. */
const SOURCES: Record<string, string> = {
  teardrop: 'attack/teardrop.pcap',
  http_dumpcap_lo: 'generated/http_dumpcap_lo.pcapng',
  pcapng_2if_eth_sll: 'format/pcapng_2if_eth_sll_comments_nsec.pcapng',
  http_browse: 'benign/http_browse.pcap',
  nmap_syn_scan_lo_eth: 'generated/nmap_syn_scan_lo_eth.pcap',
  ipv4_fragments: 'encap/ipv4_fragments.pcap',
  ipv6_fragments: 'encap/ipv6_fragments.pcapng',
  gre_sample: 'encap/gre_sample.pcap',
  qinq_http: 'encap/qinq_http.pcap',
  vxlan: 'encap/vxlan.pcap',
  icmp_destunreach_udp: 'encap/icmp_destunreach_udp.pcap',
};

const EXPORTS = readdirSync(join(PCAPS, 'json'))
  .filter((f) => f.includes('.tshark.'))
  .sort();

/** The fields an export without raw bytes carries, as comparable text. */
function fieldView(p: DecodedPacket): Record<string, unknown> {
  return {
    index: p.index,
    time: `${p.tsSec}.${p.tsNsec}`,
    origLen: p.origLen,
    ip: p.skip === 0 ? p.ipVersion : `skip ${p.skip}`,
    src: formatAddress(p.ipVersion, p.src),
    dst: formatAddress(p.ipVersion, p.dst),
    proto: p.ipProto,
    ipTotalLen: p.ipTotalLen,
    ipHeaderLen: p.ipHeaderLen,
    ipId: p.ipId,
    ttl: p.ttl,
    frag: [p.isFragment, p.fragMore, p.fragOffset],
    ports: [p.srcPort, p.dstPort],
    tcp: [p.tcpFlags, p.tcpSeq, p.tcpAck, p.tcpHeaderLen],
    udpLen: p.udpLen,
    icmp: [p.icmpType, p.icmpCode],
    payloadLen: p.payloadLen,
    vlans: Array.from(p.vlanIds.subarray(0, p.vlanCount)),
  };
}

/** Everything, payload bytes included. */
function fullView(p: DecodedPacket): Record<string, unknown> {
  return {
    ...fieldView(p),
    linkType: p.linkType,
    capLen: p.capLen,
    truncated: p.truncated,
    tunnels: p.tunnels,
    frame: Buffer.from(p.buf.subarray(p.frameOffset, p.frameOffset + p.capLen)).toString('hex'),
  };
}

async function packets(path: string, view: (p: DecodedPacket) => Record<string, unknown>) {
  const out: Record<string, unknown>[] = [];
  const r = await readPackets(path, (p) => out.push(view(p)));
  return { out, r };
}

async function rows(path: string): Promise<{ rows: FeatureRow[]; error: unknown }> {
  const out: FeatureRow[] = [];
  const r = await extractFeatures(path, (row) => out.push(structuredClone(row)));
  return { rows: out, error: r.error };
}

describe('tshark exports against their captures', () => {
  it('covers every export in fixtures/pcaps/json', () => {
    expect(EXPORTS.length).toBe(43);
    for (const f of EXPORTS) expect(SOURCES[f.split('.tshark')[0]!], f).toBeDefined();
  });

  it.each(EXPORTS)('%s: packets equal the capture’s', async (file) => {
    const raw = file.includes('.raw.');
    const view = raw ? fullView : fieldView;
    const capture = await packets(join(PCAPS, SOURCES[file.split('.tshark')[0]!]!), view);
    const exported = await packets(join(PCAPS, 'json', file), view);
    expect(exported.r.error).toBeUndefined();
    expect(exported.out.length).toBe(capture.out.length);
    // Non-IP frames: the capture says why (ARP, LLC …); the export is rebuilt as "not IP".
    const ipOnly = (list: Record<string, unknown>[]) =>
      list.map((v) => (typeof v.ip === 'string' ? { index: v.index, ip: 'not ip' } : v));
    expect(raw ? exported.out : ipOnly(exported.out)).toEqual(
      raw ? capture.out : ipOnly(capture.out),
    );
    expect(exported.r.info.version).toBe(
      raw ? 'raw bytes (frame_raw)' : 'dissected fields (no frame_raw)',
    );
  });

  it.each(EXPORTS)('%s: connections and feature rows equal the capture’s', async (file) => {
    const capture = await rows(join(PCAPS, SOURCES[file.split('.tshark')[0]!]!));
    const exported = await rows(join(PCAPS, 'json', file));
    expect(exported.error).toBeUndefined();
    expect(exported.rows.length).toBeGreaterThan(0);
    expect(exported.rows).toEqual(capture.rows);
  });

  it('the summary names the format, the path taken and the link types', async () => {
    const raw = await readPackets(join(PCAPS, 'json/pcapng_2if_eth_sll.tshark.raw.json'));
    expect(raw.info).toMatchObject({
      format: 'tshark json',
      version: 'raw bytes (frame_raw)',
      linkTypes: [1, 113],
      interfaces: 2,
    });
    expect(raw.warnings).toEqual([]);
    const ek = await readPackets(join(PCAPS, 'json/teardrop.tshark.ek.ndjson'));
    expect(ek.info).toMatchObject({
      format: 'tshark ek (json lines)',
      version: 'dissected fields (no frame_raw)',
    });
    expect(ek.warnings.map((w) => w.message)).toEqual([
      expect.stringContaining('no raw bytes in this export (frame_raw)'),
    ]);
  });

  it('tshark -T ek writes some strings byte for byte (not UTF-8): read on, no error', async () => {
    // Frame 120's frame.time has raw bytes (a corrupt pcapng timestamp); nad skips that field.
    const r = await readPackets(join(PCAPS, 'json/pcapng_2if_eth_sll.tshark.ek.ndjson.gz'));
    expect(r.error).toBeUndefined();
    expect(r.stats.packets).toBe(159);
  });
});
