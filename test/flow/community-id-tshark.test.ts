/**
 * The Community ID of every connection `nad scan` reports, against Wireshark's own
 * (fixtures/reference/community-id/tshark.tsv: tshark 4.0.17 `--enable-protocol communityid`,
 * the distinct values per capture; fixtures/README.md). Both the NDJSON and the CSV column are
 * checked. One capture differs on purpose: in icmp_traceroute.pcapng, tshark hashes three ICMP
 * time-exceeded messages with the type of the echo request they quote (8) instead of their own
 * (11) — the specification hashes the message's own type, as nad does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures.js';
import { MODEL, nadScan, requireBuild } from '../cli/scan-helpers.js';

const REFERENCE = join(ROOT, 'fixtures/reference/community-id/tshark.tsv');

/** Distinct Community IDs per capture (path under fixtures/pcaps). */
function reference(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const lines = readFileSync(REFERENCE, 'utf8').trim().split('\n').slice(1);
  for (const line of lines) {
    const [capture, id] = line.split('\t') as [string, string];
    out.set(capture, [...(out.get(capture) ?? []), id]);
  }
  return out;
}

const REF = reference();
/** tshark's hash of the quoted type (8) for 12.122.133.110's time-exceeded messages, and ours. */
const TRACEROUTE_TSHARK_ONLY = '1:XYE2kWDacXhJOY7UbtogmXPuTiw=';
const TRACEROUTE_SPEC = '1:r2GJTg+ixtAta1+BaJsrUYJtjag=';

beforeAll(requireBuild);

describe('Community ID of nad scan rows equals tshark', () => {
  it('covers ten captures: TCP, UDP, ICMP, ICMPv6, IPv6, VLAN, loopback', () => {
    expect(REF.size).toBe(10);
  });

  it("every capture: the NDJSON field and the CSV column give tshark's values", async () => {
    const paths = [...REF.keys()].map((c) => join('fixtures/pcaps', c));
    const r = await nadScan(['-m', MODEL, '--all', '-f', 'ndjson', ...paths]);
    expect(r.code).toBe(0);
    const rows = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { file: string; communityId: string });
    for (const capture of REF.keys()) {
      const file = join('fixtures/pcaps', capture);
      const ours = new Set(rows.filter((x) => x.file === file).map((x) => x.communityId));
      const want = new Set(REF.get(capture));
      if (capture === 'encap/icmp_traceroute.pcapng') {
        expect(want.delete(TRACEROUTE_TSHARK_ONLY)).toBe(true);
        want.add(TRACEROUTE_SPEC);
      }
      expect([capture, ...[...ours].sort()]).toEqual([capture, ...[...want].sort()]);
    }
    const csv = await nadScan(['-m', MODEL, '--all', '-f', 'csv', ...paths]);
    const table = parse(csv.stdout) as string[][];
    expect(table[0]!.at(-1)).toBe('community_id');
    expect(table.slice(1).map((row) => row.at(-1))).toEqual(rows.map((x) => x.communityId));
  });
});
