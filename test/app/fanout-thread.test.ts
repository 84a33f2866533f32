/**
 * `nad scan --jobs N` (N ≥ 3) on one capture: the connections split by address over N − 1
 * tables on worker threads (fanout-thread.ts, flow/release-gate.ts). The rows and the result
 * equal one table's, in the same order — on real captures, on a mix of captures with fragments
 * and IPv6 whose packets were shuffled so that time goes backwards now and then, and through
 * `nad scan`'s outputs; errors keep their class; an aborted read stops every worker.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFanout } from '../../src/app/features/fanout-thread.js';
import { extractFeatures } from '../../src/app/features/features.js';
import { runScan, type ScanRunOptions } from '../../src/app/scan/scan-run.js';
import { InputError } from '../../src/common/errors.js';
import type { FeatureRow } from '../../src/features/kdd.js';
import { buildPcap, type PcapRecord } from '../helpers/capture-builders.js';
import { PCAPS, ROOT, fixtureBytes } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp.js';
import { SCAN_DEFAULTS } from '../helpers/scan-options.js';

const FLOOD = join(PCAPS, 'attack/syn_flood_spoofed.pcap');
const DNS = join(PCAPS, 'attack/dns_amp_rrsig_fragmented.pcap');

/** The records of a little-endian µs pcap fixture, read by hand. */
function records(rel: string): PcapRecord[] {
  const file = fixtureBytes(rel);
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const out: PcapRecord[] = [];
  for (let pos = 24; pos + 16 <= file.length;) {
    const capLen = dv.getUint32(pos + 8, true);
    out.push({
      tsSec: dv.getUint32(pos, true),
      tsFrac: dv.getUint32(pos + 4, true),
      data: file.slice(pos + 16, pos + 16 + capLen),
      origLen: dv.getUint32(pos + 12, true),
    });
    pos += 16 + capLen;
  }
  return out;
}

/**
 * Seven captures (IPv4 and IPv6 fragments, teardrop, FTP guessing, HTTP, SSH, a DNS flood)
 * moved to start within 20 s of each other and merged by time; then every 5th packet swaps
 * places with the next and every 97th is moved 40 packets earlier, so time goes backwards.
 */
function shuffledMix(): string {
  const parts = [
    'attack/dns_amp_rrsig_fragmented.pcap',
    'attack/ftp_bruteforce.pcap',
    'attack/teardrop.pcap',
    'benign/http_browse.pcap',
    'benign/ssh_curve25519.pcap',
    'encap/ipv4_fragments.pcap',
    'generated/udp_fragments_lo.pcap',
    'encap/icmp6_nd_options.pcap',
  ];
  const base = 1_600_000_000;
  const all = parts.flatMap((rel, k) => {
    const rs = records(rel);
    const shift = base + 3 * k - rs[0]!.tsSec;
    return rs.map((r) => ({ ...r, tsSec: r.tsSec + shift }));
  });
  all.sort((a, b) => a.tsSec - b.tsSec || a.tsFrac - b.tsFrac);
  for (let i = 0; i + 1 < all.length; i += 5) [all[i], all[i + 1]] = [all[i + 1]!, all[i]!];
  for (let i = 97; i < all.length; i += 97) all.splice(i - 40, 0, ...all.splice(i, 1));
  const path = join(tempDir('fanout'), 'shuffled-mix.pcap');
  writeFileSync(path, buildPcap({}, all));
  return path;
}

/** A row as text, every column. */
function rowText(r: FeatureRow): string {
  return JSON.stringify([[...r.numbers], [...(r.extended ?? [])], r.symbols, r.endpoints]);
}

/** The rows and result of one table, and of `tables` tables. */
async function both(
  path: string,
  tables: number,
  set: 'kdd' | 'extended',
): Promise<{ one: string[]; many: string[]; a: object; b: object }> {
  const one: string[] = [];
  const many: string[] = [];
  const a = await extractFeatures(path, (r) => one.push(rowText(r)), { set });
  const b = await extractFanout(path, tables, (r) => many.push(rowText(r)), { set });
  return { one, many, a: { ...a, error: a.error?.message }, b: { ...b, error: b.error?.message } };
}

