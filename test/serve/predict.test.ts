/**
 * POST /predict on a real listening server: the original service's curl line verbatim, NDJSON,
 * verdicts equal to `nad scan --all` on the same telemetry as a file, the degraded-features
 * note, and bad bodies — each with its documented status while /healthz keeps answering.
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PredictResult } from '../../src/app/predict/predict.js';
import type { ScanRecord } from '../../src/rows/scan-record.js';
import { runNad } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { healthz, post, startServer, type TestServer } from './serve-helpers.js';

/** The original service's README check, byte for byte. */
const CURL_BODY =
  '[{"src_ip": "192.168.0.1", "dest_ip": "192.168.0.2", "src_port": 1234, "dest_port": 80, "protocol": "TCP","packet_size": 100}]';

/** The /predict answer. */
type Answer = PredictResult & { model: string };

const HAS_CURL = spawnSync('curl', ['--version']).status === 0;

let s: TestServer;
beforeAll(async () => {
  s = await startServer({ limits: { bodyBytes: 1 << 20 } });
});

/** `nad scan --all --format json` of `body` written to a file: its records and threshold. */
async function scanRecords(body: string): Promise<ScanRecord[] & { threshold: number }> {
  const file = join(tempDir('predict'), 'telemetry.json');
  writeFileSync(file, body);
  const r = await runNad(['scan', '--all', '--sort', 'time', '--format', 'json', file]);
  expect(r.code, r.stderr).toBe(0);
  const doc = JSON.parse(r.stdout) as { records: ScanRecord[]; threshold: number };
  return Object.assign(doc.records, { threshold: doc.threshold });
}

