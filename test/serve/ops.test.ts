/**
 * The operations routes on a real listening server: /healthz, /readyz (the model's id is the
 * sha256 prefix of its file), /metrics (requests by route and status, rows and bytes scored, the
 * model) and /openapi.json (generated from the route schemas).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCAN_MODEL_NAME, defaultModelPath } from '../../src/io/model-file.js';
import { TELEMETRY_RECORD } from '../../src/serve/schemas.js';
import { post, startServer } from './serve-helpers.js';

/** The parts of an OpenAPI document these tests read. */
interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
}
interface Operation {
  security?: unknown;
  parameters?: { name: string }[];
  requestBody: { content: Record<string, { schema: { items?: unknown } }> };
  responses: Record<string, unknown>;
}

const PREDICT =
  '[{"src_ip": "192.168.0.1", "dest_ip": "192.168.0.2", "src_port": 1234, "dest_port": 80, "protocol": "TCP","packet_size": 100}]';

describe('nad serve operations routes', () => {
  it('/healthz and /readyz say alive and which model', async () => {
    const s = await startServer();
    const path = defaultModelPath(SCAN_MODEL_NAME);
    const id = createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 12);
    expect(await (await fetch(`${s.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = (await (await fetch(`${s.url}/readyz`)).json()) as {
      status: string;
      model: { id: string; path: string };
    };
    expect(ready.status).toBe('ready');
    expect(ready.model.id).toBe(id);
    expect(ready.model.path).toBe(path);
  });

  it('/metrics counts requests by route and status, rows and bytes, and names the model', async () => {
    const s = await startServer();
    expect((await post(`${s.url}/predict`, PREDICT, 'application/json')).status).toBe(200);
    expect((await post(`${s.url}/predict`, PREDICT, 'application/json')).status).toBe(200);
    expect((await post(`${s.url}/predict`, '[', 'application/json')).status).toBe(400);
    const res = await fetch(`${s.url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const { id, path } = s.server.ctx.models.current;
    expect(text).toContain('nad_http_requests_total{route="/predict",method="POST",status="200"} 2');
    expect(text).toContain('nad_http_requests_total{route="/predict",method="POST",status="400"} 1');
    expect(text).toContain('nad_http_request_duration_seconds_count{route="/predict"} 3');
    expect(text).toContain('nad_rows_scored_total{route="/predict"} 2');
    expect(text).toContain(`nad_bytes_read_total{route="/predict"} ${2 * PREDICT.length}`);
    expect(text).toContain(`nad_model_info{id="${id}",path="${path}"} 1`);
    expect(text).toMatch(/^nad_process_resident_memory_bytes \d+$/m);
  }); // prettier-ignore

  it('/openapi.json describes every route from its schemas', async () => {
    const s = await startServer();
    const doc = (await (await fetch(`${s.url}/openapi.json`)).json()) as OpenApi;
    expect(doc.openapi).toBe('3.0.3');
    expect(Object.keys(doc.paths).sort()).toEqual(['/healthz', '/metrics', '/openapi.json', '/predict', '/readyz', '/v1/scan', '/v1/score']); // prettier-ignore
    const predict = doc.paths['/predict'].post;
    expect(Object.keys(predict.requestBody.content)).toEqual(['application/json', 'application/x-ndjson', 'application/jsonl', 'application/ndjson']); // prettier-ignore
    expect(predict.requestBody.content['application/json'].schema.items).toEqual(JSON.parse(JSON.stringify(TELEMETRY_RECORD))); // prettier-ignore
    expect(Object.keys(predict.responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '413',
      '415',
      '503',
    ]);
    expect(predict.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/healthz'].get.security).toBeUndefined();
    const scan = doc.paths['/v1/scan'].post;
    expect(scan.parameters!.map((p) => p.name)).toEqual(['format', 'all', 'threshold', 'name']);
    expect(Object.keys(scan.requestBody.content)).toEqual(['application/octet-stream', 'multipart/form-data']); // prettier-ignore
    expect(Object.keys(doc.paths['/v1/score'].post.requestBody.content)).toEqual(['application/json', 'text/plain', 'text/csv']); // prettier-ignore
  });
});
