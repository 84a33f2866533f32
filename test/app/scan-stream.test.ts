/**
 * `nad scan --stream`: a capture split with editcap into 5 files (fixtures/stream/, out of time
 * order by name) scanned as one stream gives the unsplit capture's NDJSON byte for byte apart
 * from the file field; `--shard i/n` parts joined in part order give the whole stream's rows.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeShardOutputs } from '../../src/app/merge/merge.js';
import { runScan, type ScanRunOptions } from '../../src/app/scan/scan-run.js';
import { PCAPS, ROOT } from '../helpers/fixtures.js';
import { SCAN_DEFAULTS } from '../helpers/scan-options.js';

const STREAM = join(ROOT, 'fixtures/stream');
const SENSOR = /fixtures\/stream\/([^/]+)\//;

/** The NDJSON of a scan of `inputs` reporting every connection. */
async function ndjson(inputs: string[], extra: Partial<ScanRunOptions> = {}): Promise<string> {
  const chunks: Buffer[] = [];
  await runScan(inputs, {
    ...SCAN_DEFAULTS,
    all: true,
    rowText: { format: 'ndjson', write: (c) => (chunks.push(Buffer.from(c)), true) },
    ...extra,
  });
  return Buffer.concat(chunks).toString('utf8');
}

/** The lines with the file field emptied. */
const withoutFile = (text: string): string => text.replace(/^\{"file":"[^"]*"/gm, '{"file":""');

/** How many rows name each file, in order of first appearance. */
function fileCounts(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^\{"file":"([^"]*)"/gm)) {
    const name = m[1]!.slice(STREAM.length + 1);
    out[name] = (out[name] ?? 0) + 1;
  }
  return out;
}

describe('nad scan --stream', () => {
  it('the ftp capture split in 5 (one file of 1 packet) = the unsplit capture, apart from file', async () => {
    const whole = await ndjson([join(PCAPS, 'attack/ftp_bruteforce.pcap')]);
    const stream = await ndjson([join(STREAM, 'ftp')], { stream: true });
    expect(whole.split('\n')).toHaveLength(31);
    expect(withoutFile(stream)).toBe(withoutFile(whole));
    // The file whose time range holds each start; d.pcap (1 packet) holds no start.
    expect(fileCounts(stream)).toEqual({
      'ftp/e.pcap': 5,
      'ftp/b.pcap': 7,
      'ftp/a.pcap': 8,
      'ftp/c.pcap': 10,
    });
  });

  it('the synscan capture split in 5 (pcapng, a 3-packet file first) = the unsplit capture', async () => {
    const whole = await ndjson([join(PCAPS, 'attack/synscan_2011pkts.pcapng')]);
    const stream = await ndjson([join(STREAM, 'synscan')], { stream: true });
    expect(whole.split('\n')).toHaveLength(1995);
    expect(withoutFile(stream)).toBe(withoutFile(whole));
  });

  it('without --stream the same files give other rows (connections cut at the file ends)', async () => {
    const whole = await ndjson([join(PCAPS, 'attack/ftp_bruteforce.pcap')]);
    const perFile = await ndjson([join(STREAM, 'ftp')]);
    expect(perFile.split('\n').length).not.toBe(31);
    expect(withoutFile(perFile)).not.toBe(withoutFile(whole));
  });

  it('--sensor-from: one stream per sensor, sensors in name order', async () => {
    const both = await ndjson([STREAM], { stream: true, sensorFrom: SENSOR });
    const ftp = await ndjson([join(STREAM, 'ftp')], { stream: true });
    const synscan = await ndjson([join(STREAM, 'synscan')], { stream: true });
    expect(both).toBe(ftp + synscan);
  });
});

describe('nad scan --stream --shard i/n', () => {
  it('parts 1…n joined in order = the whole stream, for n = 1, 2, 3, 4 and 7', async () => {
    const whole = await ndjson([STREAM], { stream: true, sensorFrom: SENSOR });
    expect(whole.split('\n')).toHaveLength(2025);
    for (const count of [1, 2, 3, 4, 7]) {
      const parts: string[] = [];
      for (let index = 1; index <= count; index++)
        parts.push(
          await ndjson([STREAM], { stream: true, sensorFrom: SENSOR, shard: { index, count } }),
        );
      expect(parts.join(''), `n = ${count}`).toBe(whole);
      const lines: string[] = [];
      const merged = await mergeShardOutputs(
        parts.map((text, i) => ({ name: `part-${i + 1}`, text })),
        { threshold: 0.51, onLine: (l) => void lines.push(l) },
      );
      expect(lines.map((l) => `${l}\n`).join('')).toBe(whole);
      expect(merged.summary.rows).toBe(2024);
      expect(merged.summary.anomaliesByCategory).toEqual({ probe: 1991, r2l: 29 });
    }
  });

  it('a part alone has the rows of its files only (part 2 of 3: synscan b and d by bytes)', async () => {
    const part = await ndjson([STREAM], {
      stream: true,
      sensorFrom: SENSOR,
      shard: { index: 2, count: 3 },
    });
    expect(fileCounts(part)).toEqual({ 'synscan/b.pcapng': 688, 'synscan/d.pcapng': 500 });
  });

  /** The NDJSON of the 3 parts of the stream with `warmupSec`, joined. */
  const parts = async (warmupSec: number): Promise<string> => {
    let joined = '';
    for (let index = 1; index <= 3; index++)
      joined += await ndjson([STREAM], {
        stream: true,
        sensorFrom: SENSOR,
        shard: { index, count: 3 },
        warmupSec,
      });
    return joined;
  };

  it('without the warm-up the parts differ from the whole (so the warm-up is what makes them equal)', async () => {
    const whole = await ndjson([STREAM], { stream: true, sensorFrom: SENSOR });
    expect(await parts(0)).not.toBe(whole);
  });

  it('a 1 s warm-up holds too few connections for the count window: it reaches back until it does', async () => {
    const whole = await ndjson([STREAM], { stream: true, sensorFrom: SENSOR });
    expect(await parts(1)).toBe(whole);
  });
});
