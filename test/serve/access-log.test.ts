/**
 * The access log of the built `nad serve` (a child process): one line per request on stderr in
 * the documented format — text (logfmt) by default, JSON objects with --log-format json, none
 * with --no-access-log — including requests turned away (401, 404) and the client's request id.
 */
import { describe, expect, it } from 'vitest';
import { spawnServe, until, type ServeChild } from './serve-helpers.js';

const CURL_BODY =
  '[{"src_ip": "192.168.0.1", "dest_ip": "192.168.0.2", "src_port": 1234, "dest_port": 80, "protocol": "TCP","packet_size": 100}]';

/** The stderr lines that are access lines (text or JSON). */
const accessLines = (serve: ServeChild): string[] =>
  serve.stderr().split('\n').filter((l) => / access id=|"type":"access"/.test(l)); // prettier-ignore

/** Sends the requests every case checks: their statuses and response sizes (body bytes). */
async function traffic(url: string, token?: string) {
  const auth: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` }; // prettier-ignore
  const predict = await fetch(`${url}/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': 'client-42.a:b', ...auth },
    body: CURL_BODY,
  });
  const missing = await fetch(`${url}/nope?x=1`, { headers: { 'x-request-id': 'bad id with spaces' } }); // prettier-ignore
  const health = await fetch(`${url}/healthz`);
  for (const r of [predict, missing, health]) await r.arrayBuffer();
  return { predict, missing, health };
}

describe('nad serve access log', () => {
  it('text (default): one logfmt line per request, with the request id sent back', async () => {
    const serve = await spawnServe([], { NAD_TOKEN: 's3cret' });
    const { predict, missing } = await traffic(serve.url, 's3cret');
    const denied = await fetch(`${serve.url}/metrics`);
    await denied.arrayBuffer();
    expect([predict.status, missing.status, denied.status]).toEqual([200, 404, 401]);
    expect(predict.headers.get('x-request-id')).toBe('client-42.a:b');
    const made = missing.headers.get('x-request-id')!;
    expect(made).toMatch(/^[0-9a-f]{8}-\d+$/);
    await until(async () => accessLines(serve).length === 4);
    const line = (method: string, route: string, status: number, id: string, url: string) =>
      new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z access id=${id.replace(/\./g, '\\.')} ip=127\\.0\\.0\\.1 method=${method} route=${route} status=${status} ms=\\d+\\.\\d\\d bytes=(\\d+) url=${JSON.stringify(url).replace(/[?.]/g, '\\$&')}$`); // prettier-ignore
    const lines = accessLines(serve);
    expect(lines[0]).toMatch(line('POST', '/predict', 200, 'client-42.a:b', '/predict'));
    expect(lines[1]).toMatch(line('GET', 'unmatched', 404, made, '/nope?x=1'));
    expect(lines[2]).toMatch(line('GET', '/healthz', 200, '[0-9a-f]{8}-\\d+', '/healthz'));
    expect(lines[3]).toMatch(line('GET', '/metrics', 401, '[0-9a-f]{8}-\\d+', '/metrics'));
    // bytes: the whole answer on the wire, more than its body.
    const bytes = Number(/ bytes=(\d+) /.exec(lines[0]!)![1]);
    expect(bytes).toBeGreaterThan(Number(predict.headers.get('content-length')));
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
  });

  it('--log-format json: every server line a JSON object; --no-access-log: none', async () => {
    const serve = await spawnServe(['--log-format', 'json']);
    await traffic(serve.url);
    await until(async () => accessLines(serve).length === 3);
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
    const all = serve.stderr().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>); // prettier-ignore
    expect(all[0]).toMatchObject({ type: 'server', message: expect.stringMatching(/^nad serve: listening on http:/) }); // prettier-ignore
    expect(all.at(-1)).toMatchObject({ type: 'server', message: 'nad serve: stopped' });
    const access = all.filter((o) => o.type === 'access');
    expect(access.map((o) => Object.keys(o))).toEqual(
      Array(3).fill(['time', 'type', 'id', 'ip', 'method', 'route', 'status', 'ms', 'bytes', 'url', 'aborted']),
    ); // prettier-ignore
    expect(access.map((o) => [o.id, o.method, o.route, o.status, o.url, o.aborted])).toEqual([
      ['client-42.a:b', 'POST', '/predict', 200, '/predict', false],
      [expect.stringMatching(/^[0-9a-f]{8}-\d+$/), 'GET', 'unmatched', 404, '/nope?x=1', false],
      [expect.stringMatching(/^[0-9a-f]{8}-\d+$/), 'GET', '/healthz', 200, '/healthz', false],
    ]);
    for (const o of access) expect(o.bytes).toBeGreaterThan(100);

    const quiet = await spawnServe(['--no-access-log']);
    await traffic(quiet.url);
    quiet.child.kill('SIGTERM');
    expect(await quiet.exited).toBe(0);
    expect(accessLines(quiet)).toEqual([]);
    expect(quiet.stderr()).toMatch(/nad serve: stopped\n$/);
  });
});
