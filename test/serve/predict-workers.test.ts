/**
 * POST /predict scored in worker threads (`nad serve --workers N`, predict-pool.ts) on real
 * listening servers: the same answers as scoring in the main thread (verdicts, warnings, errors,
 * with and without a baseline), a worker that dies mid-request (503 with Retry-After, the server
 * and /healthz still answer, a new worker takes over), and a model reload (SIGHUP's
 * server.reload) reaching the workers.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PredictResult } from '../../src/app/predict/predict.js';
import { telemetry as records } from '../../bench/lib/telemetry.js';
import { runNad } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp.js';
import { healthz, post, startServer } from './serve-helpers.js';

type Answer = PredictResult & { model: string };

const SCAN_MODEL = join(ROOT, 'models/scan-default.nadm');
const KDD_MODEL = join(ROOT, 'models/kdd-default.nadm');
/** A baseline of the lab's benign traffic (trained before the tests). */
const BASELINE = join(tempDir('predict-workers-baseline'), 'lab.nadb');

beforeAll(async () => {
  const r = await runNad(['baseline', 'train', 'fixtures/lab/train/benign_*', '-o', BASELINE, '-q']); // prettier-ignore
  expect(r.code, r.stderr).toBe(0);
}, 120_000);

/** `n` records, `perConnection` a connection, every third with a SYN flag and a timestamp. */
const telemetry = (n: number, perConnection: number, seed = 1): string =>
  records(n, seed, perConnection, 3);

const BODIES: [string, string, string][] = [
  [
    'the original curl line',
    '[{"src_ip": "192.168.0.1", "dest_ip": "192.168.0.2", "src_port": 1234, "dest_port": 80, "protocol": "TCP","packet_size": 100}]',
    'application/json',
  ],
  ['2,000 records, one connection each', telemetry(2000, 1), 'application/json'],
  ['3,000 records, 10 a connection', telemetry(3000, 10, 7), 'application/json'],
  ['NDJSON', telemetry(300, 3, 3).slice(1, -1).replace(/\},\{/g, '}\n{'), 'application/x-ndjson'],
  [
    'a record the reader rejects',
    '[{"src_ip": "1.2.3.x", "dest_ip": "192.168.0.2", "src_port": 1, "dest_port": 80, "protocol": "TCP", "packet_size": 60}]',
    'application/json',
  ],
];

describe('POST /predict with worker threads', () => {
  for (const baselinePath of [undefined, BASELINE]) {
    it(`answers exactly as the main thread does${baselinePath ? ' (with a baseline)' : ''}`, async () => {
      const inThread = await startServer({ baselinePath, workers: 0 });
      const pooled = await startServer({ baselinePath, workers: 2 });
      expect(pooled.server.ctx.predictPool?.threads.length).toBe(2);
      for (const [what, body, type] of BODIES) {
        // Twice through the pool: both workers, cold and with their memos warm.
        const expected = await post<Answer>(`${inThread.url}/predict`, body, type);
        for (let i = 0; i < 3; i++) {
          const got = await post<Answer>(`${pooled.url}/predict`, body, type);
          expect(got.status, what).toBe(expected.status);
          expect(got.json, what).toEqual(expected.json);
        }
        if (expected.status === 200) expect(expected.json.verdicts.length).toBeGreaterThan(0);
      }
      expect((await post(`${inThread.url}/predict`, BODIES[4]![1], 'application/json')).status).toBe(400); // prettier-ignore
    });
  }

  it('answers 503 with Retry-After when a worker dies mid-request, and goes on', async () => {
    const s = await startServer({ workers: 1, limits: { bodyBytes: 64 << 20 } });
    const pool = s.server.ctx.predictPool!;
    const big = telemetry(60_000, 1, 5); // a few seconds of scoring
    const pending = post(`${s.url}/predict`, big, 'application/json');
    await new Promise((r) => setTimeout(r, 300));
    const dead = pool.threads[0]!;
    await dead.terminate(); // as a crash would end it
    const r = await pending;
    expect(r.status).toBe(503);
    expect(r.headers.get('retry-after')).toBe('1');
    expect(r.json.message).toMatch(/worker .*stopped/);
    expect(r.text).not.toMatch(/ at .*\.(js|ts):\d+/); // no stack trace
    expect(await healthz(s.url)).toBe(200);
    expect(pool.threads[0]).not.toBe(dead); // replaced
    const again = await post<Answer>(`${s.url}/predict`, BODIES[1]![1], 'application/json');
    expect(again.status).toBe(200);
    expect(again.json.verdicts.length).toBeGreaterThan(1000);
    expect(s.log.join('\n')).toMatch(/predict worker 0 exited .*1 requests failed with 503/);
  }, 60_000);

  it('scores with the reloaded model once the model file changed and SIGHUP reloaded it', async () => {
    const dir = tempDir('predict-workers');
    const path = join(dir, 'model.nadm');
    copyFileSync(SCAN_MODEL, path);
    const s = await startServer({ modelPath: path, workers: 2 });
    const body = BODIES[2]![1];
    const before = await post<Answer>(`${s.url}/predict`, body, 'application/json');
    copyFileSync(KDD_MODEL, path);
    await s.server.reload(); // what SIGHUP runs (run.ts)
    const after = await post<Answer>(`${s.url}/predict`, body, 'application/json');
    const kdd = await startServer({ modelPath: KDD_MODEL, workers: 0 });
    const expected = await post<Answer>(`${kdd.url}/predict`, body, 'application/json');
    expect(after.status).toBe(200);
    expect(after.json.model).not.toBe(before.json.model);
    expect(after.json).toEqual(expected.json); // both workers: every answer from the new model
    expect((await post<Answer>(`${s.url}/predict`, body, 'application/json')).json).toEqual(expected.json); // prettier-ignore
    expect(after.json.verdicts.map((v) => v.score)).not.toEqual(
      before.json.verdicts.map((v) => v.score),
    );
  }, 60_000);
});
