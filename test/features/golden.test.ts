/**
 * Golden feature rows (kdd-features.md) for the attack and benign captures: the whole `csv`
 * output with endpoints of each capture (test/golden/features/<capture>.csv, every row: 9.6 MB
 * in all), and summary.json, the row count and protocol/flag histogram of each capture for
 * review. Regenerate with UPDATE_GOLDEN=1 after a deliberate change (test/helpers/golden.ts), and
 * review the diff. Review notes: README.md there.
 */
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { extractFeatures } from '../../src/app/features/features.js';
import { featureHeader, featureLine } from '../../src/report/features-writer.js';
import { PCAPS, ROOT } from '../helpers/fixtures.js';
import { expectGolden } from '../helpers/golden.js';

const GOLDEN = join(ROOT, 'test/golden/features');
const CAPTURES = [
  'attack/dns_amp_rrsig_fragmented.pcap',
  'attack/ftp_bruteforce.pcap',
  'attack/syn_flood_spoofed.pcap',
  'attack/synscan_2011pkts.pcapng',
  'attack/teardrop.pcap',
  'benign/dns_lab.pcapng',
  'benign/http_browse.pcap',
  'benign/http_simple.pcap',
  'benign/ssh_curve25519.pcap',
  'benign/tls_with_extensions.pcap',
  'generated/hping3_syn_flood_any_sll2.pcap',
  'generated/http_benign_any_sll.pcap',
  'generated/http_dumpcap_lo.pcapng',
  'generated/land_attack_lo.pcap',
  'generated/nmap_syn_scan_lo_eth.pcap',
  'generated/nmap_xmas_null_fin_udp_any_sll2.pcap',
  'generated/ping_flood_lo_nano.pcap',
  'generated/smurf_icmp_broadcast_lo.pcap',
  'generated/udp_fragments_lo.pcap',
];
const OPTIONS = { format: 'csv', withEndpoints: true, label: 'unknown.' } as const;

interface Summary {
  rows: number;
  flags: Record<string, number>;
}

/** The golden text (header + every row) and the summary of a capture. */
async function featureRows(rel: string): Promise<{ text: string; summary: Summary }> {
  const lines = [featureHeader(OPTIONS)!];
  const flags: Record<string, number> = {};
  await extractFeatures(join(PCAPS, rel), (row) => {
    const key = `${row.symbols[0]} ${row.symbols[2]}`;
    flags[key] = (flags[key] ?? 0) + 1;
    lines.push(featureLine(row, OPTIONS));
  });
  const summary = {
    rows: lines.length - 1,
    flags: Object.fromEntries(Object.entries(flags).sort()),
  };
  return { text: lines.join('\n') + '\n', summary };
}

const fileName = (rel: string): string => rel.replace(/\//g, '__') + '.csv';

describe('golden feature rows', () => {
  const summaries: Record<string, Summary> = {};
  for (const rel of CAPTURES) {
    it(rel, async () => {
      const { text, summary } = await featureRows(rel);
      summaries[rel] = summary;
      expectGolden(join(GOLDEN, fileName(rel)), text);
    });
  }

  it('summary.json: the rows and flags of every capture', async () => {
    for (const rel of CAPTURES) summaries[rel] ??= (await featureRows(rel)).summary;
    const all = Object.fromEntries(CAPTURES.map((rel) => [rel, summaries[rel]]));
    expectGolden(join(GOLDEN, 'summary.json'), JSON.stringify(all, null, 2) + '\n');
  });
});
