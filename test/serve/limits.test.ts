/**
 * The guards of `nad serve` on real listening servers: the concurrency limits (503 with
 * Retry-After while a slow request holds the only slot, 200 once it is free), the bearer token
 * (401), and slow clients (408 once the request timeout passes) — /healthz answering throughout.
 */
import { describe, expect, it } from 'vitest';
import {
  healthz,
  post,
  rawExchange,
  startServer,
  until,
  type TestServer,
} from './serve-helpers.js';

const PREDICT =
  '[{"src_ip": "192.168.0.1", "dest_ip": "192.168.0.2", "src_port": 1234, "dest_port": 80, "protocol": "TCP","packet_size": 100}]';

/** A pcap header (µs, little endian, Ethernet). */
const PCAP_HEADER = Buffer.from('d4c3b2a1020004000000000000000000ffff000001000000', 'hex');

/** A gate a stalled client waits at. */
function gate(): { wait: () => Promise<undefined>; open: () => void } {
  let open: () => void = () => undefined;
  const p = new Promise<undefined>((resolve) => (open = () => resolve(undefined)));
  return { wait: () => p, open };
}

/** The in-flight gauge of `route` on /metrics. */
async function inFlight(url: string, route: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const m = new RegExp(`^nad_http_in_flight\\{route="${route.replace(/\//g, '\\/')}"\\} (\\d+)$`, 'm').exec(text);
  return m === null ? 0 : Number(m[1]);
} // prettier-ignore

/**
 * Sends the first `split` bytes of a request to `route` and stalls until the server counts it
 * in flight; `finish()` sends the rest and resolves with the raw answer.
 */
async function holdSlot(
  s: TestServer,
  route: string,
  type: string,
  body: Buffer,
  split: number,
): Promise<{ finish: () => Promise<string> }> {
  const held = gate();
  const answer = rawExchange(s.port, [
    `POST ${route} HTTP/1.1\r\nHost: x\r\nContent-Type: ${type}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
    body.subarray(0, split),
    held.wait,
    body.subarray(split),
  ]);
  await until(async () => (await inFlight(s.url, route)) === 1);
  return {
    finish: () => {
      held.open();
      return answer;
    },
  };
}

describe('nad serve limits', () => {
  it('answers 503 with Retry-After while the scan slot is taken, 200 once it is free', async () => {
    const s = await startServer({ limits: { scans: 1, requests: 1 } });
    const body = Buffer.concat([PCAP_HEADER, Buffer.alloc(16 * 61)]); // 61 empty records
    const held = await holdSlot(s, '/v1/scan', 'application/octet-stream', body, 24);
    const busy = await post(`${s.url}/v1/scan`, body, 'application/octet-stream');
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('1');
    expect(busy.json).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'busy: 1 uploads are being scanned; retry later',
    });
    // /predict has its own slot, and /healthz no limit.
    expect((await post(`${s.url}/predict`, PREDICT, 'application/json')).status).toBe(200);
    expect(await healthz(s.url)).toBe(200);
    const answer = await held.finish();
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(answer).toMatch(/"packets": 61,/);
    expect((await post(`${s.url}/v1/scan`, body, 'application/octet-stream')).status).toBe(200);
  });

  it('holds /predict to its limit the same way', async () => {
    const s = await startServer({ limits: { requests: 1 } });
    const held = await holdSlot(s, '/predict', 'application/json', Buffer.from(PREDICT), 10);
    const busy = await post(`${s.url}/predict`, PREDICT, 'application/json');
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('1');
    expect(busy.json.message).toBe('busy: 1 requests are being answered; retry later');
    expect(await held.finish()).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });

  it('needs the bearer token when one is set, except on /healthz and /readyz', async () => {
    const s = await startServer({ token: 's3cret-token' });
    const none = await post(`${s.url}/predict`, PREDICT, 'application/json');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="nad"');
    expect(none.json).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'missing or wrong bearer token (Authorization: Bearer $NAD_TOKEN)',
    });
    const wrong = await post(`${s.url}/predict`, PREDICT, 'application/json', {
      authorization: 'Bearer s3cret-tokem',
    });
    expect(wrong.status).toBe(401);
    const right = await post(`${s.url}/predict`, PREDICT, 'application/json', {
      authorization: 'Bearer s3cret-token',
    });
    expect(right.status).toBe(200);
    expect((await fetch(`${s.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${s.url}/openapi.json`)).status).toBe(401);
    expect(await healthz(s.url)).toBe(200);
    expect((await fetch(`${s.url}/readyz`)).status).toBe(200);
  });

  it('ends a client that sends its body too slowly with 408, and stays up', async () => {
    const s = await startServer({ limits: { requestTimeoutMs: 1000 } });
    const never = gate();
    const answer = await rawExchange(s.port, [
      `POST /v1/scan HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: 1000\r\n\r\n`,
      PCAP_HEADER,
      never.wait,
    ]);
    expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(await healthz(s.url)).toBe(200);
  });

  it('ends a client that never finishes its headers (slow loris) with 408', async () => {
    const s = await startServer({ limits: { requestTimeoutMs: 1000 } });
    const never = gate();
    const answer = await rawExchange(s.port, [
      'POST /predict HTTP/1.1\r\nHost: x\r\nX-A: ',
      never.wait,
    ]);
    expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(await healthz(s.url)).toBe(200);
  });
});