describe('the connection table fanned out over worker threads', () => {
  it.each([
    [FLOOD, 2, 'extended'],
    [FLOOD, 3, 'kdd'],
    [DNS, 2, 'kdd'],
    [DNS, 4, 'extended'],
  ] as const)('%s on %i tables (%s): the rows and result of one table', async (path, n, set) => {
    const { one, many, a, b } = await both(path, n, set);
    expect(one.length).toBeGreaterThan(400);
    expect(many).toEqual(one);
    expect(b).toEqual(a);
  });

  it('a mix with fragments, IPv6 and time going backwards: the same rows on 2, 3 and 5 tables', async () => {
    const path = shuffledMix();
    for (const n of [2, 3, 5]) {
      const { one, many, a, b } = await both(path, n, 'extended');
      expect(one.length).toBe(573);
      expect(many).toEqual(one);
      expect(b).toEqual(a);
    }
  });

  it('not a capture: the same InputError; an aborted signal: nothing read', async () => {
    const bad = join(ROOT, 'README.md');
    const outcome = (p: Promise<{ error: unknown }>): Promise<unknown> =>
      p.then(
        (r) => r.error,
        (e: unknown) => e,
      );
    const here = await outcome(extractFeatures(bad, () => {}));
    const there = await outcome(extractFanout(bad, 3, () => {}, {}));
    expect(there).toBeInstanceOf(InputError);
    expect((there as Error).message).toBe((here as Error).message);
    let rows = 0;
    const aborted = await extractFanout(FLOOD, 3, () => rows++, {
      hooks: { signal: AbortSignal.abort() },
    });
    expect(rows).toBe(0);
    expect(aborted.interrupted).toBe(true);
  });

  it('aborted mid-read (Ctrl-C): every worker stops, the rows so far come out in order', async () => {
    // The SYN flood 8 times, 30 s apart: more rows than the rings hold.
    const flood = records('attack/syn_flood_spoofed.pcap');
    const path = join(tempDir('fanout'), 'flood-x8.pcap');
    const copies = Array.from({ length: 8 }, (_, k) =>
      flood.map((r) => ({ ...r, tsSec: r.tsSec + 30 * k })),
    );
    writeFileSync(path, buildPcap({}, copies.flat()));
    const whole: string[] = [];
    await extractFeatures(path, (r) => whole.push(rowText(r)));
    expect(whole.length).toBeGreaterThan(200_000);
    const stop = new AbortController();
    const got: string[] = [];
    const r = await extractFanout(
      path,
      3,
      (row) => {
        got.push(rowText(row));
        if (got.length === 200) stop.abort();
      },
      { hooks: { signal: stop.signal } },
    );
    expect(r.interrupted).toBe(true);
    expect(got.length).toBeGreaterThanOrEqual(200);
    expect(got.length).toBeLessThan(whole.length);
    // Up to the abort, the rows are the whole run's (windows included).
    expect(got.slice(0, 200)).toEqual(whole.slice(0, 200));
  });

  it('nad scan --jobs 3 and 4: the NDJSON and CSV of --jobs 1, byte for byte', async () => {
    const scan = async (jobs: number, format: 'ndjson' | 'csv'): Promise<string> => {
      const chunks: Buffer[] = [];
      const options: ScanRunOptions = {
        ...SCAN_DEFAULTS,
        all: format === 'ndjson',
        threadFrom: 0,
        jobs,
        rowText: { format, write: (c) => (chunks.push(Buffer.from(c)), true) },
      };
      await runScan([DNS], options);
      return Buffer.concat(chunks).toString('utf8');
    };
    for (const format of ['ndjson', 'csv'] as const) {
      const one = await scan(1, format);
      expect(one.split('\n').length).toBeGreaterThan(format === 'ndjson' ? 400 : 200);
      expect(await scan(3, format)).toBe(one);
      expect(await scan(4, format)).toBe(one);
    }
  });
});
