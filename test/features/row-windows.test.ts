/**
 * The window columns as a stage of their own (row-windows.ts): rows extracted without windows,
 * then given to RowWindows in the same order, equal the rows extracted with them — KDD and
 * extended sets, IPv4 and IPv6, floods, fragments and scans; and so do the two parts of the
 * windows (KDD, per-source) run as two stages.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFeatures } from '../../src/app/features/features.js';
import { RowWindows } from '../../src/features/row-windows.js';
import type { FeatureRow } from '../../src/features/kdd.js';
import type { FeatureSet } from '../../src/features/extended-schema.js';
import { PCAPS } from '../helpers/fixtures.js';

const FILES = [
  'attack/syn_flood_spoofed.pcap',
  'attack/dns_amp_rrsig_fragmented.pcap',
  'attack/synscan_2011pkts.pcapng',
  'attack/ftp_bruteforce.pcap',
  'encap/icmp6_nd_options.pcap',
  'encap/ipv6_fragments.pcapng',
  'benign/http_browse.pcap',
];

/** Every row of `file` as text (numbers, extended columns, symbols, endpoints). */
async function rows(
  file: string,
  set: FeatureSet,
  deferred: boolean | 'source',
): Promise<string[]> {
  const out: string[] = [];
  const extended = set === 'extended';
  const windows =
    deferred === false
      ? undefined
      : new RowWindows(undefined, extended, deferred === true ? 'all' : 'source');
  await extractFeatures(
    join(PCAPS, file),
    (r: FeatureRow) => {
      windows?.apply(r);
      out.push(JSON.stringify([[...r.numbers], [...(r.extended ?? [])], r.symbols, r.endpoints]));
    },
    { set, deferWindows: deferred },
  );
  return out;
}

describe('RowWindows after extraction = windows during extraction', () => {
  it.each(FILES.flatMap((f) => [[f, 'kdd'] as const, [f, 'extended'] as const]))(
    '%s, %s set',
    async (file, set) => {
      const whole = await rows(file, set, false);
      const staged = await rows(file, set, true);
      expect(whole.length).toBeGreaterThan(1);
      expect(staged).toEqual(whole);
    },
  );

  it.each(FILES)('%s: the KDD windows during extraction, the per-source ones after', async (f) => {
    const whole = await rows(f, 'extended', false);
    expect(await rows(f, 'extended', 'source')).toEqual(whole);
  });

  it('without RowWindows the window columns are not filled (the option is honoured)', async () => {
    const whole = await rows(FILES[0]!, 'extended', false);
    const bare: string[] = [];
    await extractFeatures(
      join(PCAPS, FILES[0]!),
      (r) => bare.push(JSON.stringify([[...r.numbers], [...(r.extended ?? [])]])),
      { set: 'extended', deferWindows: true },
    );
    expect(bare.length).toBe(whole.length);
    expect(bare.filter((b, i) => whole[i]!.startsWith(b.slice(0, -1))).length).toBeLessThan(
      bare.length,
    );
  });
});
