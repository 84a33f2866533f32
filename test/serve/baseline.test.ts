/**
 * `nad serve --baseline FILE` on real listening servers: /predict verdicts and /v1/scan rows
 * carry the novelty score, its why and the combined verdict exactly as `nad scan --baseline`
 * gives them; /readyz and /metrics name the baseline; SIGHUP reloads a replaced baseline with the
 * model, and a damaged one at reload is logged and the pair in use kept; a damaged one at start
 * is exit 3 with one line.
 */
import { copyFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PredictResult } from '../../src/app/predict/predict.js';
import type { ScanDocument } from '../../src/report/scan-output.js';
import { runNad } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp.js';
import { healthz, post, spawnServe, startServer, until, type TestServer } from './serve-helpers.js';

const dir = tempDir('serve-baseline');
/** Two baselines of the lab's benign traffic, different (seed, false-alarm rate): two ids. */
const A = join(dir, 'a.nadb');
const B = join(dir, 'b.nadb');
/** Lab traffic: attack, novel and normal connections under A. */
const CAPTURES = [
  'fixtures/lab/validation/tunnel_icmp_ptunnel.pcap.gz',
  'fixtures/lab/validation/tunnel_dns_iodine.pcap.gz',
  'fixtures/lab/validation/benign_dns.pcap.gz',
];
const TELEMETRY = [
  { src_ip: '10.0.0.1', dest_ip: '10.0.0.2', src_port: 40000, dest_port: 22, protocol: 'TCP', packet_size: 40, timestamp: 1700000000, tcp_flags: 'S' },
  { src_ip: '10.0.0.2', dest_ip: '10.0.0.1', src_port: 22, dest_port: 40000, protocol: 'TCP', packet_size: 40, timestamp: 1700000000.001, tcp_flags: 'SA' },
  { src_ip: '10.0.0.1', dest_ip: '10.0.0.9', src_port: 5353, dest_port: 53, protocol: 'udp', packet_size: 60, timestamp: 1700000000.5 },
  { src_ip: '192.168.0.1', dest_ip: '192.168.0.2', src_port: 1234, dest_port: 80, protocol: 'TCP', packet_size: 100 },
]; // prettier-ignore

const idOf = (path: string): string =>
  createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 12);

type Answer = PredictResult & { model: string; baseline: { id: string; threshold: number } | null };
interface Ready {
  model: { id: string };
  baseline: { id: string; path: string; loadedAt: string; threshold: number } | null;
}

const ready = async (url: string): Promise<Ready> => (await (await fetch(`${url}/readyz`)).json()) as Ready; // prettier-ignore

/** `nad scan --baseline FILE --all --format json` of `input`: the document. */
async function scanDoc(baseline: string, input: string): Promise<ScanDocument> {
  const r = await runNad(['scan', '--baseline', baseline, '--all', '--sort', 'time', '--format', 'json', input]); // prettier-ignore
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as ScanDocument;
}

let s: TestServer;
beforeAll(async () => {
  for (const [out, extra] of [[A, ['--seed', '1']], [B, ['--seed', '2', '--false-alarm-rate', '0.05']]] as const) {
    const r = await runNad(['baseline', 'train', 'fixtures/lab/train/benign_*', '-o', out, '-q', ...extra]);
    expect(r.code, r.stderr).toBe(0);
  } // prettier-ignore
  expect(idOf(A)).not.toBe(idOf(B));
  s = await startServer({ baselinePath: A });
}, 120_000);