describe('POST /predict', () => {
  it('answers the original curl line with one verdict, as nad scan scores it', async () => {
    let status: number;
    let answer: Answer;
    if (HAS_CURL) {
      // Asynchronously: the server answers on this same thread.
      const { stdout: out } = await promisify(execFile)('curl', [
        '-s',
        '-w',
        '\n%{http_code}',
        '-X',
        'POST',
        `${s.url}/predict`,
        '-H',
        'Content-Type: application/json',
        '-d',
        CURL_BODY,
      ]);
      const cut = out.lastIndexOf('\n');
      status = Number(out.slice(cut + 1));
      answer = JSON.parse(out.slice(0, cut)) as Answer;
    } else {
      const r = await post<Answer>(`${s.url}/predict`, CURL_BODY, 'application/json');
      status = r.status;
      answer = r.json;
    }
    expect(status).toBe(200);
    const scanned = await scanRecords(CURL_BODY);
    const scan = scanned[0];
    const t = scanned.threshold;
    expect(answer.records).toBe(1);
    expect(answer.threshold).toBe(t);
    expect(t).toBe(s.server.ctx.models.current.modelThreshold!.value);
    expect(answer.model).toBe(s.server.ctx.models.current.id);
    expect(answer.verdicts).toEqual([
      {
        src_ip: '192.168.0.1',
        src_port: 1234,
        dest_ip: '192.168.0.2',
        dest_port: 80,
        protocol: 'tcp',
        service: 'http',
        flag: 'OTH',
        start_time: '1970-01-01T00:00:00.000000Z',
        score: scan!.score,
        anomaly: scan!.score >= t,
        class: scan!.score >= t ? scan!.attackLabel : 'normal',
        category: scan!.score >= t ? scan!.category : 'normal',
        why: scan!.why,
      },
    ]);
    expect(answer.degraded.missing.map((m) => m.field)).toEqual([
      'payload bytes',
      'timestamp',
      'tcp_flags',
    ]);
    expect(answer.warnings).toEqual([]);
  });

  it('takes NDJSON with timestamps and flags: one verdict per connection, fewer gaps', async () => {
    const lines = [
      { src_ip: '10.0.0.1', dest_ip: '10.0.0.2', src_port: 40000, dest_port: 22, protocol: 'TCP', packet_size: 40, timestamp: 1700000000, tcp_flags: 'S' },
      { src_ip: '10.0.0.2', dest_ip: '10.0.0.1', src_port: 22, dest_port: 40000, protocol: 'TCP', packet_size: 40, timestamp: 1700000000.001, tcp_flags: 'SA' },
      { src_ip: '10.0.0.1', dest_ip: '10.0.0.2', src_port: 40000, dest_port: 22, protocol: 'TCP', packet_size: 140, timestamp: 1700000000.002, tcp_flags: 'PA' },
      { src_ip: '10.0.0.1', dest_ip: '10.0.0.9', src_port: 5353, dest_port: 53, protocol: 'udp', packet_size: 60, timestamp: '2023-11-14T22:13:21Z' },
    ].map((o) => JSON.stringify(o)); // prettier-ignore
    const body = `${lines.join('\n')}\n`;
    const r = await post<Answer>(`${s.url}/predict`, body, 'application/x-ndjson');
    expect(r.status).toBe(200);
    const scan = await scanRecords(body);
    expect(r.json.records).toBe(4);
    expect(
      r.json.verdicts.map((v) => [v.src_ip, v.src_port, v.dest_ip, v.dest_port, v.service, v.flag, v.score]),
    ).toEqual(scan.map((x) => [x.srcAddr, x.srcPort, x.dstAddr, x.dstPort, x.service, x.flag, x.score])); // prettier-ignore
    expect(r.json.verdicts.map((v) => v.service)).toEqual(['ssh', 'domain_u']);
    expect(r.json.verdicts[0].flag).toBe('S1');
    expect(r.json.degraded.missing.map((m) => m.field)).toEqual(['payload bytes']);
  });

  it.each([
    ['malformed JSON', 'application/json', '[{"src_ip": "1.2.3.4"', 400, /^malformed JSON: /],
    ['an empty body', 'application/json', '', 400, /^empty body$/],
    ['an empty array', 'application/json', '[]', 400, /^value must NOT have fewer than 1 items$/],
    ['a wrong type', 'application/json', '[{"src_ip": "1.2.3.4", "dest_ip": "1.2.3.5", "src_port": true, "dest_port": 80, "protocol": "TCP", "packet_size": 100}]', 400, /^record 1: src_port has the wrong type: expected integer or string$/],
    ['an out-of-range port', 'application/json', '[{"src_ip": "1.2.3.4", "dest_ip": "1.2.3.5", "src_port": 70000, "dest_port": 80, "protocol": "TCP", "packet_size": 100}]', 400, /^record 1: src_port must be <= 65535$/],
    ['a missing key (2nd record)', 'application/json', '[{"src_ip": "1.2.3.4", "dest_ip": "1.2.3.5", "protocol": "ICMP", "packet_size": 100}, {"src_ip": "1.2.3.4", "protocol": "ICMP", "packet_size": 100}]', 400, /^record 2: missing dest_ip$/],
    ['a bad address (reader)', 'application/json', '[{"src_ip": "1.2.3.x", "dest_ip": "1.2.3.5", "src_port": 1, "dest_port": 80, "protocol": "TCP", "packet_size": 100}]', 400, /record 1: .*src_ip "1\.2\.3\.x" is not an IP address$/],
    ['TCP without ports (reader)', 'application/x-ndjson', '{"src_ip": "1.2.3.4", "dest_ip": "1.2.3.5", "protocol": "TCP", "packet_size": 100}\n', 400, /record 1: .*missing src_port$/],
    ['a bad NDJSON line', 'application/x-ndjson', '{"src_ip": "1.2.3.4"}\n{oops\n', 400, /^line 2: malformed JSON: /],
    ['another content type', 'text/plain', 'hello', 415, /^Content-Type "text\/plain" is not accepted here/],
  ] as const)('%s: its status and the problem named; /healthz still answers', async (_what, type, body, status, message) => {
    const r = await post(`${s.url}/predict`, body, type);
    expect(r.status).toBe(status);
    expect(Object.keys(r.json)).toEqual(['statusCode', 'error', 'message']);
    expect(r.json.statusCode).toBe(status);
    expect(r.json.message).toMatch(message);
    expect(r.text).not.toMatch(/\bat .*\.(js|ts):\d+/);
    expect(await healthz(s.url)).toBe(200);
  }); // prettier-ignore

  it('refuses 10 MB of garbage over the body limit with 413, and stays up', async () => {
    const garbage = new Uint8Array(10 << 20).map((_, i) => (i * 7919) & 0xff);
    const r = await post(`${s.url}/predict`, garbage, 'application/json');
    expect(r.status).toBe(413);
    expect(r.json.message).toBe('request body is larger than this route accepts');
    expect(await healthz(s.url)).toBe(200);
  });

  it('answers 10 MB of garbage under the limit with 400 malformed JSON', async () => {
    const big = await startServer();
    const garbage = Buffer.alloc(10 << 20, 'x{');
    const r = await post(`${big.url}/predict`, garbage, 'application/json');
    expect(r.status).toBe(400);
    expect(r.json.message).toMatch(/^malformed JSON: /);
    expect(await healthz(big.url)).toBe(200);
  });
});
