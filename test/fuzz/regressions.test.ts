/**
 * Every minimised input in fixtures/regressions (README there says what each once did) is read
 * without a crash, with the outcome written here; and each one passes the fuzz invariants.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fuzzCaptureChunked } from '../../bench/fuzz-targets.js';
import { ROOT } from '../../bench/fuzz-mutate.js';
import { readBytes } from '../helpers/fixtures.js';

const DIR = join(ROOT, 'fixtures/regressions');
const bytesOf = (name: string): Uint8Array => new Uint8Array(readFileSync(join(DIR, name)));

describe('regression fixtures', () => {
  it('tshark -T json, ipv6.plen 8e9 without raw bytes: one packet, no 8 GB allocation', async () => {
    const r = await readBytes(bytesOf('tshark-json-ipv6-plen-8e9.json'));
    expect(r.error).toBeUndefined();
    expect(r.records).toHaveLength(1);
    expect(r.records[0]!.capLen).toBeLessThan(200);
  });

  it('pcap timestamp fraction ≥ 1 s: carried into the seconds, one warning', async () => {
    const r = await readBytes(bytesOf('pcap-us-fraction-over-1s.pcap'));
    expect(r.error).toBeUndefined();
    expect(r.records.map((x) => [x.tsSec, x.tsNsec])).toEqual([
      [11, 500_000_000],
      [10 + 4294, 967_295_000],
    ]);
    expect(r.warnings.map((w) => w.message)).toEqual([
      'record at byte 24: timestamp fraction 1500000 is a second or more; carried into the seconds',
    ]);
  });

  it('tshark -T json, frame.len 1e308 / 14.000000000000002: lengths are 32-bit integers', async () => {
    const r = await readBytes(bytesOf('tshark-json-frame-len-1e308.json'));
    expect(r.error).toBeUndefined();
    expect(r.records.map((x) => [x.origLen, x.capLen, x.interfaceId])).toEqual([
      [14, 14, 0],
      [28, 28, 0],
    ]);
  });

  for (const name of readdirSync(DIR).filter((n) => !n.endsWith('.md'))) {
    it(`${name}: fuzz invariants hold, whole and in chunks of 1 and 5 bytes`, async () => {
      for (const chunk of [1, 5]) await fuzzCaptureChunked(bytesOf(name), chunk);
    });
  }
});