describe('nad serve --baseline', () => {
  it('/predict: every verdict has the novelty, its why and the verdict of nad scan --baseline', async () => {
    const body = TELEMETRY.map((o) => JSON.stringify(o)).join('\n');
    const r = await post<Answer>(`${s.url}/predict`, body, 'application/x-ndjson');
    expect(r.status).toBe(200);
    const file = join(dir, 'telemetry.ndjson');
    writeFileSync(file, body);
    const scan = (await scanDoc(A, file)).records;
    expect(r.json.baseline).toEqual({ id: idOf(A), threshold: (await ready(s.url)).baseline!.threshold }); // prettier-ignore
    expect(r.json.verdicts.length).toBe(scan.length);
    expect(r.json.verdicts.length).toBe(3);
    expect(r.json.verdicts.map((v) => [v.score, v.novelty, v.novelty_why, v.verdict, v.anomaly, v.class, v.why])).toEqual(
      scan.map((x) => [x.score, x.novelty, x.noveltyWhy, x.verdict, x.verdict !== 'normal', x.verdict === 'normal' ? 'normal' : x.attackLabel, x.why]),
    ); // prettier-ignore
    for (const v of r.json.verdicts) expect(v.novelty_why).toMatch(/^\w+=\S+( \w+=\S+)*$/);
  });

  it('/v1/scan: the document of nad scan --baseline --format json; ndjson rows likewise', async () => {
    const verdicts = new Set<string | undefined>();
    for (const capture of CAPTURES) {
      const bytes = readFileSync(join(ROOT, capture));
      const q = `?name=${encodeURIComponent(capture)}&all=true`;
      const r = await post<ScanDocument>(`${s.url}/v1/scan${q}`, bytes, 'application/octet-stream'); // prettier-ignore
      expect(r.status).toBe(200);
      const cli = await scanDoc(A, capture);
      const byTime = (d: ScanDocument) => [...d.records].sort((x, y) => x.startMicros - y.startMicros || x.srcPort - y.srcPort); // prettier-ignore
      expect(byTime(r.json)).toEqual(byTime(cli));
      for (const x of cli.records) verdicts.add(x.verdict);
      const nd = await post(`${s.url}/v1/scan${q}&format=ndjson`, bytes, 'application/octet-stream'); // prettier-ignore
      const rows = nd.text.trim().split('\n').map((l) => JSON.parse(l) as { novelty: number; verdict: string }); // prettier-ignore
      expect(rows.map((x) => [x.novelty, x.verdict])).toEqual(cli.records.map((x) => [x.novelty, x.verdict])); // prettier-ignore
    }
    expect(verdicts).toEqual(new Set(['attack', 'novel', 'normal']));
  });

  it('/readyz and /metrics name the baseline in use', async () => {
    const b = (await ready(s.url)).baseline!;
    expect([b.id, b.path]).toEqual([idOf(A), A]);
    expect(b.threshold).toBeGreaterThan(0);
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toContain(`nad_baseline_info{id="${idOf(A)}",path="${A}"} 1`);
  });

  it('without --baseline: baseline null, no novelty fields', async () => {
    const plain = await startServer();
    expect((await ready(plain.url)).baseline).toBeNull();
    const r = await post<Answer>(`${plain.url}/predict`, JSON.stringify(TELEMETRY), 'application/json'); // prettier-ignore
    expect(r.json.baseline).toBeNull();
    expect(Object.keys(r.json.verdicts[0]!)).not.toContain('novelty');
    expect(await (await fetch(`${plain.url}/metrics`)).text()).not.toMatch(/^nad_baseline_info\{/m);
  });

  it('SIGHUP reloads a replaced baseline; a damaged one is logged and the pair in use kept', async () => {
    const live = join(tempDir('serve-baseline-hup'), 'live.nadb');
    copyFileSync(A, live);
    const serve = await spawnServe(['--baseline', live]);
    expect(serve.stderr()).toContain(`, baseline ${live}, id ${idOf(A)})`);
    expect((await ready(serve.url)).baseline!.id).toBe(idOf(A));
    copyFileSync(B, `${live}.new`);
    renameSync(`${live}.new`, live);
    serve.child.kill('SIGHUP');
    await until(async () => (await ready(serve.url)).baseline!.id === idOf(B));
    expect(serve.stderr()).toContain(`baseline reloaded: ${live} (id ${idOf(A)} → ${idOf(B)})`);
    const metrics = await (await fetch(`${serve.url}/metrics`)).text();
    expect(metrics).toContain(`nad_baseline_info{id="${idOf(B)}",path="${live}"} 1`);
    expect(metrics).not.toContain(idOf(A));

    writeFileSync(live, 'not a baseline');
    serve.child.kill('SIGHUP');
    await until(async () => /reload failed/.test(serve.stderr()));
    expect(serve.stderr()).toMatch(new RegExp(`reload failed \\(model and baseline kept\\), model id \\w{12} and baseline id ${idOf(B)}: .*live\\.nadb.*\\n`)); // prettier-ignore
    expect((await ready(serve.url)).baseline!.id).toBe(idOf(B));
    expect(await (await fetch(`${serve.url}/metrics`)).text()).toContain('nad_model_reloads_total{result="failed"} 1'); // prettier-ignore
    const r = await post<Answer>(`${serve.url}/predict`, JSON.stringify(TELEMETRY), 'application/json'); // prettier-ignore
    expect(r.status).toBe(200);
    expect(r.json.baseline!.id).toBe(idOf(B));
    expect(await healthz(serve.url)).toBe(200);
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
  });

  it('exits 3 with one line when the baseline cannot be loaded at start', async () => {
    const bad = join(dir, 'bad.nadb');
    writeFileSync(bad, 'not a baseline');
    const r = await runNad(['serve', '--port', '0', '--baseline', bad]);
    expect(r.code).toBe(3);
    expect(r.stderr.replaceAll(bad, 'bad.nadb')).toMatch(/^error: bad\.nadb: .+\nhint: .+\n$/);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
    const missing = await runNad(['serve', '--port', '0', '--baseline', join(dir, 'none.nadb')]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/^error: .*none\.nadb: cannot read baseline: no such file\n/);
  });
});
