/**
 * POST /v1/scan on a real listening server: uploads (raw, gzip, pcapng, tshark JSON, multipart)
 * give exactly the document and rows of `nad scan` (the built CLI) on the same file; a truncated
 * capture is read to the cut as `nad scan` reads it; garbage, an empty body, a gzip bomb and an
 * upload over the limit get their documented status while /healthz keeps answering.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ScanDocument } from '../../src/report/scan-output.js';
import type { ErrorBody } from '../../src/serve/http-errors.js';
import { buildPcap } from '../helpers/capture-builders.js';
import { runNad } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';
import { tempDir } from '../helpers/temp.js';
import { healthz, post, startServer, type TestServer } from './serve-helpers.js';

const TEARDROP = 'fixtures/pcaps/attack/teardrop.pcap';

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});

/** The document without its timings (elapsedSec differs between any two runs). */
function untimed(doc: ScanDocument): unknown {
  const strip = <T extends { elapsedSec: number }>(f: T): Omit<T, 'elapsedSec'> => {
    const { elapsedSec: _e, ...rest } = f;
    return rest;
  };
  return { ...doc, files: doc.files.map(strip), total: strip(doc.total) };
}

/** `nad scan --format json` (plus `flags`) of `file`, from the built CLI. */
async function cliDoc(file: string, flags: string[] = []): Promise<ScanDocument> {
  const r = await runNad(['scan', '--format', 'json', ...flags, file]);
  expect([0, 3]).toContain(r.code);
  return JSON.parse(r.stdout) as ScanDocument;
}

async function upload(query: string, body: Uint8Array, type = 'application/octet-stream') {
  return post<ScanDocument & ErrorBody>(`${s.url}/v1/scan${query}`, body, type);
}

