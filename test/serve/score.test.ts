/**
 * POST /v1/score on a real listening server: the feature rows `nad features` writes (extended
 * JSON for the shipped scan model; the 41 KDD features, as JSON objects or kddcup lines, for a
 * KDD-set model) score exactly as `nad scan` scored those connections; rows a model cannot read
 * and bad rows are 400 naming the field, or the line and column.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { KDD_FEATURE_NAMES } from '../../src/features/schema.js';
import type { RowScore } from '../../src/app/score/score-rows.js';
import type { ScanRecord } from '../../src/rows/scan-record.js';
import { runNad } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';
import { healthz, post, startServer, type TestServer } from './serve-helpers.js';

/** The /v1/score answer. */
interface Scores {
  model: string;
  threshold: number;
  scores: RowScore[];
}

const CAPTURE = 'fixtures/pcaps/attack/synscan_2011pkts.pcapng';
const KDD_MODEL = 'models/kdd-default.nadm';

/** Every connection of CAPTURE as `nad scan --all --sort time` (plus `flags`) reports it. */
async function scanned(
  flags: string[] = [],
): Promise<{ records: ScanRecord[]; threshold: number }> {
  const r = await runNad([
    'scan',
    '--all',
    '--sort',
    'time',
    '--format',
    'json',
    ...flags,
    CAPTURE,
  ]);
  return JSON.parse(r.stdout) as { records: ScanRecord[]; threshold: number };
}

/** The score /v1/score should give a row that nad scan scored as `r`. */
const expected =
  (threshold: number) =>
  (r: ScanRecord): RowScore => ({
    score: r.score,
    anomaly: r.score >= threshold,
    class: r.score >= threshold ? r.attackLabel : 'normal',
    category: r.score >= threshold ? r.category : 'normal',
  });

let s: TestServer;
let kdd: TestServer;
let scan: { records: ScanRecord[]; threshold: number };
let scanKdd: { records: ScanRecord[]; threshold: number };
/** `nad features --set extended --format ndjson` of CAPTURE: one object per connection. */
let extendedRows: Record<string, unknown>[];
beforeAll(async () => {
  s = await startServer();
  kdd = await startServer({ modelPath: join(ROOT, KDD_MODEL) });
  scan = await scanned();
  scanKdd = await scanned(['-m', KDD_MODEL]);
  const f = await runNad(['features', '--set', 'extended', '--format', 'ndjson', CAPTURE]);
  extendedRows = f.stdout
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
});

describe('POST /v1/score', () => {
  it('scores JSON rows (nad features --set extended) as nad scan scored their connections', async () => {
    expect(scan.records.length).toBeGreaterThan(1000);
    expect(extendedRows.length).toBe(scan.records.length);
    const r = await post<Scores>(
      `${s.url}/v1/score`,
      JSON.stringify(extendedRows),
      'application/json',
    );
    expect(r.status).toBe(200);
    expect(r.json.model).toBe(s.server.ctx.models.current.id);
    expect(r.json.threshold).toBe(scan.threshold);
    expect(r.json.scores).toEqual(scan.records.map(expected(scan.threshold)));
    expect(r.json.scores.filter((x) => x.anomaly).length).toBeGreaterThan(1000);
  });

  it('scores the 41 features of scan records, and kddcup lines, with a KDD-set model', async () => {
    const want = scanKdd.records.map(expected(scanKdd.threshold));
    const objects = JSON.stringify(scanKdd.records.map((x) => x.features));
    const r = await post<Scores>(`${kdd.url}/v1/score`, objects, 'application/json');
    expect(r.status).toBe(200);
    expect(r.json.scores).toEqual(want);
    const lines = await runNad(['features', CAPTURE]);
    expect(lines.code).toBe(0);
    const t = await post<Scores>(`${kdd.url}/v1/score`, lines.stdout, 'text/plain');
    expect(t.status).toBe(200);
    expect(t.json.scores).toEqual(want);
  });

  it('says what an extended-set model needs when rows lack it (400)', async () => {
    const kddOnly = JSON.stringify(scan.records.slice(0, 2).map((x) => x.features));
    const r = await post(`${s.url}/v1/score`, kddOnly, 'application/json');
    expect(r.status).toBe(400);
    expect(r.json.message).toBe(
      'record 1: missing orig_pkts (the model in use reads the extended feature set: send the rows `nad features --set extended --format ndjson` writes)',
    );
    const lines = await runNad(['features', CAPTURE]);
    const t = await post(`${s.url}/v1/score`, lines.stdout, 'text/plain');
    expect(t.status).toBe(400);
    expect(t.json.message).toMatch(/^kddcup lines carry the 41 KDD features only; the model in use reads the extended feature set/);
  }); // prettier-ignore

  it.each([
    ['a missing feature', 'application/json', () => JSON.stringify([{ ...scanKdd.records[0]!.features, serror_rate: undefined }]), /^record 1: missing serror_rate$/],
    ['a wrong type (2nd row)', 'application/json', () => JSON.stringify([scanKdd.records[0]!.features, { ...scanKdd.records[0]!.features, count: '12' }]), /^record 2: count has the wrong type: expected number$/],
    ['an object, not an array', 'application/json', () => JSON.stringify(scanKdd.records[0]!.features), /^value has the wrong type: expected array$/],
    ['a short kddcup line', 'text/plain', () => '0,tcp,http,SF,1,2\n', /^body: line 1, column 7: expected 42 fields \(41 features and a label\), got 6$/],
    ['a non-number in a kddcup line', 'text/plain', () => `${KDD_FEATURE_NAMES.map((_, i) => (i === 1 ? 'tcp' : i === 2 ? 'http' : i === 3 ? 'SF' : i === 5 ? 'x' : '0')).join(',')},normal.\n`, /^body: line 1, column 6: dst_bytes is not a number: "x"$/],
    ['an empty text body', 'text/plain', () => '\n', /^empty body$/],
  ] as const)('%s is 400 naming it', async (_what, type, body, message) => {
    const r = await post(`${kdd.url}/v1/score`, body(), type);
    expect(r.status).toBe(400);
    expect(r.json.message).toMatch(message);
    expect(await healthz(kdd.url)).toBe(200);
  }); // prettier-ignore
});
