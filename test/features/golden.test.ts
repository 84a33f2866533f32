/**
 * Golden feature rows (kdd-features.md) for the attack and benign captures: `csv` with
 * endpoints, at most the first 1,000 rows per capture, plus the total row count and flag
 * histogram (test/golden/features/<capture>.csv and summary.json). Regenerate with
 * UPDATE_GOLDEN=1 after a deliberate change, and review the diff. Review notes: README.md there.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFeatures } from '../../src/app/features/features.js';
import { featureHeader, featureLine } from '../../src/report/features-writer.js';
import { PCAPS, ROOT } from '../helpers/fixtures.js';

const GOLDEN = join(ROOT, 'test/golden/features');
const MAX_ROWS = 1000;
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

/** The golden text (header + first rows) and the summary of a capture. */
export async function featureRows(rel: string): Promise<{ lines: string[]; summary: Summary }> {
  const lines = [featureHeader(OPTIONS)!];
  const flags: Record<string, number> = {};
  let rows = 0;
  await extractFeatures(join(PCAPS, rel), (row) => {
    rows++;
    const key = `${row.symbols[0]} ${row.symbols[2]}`;
    flags[key] = (flags[key] ?? 0) + 1;
    if (rows <= MAX_ROWS) lines.push(featureLine(row, OPTIONS));
  });
  return { lines, summary: { rows, flags: Object.fromEntries(Object.entries(flags).sort()) } };
}

const fileName = (rel: string): string => rel.replace(/\//g, '__') + '.csv';
const update = process.env.UPDATE_GOLDEN === '1';

describe('golden feature rows', () => {
  const summaries: Record<string, Summary> = {};
  for (const rel of CAPTURES) {
    it(rel, async () => {
      const { lines, summary } = await featureRows(rel);
      summaries[rel] = summary;
      const path = join(GOLDEN, fileName(rel));
      const text = lines.join('\n') + '\n';
      if (update) {
        mkdirSync(GOLDEN, { recursive: true });
        writeFileSync(path, text);
      }
      expect(text).toBe(readFileSync(path, 'utf8'));
      const all = JSON.parse(readFileSync(join(GOLDEN, 'summary.json'), 'utf8')) as Record<
        string,
        Summary
      >;
      if (!update) expect(summary).toEqual(all[rel]);
    });
  }
  it.runIf(update)('writes summary.json', () => {
    writeFileSync(join(GOLDEN, 'summary.json'), JSON.stringify(summaries, null, 2) + '\n');
  });
  it('summary.json exists', () => expect(existsSync(join(GOLDEN, 'summary.json'))).toBe(true));
});