describe('POST /v1/scan', () => {
  it.each([
    [TEARDROP, ''],
    ['fixtures/training/pcaps/land.pcap.gz', ''],
    ['fixtures/pcaps/attack/synscan_2011pkts.pcapng', ''],
    ['fixtures/pcaps/json/teardrop.tshark.json', ''],
    ['fixtures/pcaps/benign/http_browse.pcap', '--all'],
  ])('%s (%s) gives the document of nad scan --format json', async (file, flag) => {
    const q = `?name=${encodeURIComponent(file)}${flag === '--all' ? '&all=true' : ''}`;
    const r = await upload(q, readFileSync(join(ROOT, file)));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    const expected = await cliDoc(file, flag === '' ? [] : [flag]);
    expect(untimed(r.json)).toEqual(untimed(expected));
    expect(r.json.records.length).toBe(expected.records.length);
  });

  it('takes a multipart upload, named by its file name', async () => {
    const form = new FormData();
    form.append('file', new Blob([readFileSync(join(ROOT, TEARDROP))]), 'teardrop.pcap');
    const res = await fetch(`${s.url}/v1/scan`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    const doc = (await res.json()) as ScanDocument;
    const expected = await cliDoc(TEARDROP);
    expect(doc.records).toEqual(expected.records.map((r) => ({ ...r, file: 'teardrop.pcap' })));
    expect(doc.files[0].file).toBe('teardrop.pcap');
  });

  it('streams ?format=ndjson rows byte for byte as nad scan --format ndjson writes them', async () => {
    const r = await upload(
      `?format=ndjson&all=1&name=${TEARDROP}`,
      readFileSync(join(ROOT, TEARDROP)),
    );
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const cli = await runNad(['scan', '--all', '--format', 'ndjson', TEARDROP]);
    expect(r.text).toBe(cli.stdout);
    expect(r.text.split('\n').length).toBe(5); // 4 connections and the final newline
  });

  it("streams concurrent uploads (sharing the model's memos) each byte for byte as nad scan", async () => {
    const files = [
      'fixtures/pcaps/attack/synscan_2011pkts.pcapng',
      'fixtures/pcaps/attack/dns_amp_rrsig_fragmented.pcap',
      'fixtures/pcaps/benign/http_browse.pcap',
    ];
    const answers = await Promise.all(
      [...files, ...files].map((f) =>
        upload(`?format=ndjson&all=1&name=${f}`, readFileSync(join(ROOT, f))),
      ),
    );
    for (const [i, f] of files.entries()) {
      const cli = await runNad(['scan', '--all', '--format', 'ndjson', f]);
      expect(cli.stdout.split('\n').length).toBeGreaterThan(5);
      expect(answers[i]!.text, f).toBe(cli.stdout);
      expect(answers[i + files.length]!.text, f).toBe(cli.stdout);
    }
  });

  it('reads a truncated pcap to the cut, as nad scan does (200 with the warning)', async () => {
    const bytes = readFileSync(join(ROOT, TEARDROP));
    const cut = bytes.subarray(0, 1000);
    const file = join(tempDir('scan-cut'), 'cut.pcap');
    writeFileSync(file, cut);
    const r = await upload(`?name=${encodeURIComponent(file)}`, cut);
    expect(r.status).toBe(200);
    const expected = await cliDoc(file);
    expect(untimed(r.json)).toEqual(untimed(expected));
    expect(r.json.files[0].warnings.length).toBe(1);
    expect(r.json.files[0].warnings[0]).toMatch(/cut short|truncated/i);
    expect(await healthz(s.url)).toBe(200);
  });

  it('answers bad data after some packets as nad scan does: 200 with the error, or a last ndjson line', async () => {
    const bad = Buffer.alloc(16);
    bad.writeUInt32LE(300_000, 8); // a captured length past libpcap's maximum: corrupt
    bad.writeUInt32LE(300_000, 12);
    const body = Buffer.concat([readFileSync(join(ROOT, TEARDROP)), bad]);
    const file = join(tempDir('scan-bad'), 'bad.pcap');
    writeFileSync(file, body);
    const name = `?name=${encodeURIComponent(file)}`;
    const r = await upload(name, body);
    expect(r.status).toBe(200);
    const expected = await cliDoc(file);
    expect(untimed(r.json)).toEqual(untimed(expected));
    expect(r.json.files[0]!.error).toMatch(/^.*bad\.pcap: byte 1828: /);
    const rows = await upload(`${name}&format=ndjson&all=true`, body);
    expect(rows.status).toBe(200);
    const lines = rows.text.trimEnd().split('\n');
    const cli = await runNad(['scan', '--all', '--format', 'ndjson', file]);
    expect(lines.slice(0, -1).join('\n') + '\n').toBe(cli.stdout);
    expect(JSON.parse(lines.at(-1)!)).toEqual({
      error: { statusCode: 400, error: 'Bad Request', message: r.json.files[0]!.error },
    });
  });

  it.each([
    ['10 MB of garbage', new Uint8Array(10 << 20).map((_, i) => (i * 7919 + 13) & 0xff), /^upload: byte 0: not a capture file: starts with 0d fc eb da$/],
    ['an empty body', new Uint8Array(0), /^upload: byte 0: not a capture file: starts with nothing \(empty file\)$/],
  ])('%s is 400 naming the problem; /healthz still answers', async (_what, body, message) => {
    const r = await upload('', body);
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.stringMatching(message) });
    expect(await healthz(s.url)).toBe(200);
  }); // prettier-ignore

  it('stops a gzip bomb at the inflated limit with 413', async () => {
    const small = await startServer({ limits: { inflatedBytes: 16 << 20 } });
    // A pcap header and 256 MiB of zero bytes (empty records), gzip: about 1000 to 1.
    const bomb = await gzipOf(pcapHeader(), 256 << 20);
    expect(bomb.length).toBeLessThan(1 << 20);
    const r = await post(`${small.url}/v1/scan`, bomb, 'application/gzip');
    expect(r.status).toBe(413);
    expect(r.json).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'upload: more than 16777216 bytes after gzip decompression',
    });
    expect(await healthz(small.url)).toBe(200);
  });

  it('refuses an upload over the limit with 413, whether its length is declared or not', async () => {
    const small = await startServer({ limits: { uploadBytes: 1 << 20 } });
    const body = zeroFramesPcap(20_000); // 1.5 MB of a valid capture
    expect(body.length).toBe(24 + 20_000 * 76);
    const declared = await post(`${small.url}/v1/scan`, body, 'application/octet-stream');
    expect(declared.status).toBe(413);
    expect(declared.json.message).toBe(
      `upload of ${body.length} bytes is over the limit of 1048576`,
    );
    const chunked = await fetch(`${small.url}/v1/scan`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Blob([body]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(((await chunked.json()) as ErrorBody).message).toBe(
      'upload: upload is over the limit of 1048576 bytes',
    );
    expect(await healthz(small.url)).toBe(200);
  });

  it('names a bad query parameter (400)', async () => {
    const r = await upload('?threshold=2', readFileSync(join(ROOT, TEARDROP)));
    expect(r.status).toBe(400);
    expect(r.json.message).toBe('query: threshold "2" is not valid: anomaly threshold, 0–1 (default: the server’s --threshold)');
    const f = await upload('?format=xml', readFileSync(join(ROOT, TEARDROP)));
    expect(f.status).toBe(400);
    expect(f.json.message).toBe('query: format must be equal to one of the allowed values');
  }); // prettier-ignore
});

/** A classic pcap file header (µs, little endian, Ethernet). */
function pcapHeader(): Uint8Array {
  return buildPcap({}, []);
}

/** A pcap of `n` 60-byte Ethernet frames of zeros (not IP: read and skipped). */
function zeroFramesPcap(n: number): Uint8Array {
  const data = new Uint8Array(60);
  return buildPcap(
    {},
    Array.from({ length: n }, () => ({ tsSec: 0, tsFrac: 0, data })),
  );
}

/** gzip of `head` followed by `zeros` zero bytes, made as a stream. */
async function gzipOf(head: Uint8Array, zeros: number): Promise<Buffer> {
  const gz = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gz.on('data', (d: Buffer) => out.push(d));
  const done = new Promise((resolve) => gz.on('end', resolve));
  gz.write(head);
  const chunk = Buffer.alloc(1 << 20);
  for (let n = 0; n < zeros; n += chunk.length) {
    if (!gz.write(chunk)) await new Promise((resolve) => gz.once('drain', resolve));
  }
  gz.end();
  await done;
  return Buffer.concat(out);
}
