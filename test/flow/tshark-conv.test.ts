/**
 * Connection totals against tshark's conversation statistics (`tshark -q -z conv,tcp -z
 * conv,udp`): per capture, the number of distinct TCP and UDP 5-tuples and the packets in them.
 * The tshark numbers are committed (test/golden/features/tshark-conv.json) so the check runs
 * without tshark; a second test re-derives them where tshark is installed (skipped, and counted
 * as skipped, where it is not; a tshark that is installed but fails to run is an error).
 * Regenerate with UPDATE_GOLDEN=1 (test/helpers/golden.ts). Reading must end as expected: no
 * error, except the exact errors of READ_ERRORS (tshark cannot read those files either).
 *
 * We compare 5-tuples, not records: tshark has one conversation per 5-tuple (per TCP stream),
 * while our table splits a 5-tuple into several records on timeouts, on a new SYN after a close,
 * and keeps ICMP per message. Deliberate differences (DIFFERENCES below):
 * - fragmented UDP whose later fragments were not captured: we deliver the datagram when its
 *   first fragment was seen (marked incomplete, so the connection is not lost); tshark shows
 *   those frames as IP fragments, not UDP.
 * - tunnels: we key on the innermost packet (DESIGN.md decode stage), tshark counts the outer
 *   UDP (VXLAN 4789) conversation too.
 * - 802.11 monitor-mode frames (link type 105): our decoder does not read them (skipped frames).
 * - a SYN whose TCP options are cut by the snaplen: tshark leaves it out of the conversation.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPackets } from '../../src/app/shared/read-packets.js';
import { FlowTable } from '../../src/flow/table.js';
import { PCAPS, ROOT, listCaptures } from '../helpers/fixtures.js';
import { expectGolden } from '../helpers/golden.js';

type Totals = Record<'tcp' | 'udp', [conversations: number, packets: number]>;

const EXPECTED = join(ROOT, 'test/golden/features/tshark-conv.json');
const CAPTURES = listCaptures();

/** Captures where we differ from tshark on purpose, with our own totals. */
const DIFFERENCES: Record<string, Totals> = {
  // tshark: udp [73, 430] — 12 more 5-tuples and 145 more datagrams from incomplete fragments.
  'attack/dns_amp_rrsig_fragmented.pcap': { tcp: [297, 3104], udp: [85, 575] },
  // tshark: udp [4, 10] (outer VXLAN); ours: only the 2 frames whose inner packet is ARP.
  'encap/vxlan.pcap': { tcp: [0, 0], udp: [2, 2] },
  // tshark: udp [2, 3]; we skip link type 105 frames.
  'linktype/ieee80211_105_wlanmon.pcap': { tcp: [0, 0], udp: [0, 0] },
  // tshark: tcp [1, 23] — its conversation table leaves out frame 1, a SYN whose options are
  // cut by the 68-byte snaplen; we count the SYN (its TCP header is complete).
  'malformed/snaplen68_tcp_truncated.pcap': { tcp: [1, 24], udp: [0, 0] },
};

/** Captures that stop with an input error (message without the file name); none other may. */
const READ_ERRORS: Record<string, string> = {
  'malformed/pcap_invalid_version.pcap': 'unsupported pcap version 1.4 (expected 2.0 to 2.4)',
  'malformed/pcapng_invalid_version.pcapng': 'unsupported pcapng version 0.1 (expected 1.0)',
};

/** Our totals, and the message of the error that stopped reading (undefined when none did). */
async function ourTotals(rel: string): Promise<{ totals: Totals; error: string | undefined }> {
  const keys = { tcp: new Set<string>(), udp: new Set<string>() };
  const packets = { tcp: 0, udp: 0 };
  const table = new FlowTable((c) => {
    if (c.protocol === 'icmp') return;
    keys[c.protocol].add(c.key);
    packets[c.protocol] += c.origPackets + c.respPackets;
  });
  const r = await readPackets(join(PCAPS, rel), (p) => table.add(p));
  table.finish();
  const totals: Totals = { tcp: [keys.tcp.size, packets.tcp], udp: [keys.udp.size, packets.udp] };
  return { totals, error: r.error?.message };
}

/** False when tshark is not installed; throws when it is but does not run. */
function tsharkAvailable(): boolean {
  const r = spawnSync('tshark', ['-v'], { stdio: 'ignore' });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return false;
  if (r.status === 0) return true;
  throw new Error(
    `tshark is installed but \`tshark -v\` failed: ${r.error?.message ?? r.status ?? r.signal}`,
  );
}

/** tshark's totals: conversations (TCP streams on one 5-tuple are one) and their frames. */
function tsharkTotals(rel: string): Totals {
  const r = spawnSync(
    'tshark',
    ['-r', join(PCAPS, rel), '-q', '-z', 'conv,tcp', '-z', 'conv,udp'],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    },
  );
  const seen = { tcp: new Set<string>(), udp: new Set<string>() };
  const frames = { tcp: 0, udp: 0 };
  let proto: 'tcp' | 'udp' = 'udp';
  for (const line of r.stdout.split('\n')) {
    if (line.startsWith('TCP Conversations')) proto = 'tcp';
    if (line.startsWith('UDP Conversations')) proto = 'udp';
    const m = /^(\S+)\s+<->\s+(\S+)\s+\d+\s+\d+\s+\S+\s+\d+\s+\d+\s+\S+\s+(\d+)/.exec(line);
    if (!m) continue;
    seen[proto].add([m[1], m[2]].sort().join(' '));
    frames[proto] += Number(m[3]);
  }
  return { tcp: [seen.tcp.size, frames.tcp], udp: [seen.udp.size, frames.udp] };
}

const expected = JSON.parse(readFileSync(EXPECTED, 'utf8')) as Record<string, Totals>;

describe('connection totals vs tshark conversations (committed numbers)', () => {
  for (const rel of CAPTURES) {
    it(rel, async () => {
      const ours = await ourTotals(rel);
      expect(ours.error).toBe(READ_ERRORS[rel]);
      expect(ours.totals).toEqual(DIFFERENCES[rel] ?? expected[rel]);
    });
  }
});

describe.runIf(tsharkAvailable())('tshark re-derives the committed numbers', () => {
  it('every capture', () => {
    const now: Record<string, Totals> = {};
    for (const rel of CAPTURES) now[rel] = tsharkTotals(rel);
    expectGolden(EXPECTED, JSON.stringify(now) + '\n');
  });
});
