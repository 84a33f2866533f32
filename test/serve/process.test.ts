/**
 * The built `nad serve` as a child process: SIGTERM lets a request in flight finish (200) and
 * then exits 0; SIGHUP reloads the model file (a new id on /readyz and /metrics), and a reload
 * that fails keeps the model in use; a bad model at start is exit 4 with one line, no stack.
 * (The baseline's reload: baseline.test.ts; the access log: access-log.test.ts.)
 */
import { copyFileSync, renameSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNad } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp.js';
import { rawExchange, spawnServe, until } from './serve-helpers.js';

const SCAN_MODEL = join(ROOT, 'models/scan-default.nadm');
const KDD_MODEL = join(ROOT, 'models/kdd-default.nadm');
const PCAP_HEADER = Buffer.from('d4c3b2a1020004000000000000000000ffff000001000000', 'hex');

const idOf = (path: string): string =>
  createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 12);

async function readyId(url: string): Promise<string> {
  return ((await (await fetch(`${url}/readyz`)).json()) as { model: { id: string } }).model.id;
}

describe('nad serve (the built CLI)', () => {
  it('finishes the request in flight on SIGTERM, refuses new connections, exits 0', async () => {
    const serve = await spawnServe([]);
    const port = Number(new URL(serve.url).port);
    let sent: () => void = () => undefined;
    const headSent = new Promise<void>((resolve) => (sent = resolve));
    let release: () => void = () => undefined;
    const held = new Promise<undefined>((resolve) => (release = () => resolve(undefined)));
    const body = Buffer.concat([PCAP_HEADER, Buffer.alloc(16 * 3)]);
    const inFlight = rawExchange(port, [
      `POST /v1/scan HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
      body.subarray(0, 24),
      async () => {
        sent();
        return held;
      },
      body.subarray(24),
    ]);
    await headSent;
    await until(async () => /nad_http_in_flight\{route="\/v1\/scan"\} 1/.test(await (await fetch(`${serve.url}/metrics`)).text())); // prettier-ignore
    serve.child.kill('SIGTERM');
    await until(async () => /SIGTERM: finishing/.test(serve.stderr()));
    await expect(fetch(`${serve.url}/healthz`)).rejects.toThrow();
    release();
    const answer = await inFlight;
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(answer).toMatch(/"packets": 3,/);
    expect(await serve.exited).toBe(0);
    expect(serve.stderr()).toMatch(/nad serve: stopped\n$/);
  });

  it('reloads the model on SIGHUP, and keeps it when the new file is damaged', async () => {
    const dir = tempDir('serve-hup');
    const model = join(dir, 'model.nadm');
    copyFileSync(SCAN_MODEL, model);
    const serve = await spawnServe(['-m', model]);
    expect(await readyId(serve.url)).toBe(idOf(SCAN_MODEL));
    copyFileSync(KDD_MODEL, `${model}.new`);
    renameSync(`${model}.new`, model);
    serve.child.kill('SIGHUP');
    await until(async () => (await readyId(serve.url)) === idOf(KDD_MODEL));
    const metrics = await (await fetch(`${serve.url}/metrics`)).text();
    expect(metrics).toContain(`nad_model_info{id="${idOf(KDD_MODEL)}",path="${model}"} 1`);
    expect(metrics).toContain('nad_model_reloads_total{result="ok"} 1');
    expect(serve.stderr()).toContain(`model reloaded: ${model} (id ${idOf(SCAN_MODEL)} → ${idOf(KDD_MODEL)})`); // prettier-ignore

    writeFileSync(model, 'not a model');
    serve.child.kill('SIGHUP');
    await until(async () => /reload failed/.test(serve.stderr()));
    expect(await readyId(serve.url)).toBe(idOf(KDD_MODEL));
    expect(await (await fetch(`${serve.url}/metrics`)).text()).toContain('nad_model_reloads_total{result="failed"} 1'); // prettier-ignore
    const r = await fetch(`${serve.url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '[{"src_ip": "192.168.0.1", "dest_ip": "192.168.0.2", "src_port": 1234, "dest_port": 80, "protocol": "TCP","packet_size": 100}]',
    });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { model: string }).model).toBe(idOf(KDD_MODEL));
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
  });

  it('exits 4 with one line when the model cannot be loaded', async () => {
    const r = await runNad(['serve', '--port', '0', '-m', join(tempDir('serve-bad'), 'none.nadm')]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^error: .*none\.nadm: cannot read model: no such file\n/);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('exits 2 naming the address when the port is taken', async () => {
    const first = await spawnServe([]);
    const port = new URL(first.url).port;
    const r = await runNad(['serve', '--port', port]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `error: cannot listen on 127.0.0.1:${port}: the address is already in use\nhint: Choose another --port (0: any free port) or --host.\n`,
    );
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
  });

  it('--help explains every flag, with examples', async () => {
    const r = await runNad(['serve', '--help']);
    expect(r.code).toBe(0);
    for (const flag of [
      '--host',
      '--port',
      '--model',
      '--threshold',
      '--max-body',
      '--max-upload',
      '--max-inflated',
      '--max-requests',
      '--max-scans',
      '--request-timeout',
      '--baseline',
      '--[no-]access-log',
      '--log-format',
    ])
      // prettier-ignore
      expect(r.stdout).toContain(flag);
    expect(r.stdout).toContain('EXAMPLES');
    expect(r.stdout).toContain('NAD_TOKEN');
    expect(r.stdout).toContain('--baseline site.nadb');
    expect(r.stdout).toContain('--log-format json');
    const bad = await runNad(['serve', '--log-format', 'xml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--log-format/);
  });
});
