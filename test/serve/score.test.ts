/**
 * POST /v1/score on a real listening server: the 41 features of the connections `nad scan`
 * reports (JSON objects) and `nad features` writes (kddcup lines) score exactly as `nad scan`
 * scored those connections; bad rows are 400 naming the field, or the line and column.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { KDD_FEATURE_NAMES } from '../../src/features/schema.js';
import type { RowScore } from '../../src/app/score/score-rows.js';
import type { ScanRecord } from '../../src/rows/scan-record.js';
import { runNad } from '../helpers/cli.js';

/** The /v1/score answer. */
interface Scores {
  model: string;
  scores: RowScore[];
}
import { healthz, post, startServer, type TestServer } from './serve-helpers.js';

const CAPTURE = 'fixtures/pcaps/attack/synscan_2011pkts.pcapng';

let s: TestServer;
/** Every connection of CAPTURE as `nad scan --all --sort time` reports it. */
let records: ScanRecord[];
beforeAll(async () => {
  s = await startServer();
  const r = await runNad(['scan', '--all', '--sort', 'time', '--format', 'json', CAPTURE]);
  records = (JSON.parse(r.stdout) as { records: ScanRecord[] }).records;
});

const expected = (r: ScanRecord): RowScore => ({
  score: r.score,
  anomaly: r.score >= 0.5,
  class: r.score >= 0.5 ? r.attackLabel : 'normal',
  category: r.score >= 0.5 ? r.category : 'normal',
});

describe('POST /v1/score', () => {
  it('scores JSON rows of the 41 features as nad scan scored their connections', async () => {
    expect(records.length).toBeGreaterThan(1000);
    const r = await post<Scores>(`${s.url}/v1/score`, JSON.stringify(records.map((x) => x.features)), 'application/json');
    expect(r.status).toBe(200);
    expect(r.json.model).toBe(s.server.ctx.models.current.id);
    expect(r.json.scores).toEqual(records.map(expected));
    expect(r.json.scores.filter((x) => x.anomaly).length).toBeGreaterThan(1000);
  }); // prettier-ignore

  it('scores kddcup lines (nad features output) the same way, in order', async () => {
    const lines = await runNad(['features', CAPTURE]);
    expect(lines.code).toBe(0);
    const r = await post<Scores>(`${s.url}/v1/score`, lines.stdout, 'text/plain');
    expect(r.status).toBe(200);
    expect(r.json.scores).toEqual(records.map(expected));
  });

  it.each([
    ['a missing feature', 'application/json', () => JSON.stringify([{ ...records[0].features, serror_rate: undefined }]), /^record 1: missing serror_rate$/],
    ['a wrong type (2nd row)', 'application/json', () => JSON.stringify([records[0].features, { ...records[0].features, count: '12' }]), /^record 2: count has the wrong type: expected number$/],
    ['an object, not an array', 'application/json', () => JSON.stringify(records[0].features), /^value has the wrong type: expected array$/],
    ['a short kddcup line', 'text/plain', () => '0,tcp,http,SF,1,2\n', /^body: line 1, column 7: expected 42 fields \(41 features and a label\), got 6$/],
    ['a non-number in a kddcup line', 'text/plain', () => `${KDD_FEATURE_NAMES.map((_, i) => (i === 1 ? 'tcp' : i === 2 ? 'http' : i === 3 ? 'SF' : i === 5 ? 'x' : '0')).join(',')},normal.\n`, /^body: line 1, column 6: dst_bytes is not a number: "x"$/],
    ['an empty text body', 'text/plain', () => '\n', /^empty body$/],
  ] as const)('%s is 400 naming it', async (_what, type, body, message) => {
    const r = await post(`${s.url}/v1/score`, body(), type);
    expect(r.status).toBe(400);
    expect(r.json.message).toMatch(message);
    expect(await healthz(s.url)).toBe(200);
  }); // prettier-ignore
});
