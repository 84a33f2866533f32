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
      value: 0.51,
      target: 0.01,
      benignShare: 10 / 1314,
      connections: 1314,
      files: 338,
      basis: 'validation benign',
    });
    expect(info.featureNames).toHaveLength(90);
  });

  it('uses it by default and says what it means (golden table)', async () => {
    const r = await nadScan(['-m', MODEL, LAND, TEARDROP]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    golden('threshold-from-model.txt', stableTimes(r.stdout));
    expect(r.stdout).toContain(
      'threshold 0.51: 0.76 % of validation benign connections flagged; anomaly = score ≥ 0.51',
    );
  });

  it('--threshold overrides it and the summary says so', async () => {
    const r = await nadScan(['-m', MODEL, '--threshold', '0.9', '-f', 'csv', TEARDROP]);
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n').at(-1)).toBe(
      "threshold 0.9 from --threshold (the model's 0.51: 0.76 % of validation benign connections flagged); anomaly = score ≥ 0.9; score = probability that the connection is an attack",
    );
    expect(r.stdout.trim().split('\n')).toHaveLength(1); // the header: nothing scores 0.9
  });

  it('puts it in the JSON document', async () => {
    const doc = JSON.parse((await nadScan(['-m', MODEL, '--json', TEARDROP])).stdout) as Record<
      string,
      unknown
    >;
    expect([doc.threshold, (doc.modelThreshold as { value: number }).value]).toEqual([0.51, 0.51]);
    const cut = JSON.parse((await nadScan(['-m', MODEL, '-t', '0.2', '--json', TEARDROP])).stdout);
    expect([cut.threshold, cut.modelThreshold.value]).toEqual([0.2, 0.51]);
  });

  it('names extended features in `why`', async () => {
    const rows = (await nadScan(['-m', MODEL, '-f', 'ndjson', LAND])).stdout.trim().split('\n');
    const why = rows.map((l) => (JSON.parse(l) as { why: string }).why);
    expect(why).toHaveLength(11);
    expect(why.some((w) => /src_60s_same_dst_count=\d+/.test(w))).toBe(true);
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
