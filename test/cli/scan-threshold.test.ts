/**
 * Scan models over the extended feature set that carry their own threshold (issue 12): the
 * threshold is used by default and the summary says what it means; --threshold overrides it and
 * says so; the JSON document carries it; a malformed stored threshold is a model error (exit 4).
 * The model is fixtures/models/scan-extended-sample.nadm (10 trees, made by
 * bench/scan-model/train.ts; fixtures/README.md).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { deserializeModel, serializeModel } from '../../src/model/serialize.js';
import { scanThresholdOf } from '../../src/rows/scan-threshold.js';
import { golden, nadScan, requireBuild, stableTimes, tempDir } from './scan-helpers.js';

const MODEL = 'fixtures/models/scan-extended-sample.nadm';
const TEARDROP = 'fixtures/pcaps/attack/teardrop.pcap';
const LAND = 'fixtures/pcaps/generated/land_attack_lo.pcap';

beforeAll(requireBuild);

describe('nad scan with a model that carries its threshold', () => {
  it('stores the threshold chosen on validation benign traffic', () => {
    const info = deserializeModel(readFileSync(MODEL)).info;
    expect(scanThresholdOf(info)).toEqual({
      value: 0.61,
      target: 0.01,
      benignShare: 13 / 1314,
      connections: 1314,
      files: 338,
      basis: 'validation benign',
    });
    expect(info.featureNames).toHaveLength(94);
  });

  it('uses it by default and says what it means (golden table)', async () => {
    const r = await nadScan(['-m', MODEL, LAND, TEARDROP]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    golden('threshold-from-model.txt', stableTimes(r.stdout));
    expect(r.stdout).toContain(
      'threshold 0.61: 0.99 % of validation benign connections flagged; anomaly = score ≥ 0.61',
    );
  });

  it('--threshold overrides it and the summary says so', async () => {
    const r = await nadScan(['-m', MODEL, '--threshold', '0.9', '-f', 'csv', TEARDROP]);
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n').at(-1)).toBe(
      "threshold 0.9 from --threshold (the model's 0.61: 0.99 % of validation benign connections flagged); anomaly = score ≥ 0.9; score = probability that the connection is an attack",
    );
    const rows = r.stdout.trim().split('\n');
    expect(rows).toHaveLength(2); // the header and the teardrop datagram (malformed-packet rule)
    expect(rows[1]).toMatch(/,dos,dos,0\.99,malformed packet: wrong_fragment=1$/);
  });

  it('puts it in the JSON document', async () => {
    const doc = JSON.parse((await nadScan(['-m', MODEL, '--json', TEARDROP])).stdout) as Record<
      string,
      unknown
    >;
    expect([doc.threshold, (doc.modelThreshold as { value: number }).value]).toEqual([0.61, 0.61]);
    const cut = JSON.parse((await nadScan(['-m', MODEL, '-t', '0.2', '--json', TEARDROP])).stdout);
    expect([cut.threshold, cut.modelThreshold.value]).toEqual([0.2, 0.61]);
  });

  it('names extended features in `why`', async () => {
    const scan = 'fixtures/pcaps/generated/nmap_syn_scan_lo_eth.pcap';
    const rows = (await nadScan(['-m', MODEL, '-f', 'ndjson', scan])).stdout.trim().split('\n');
    const why = rows.map((l) => (JSON.parse(l) as { why: string }).why);
    expect(why.length).toBeGreaterThan(1000);
    expect(
      why.filter((w) => /(src_60s|src_100c|orig|resp|iat)_\w+=/.test(w)).length,
    ).toBeGreaterThan(500);
  });

  it('applies the malformed-packet rule: overlapping fragments and TCP LAND are dos at ≥ 0.99', async () => {
    const rec = (text: string) =>
      text
        .trim()
        .split('\n')
        .map(
          (l) =>
            JSON.parse(l) as { score: number; category: string; why: string; protocol: string },
        );
    const teardrop = rec((await nadScan(['-m', MODEL, '-f', 'ndjson', TEARDROP])).stdout);
    expect(teardrop.map((r) => [r.protocol, r.score, r.category, r.why])).toEqual([
      ['udp', 0.99, 'dos', 'malformed packet: wrong_fragment=1'],
    ]);
    const land = rec((await nadScan(['-m', MODEL, '-f', 'ndjson', LAND])).stdout);
    expect(land).toHaveLength(11);
    for (const r of land) {
      expect(r.score).toBeGreaterThanOrEqual(0.99);
      expect([r.category, r.why]).toEqual(['dos', 'malformed packet: land=1']);
    }
  });

  it('streams the same score and why as the JSON records when rows share their KDD columns', async () => {
    // spoofed SYN flood: rows equal in the 41 KDD columns differ in the extended ones, so a
    // text memo keyed by the KDD columns alone gave some streamed rows another row's score
    const file = 'fixtures/lab/validation/synflood_spoofed.pcap.gz';
    type Rec = {
      startMicros: number;
      srcAddr: string;
      srcPort: number;
      score: number;
      why: string;
    };
    const key = (r: Rec): string => `${r.startMicros} ${r.srcAddr}:${r.srcPort}`;
    const streamed = (await nadScan(['--all', '-f', 'ndjson', file])).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Rec);
    const doc = JSON.parse((await nadScan(['--all', '--json', file])).stdout) as { records: Rec[] };
    expect(streamed).toHaveLength(1826);
    const byKey = new Map(doc.records.map((r) => [key(r), `${r.score} ${r.why}`]));
    expect(streamed.filter((r) => byKey.get(key(r)) !== `${r.score} ${r.why}`)).toEqual([]);
  });

  it('refuses a model whose stored threshold is malformed (exit 4)', async () => {
    const { forest, info } = deserializeModel(readFileSync(MODEL));
    const metrics = info.metrics as { scan: { threshold: Record<string, unknown> } };
    const bad = {
      ...info,
      metrics: { ...metrics, scan: { threshold: { ...metrics.scan.threshold, value: 1.5 } } },
    };
    const path = join(tempDir(), 'bad.nadm');
    writeFileSync(path, serializeModel(forest, bad));
    const r = await nadScan(['-m', path, TEARDROP]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('model metadata: malformed scan threshold');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
