/**
 * `npm run bench:big` — the fault-and-limits targets of issue 8: a 4 GB capture streams with
 * peak RSS < 300 MB, and a gzip capture that expands 1000× streams too.
 *
 * Builds under .bench-data/ (once): a 4 GiB pcap made of copies of a fixture's records
 * (timestamps shifted per copy), and a gzip of a 1 GiB pcap whose records are 65,535 zero bytes
 * (≈ 1000× compression). Each is read (capture + decode, as `nad scan` reads) in its own process
 * so its peak RSS is its own. Usage: npm run bench:big [-- --size-gb N --gzip-gb N]
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { finishStream, printTable, runChild, writeChunk } from './lib/measure.js';

const FIXTURE = 'fixtures/pcaps/benign/http_browse.pcap';

/** A pcap of `bytes` bytes or more: the fixture's records again and again. */
async function buildBig(path: string, bytes: number): Promise<void> {
  const src = readFileSync(FIXTURE);
  const body = src.subarray(24);
  const dv = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const offsets: number[] = [];
  for (let p = 0; p + 16 <= body.length; p += 16 + dv.getUint32(p + 8, true)) offsets.push(p);
  const out = createWriteStream(path);
  await writeChunk(out, src.subarray(0, 24));
  // Copies are batched into ~8 MiB writes.
  const perBatch = Math.max(1, Math.floor((8 << 20) / body.length));
  for (let c = 0, written = 24; written < bytes; c += perBatch) {
    const batch = Buffer.alloc(body.length * perBatch);
    for (let k = 0; k < perBatch; k++) {
      body.copy(batch, k * body.length);
      const bdv = new DataView(batch.buffer, batch.byteOffset + k * body.length, body.length);
      for (const p of offsets) bdv.setUint32(p, bdv.getUint32(p, true) + (c + k) * 60, true);
    }
    await writeChunk(out, batch);
    written += batch.length;
  }
  await finishStream(out);
}

/** gzip of a pcap of `bytes` bytes whose records are 65,535 zero bytes each. */
async function buildBomb(path: string, bytes: number): Promise<void> {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(1, 20);
  const rec = Buffer.alloc(16 + 65535);
  rec.writeUInt32LE(65535, 8);
  rec.writeUInt32LE(65535, 12);
  const gz = createGzip({ level: 9 });
  const done = new Promise<void>((resolve, reject) => {
    const file = createWriteStream(path);
    gz.pipe(file);
    file.on('finish', () => resolve());
    file.on('error', reject);
  });
  await writeChunk(gz, header);
  for (let i = 0, n = 24; n < bytes; i++, n += rec.length) {
    rec.writeUInt32LE(i, 0);
    await writeChunk(gz, rec);
  }
  gz.end();
  await done;
}

async function child(file: string): Promise<void> {
  const { readPackets } = await import('../src/app/shared/read-packets.js');
  const t0 = process.hrtime.bigint();
  const r = await readPackets(file);
  const sec = Number(process.hrtime.bigint() - t0) / 1e9;
  const error = r.error?.describe() ?? '';
  console.log(JSON.stringify({ packets: r.stats.packets, bytes: r.stats.bytes, sec, error }));
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return child(process.argv[3]!);
  const sizeGb = arg('size-gb', 4);
  const gzipGb = arg('gzip-gb', 1);
  mkdirSync('.bench-data', { recursive: true });
  const big = `.bench-data/big-${sizeGb}gb.pcap`;
  const bomb = `.bench-data/zeros-${gzipGb}gb.pcap.gz`;
  if (!existsSync(big)) {
    console.log(`building ${big} …`);
    await buildBig(big, sizeGb * 2 ** 30);
  }
  if (!existsSync(bomb)) {
    console.log(`building ${bomb} …`);
    await buildBomb(bomb, gzipGb * 2 ** 30);
  }
  const self = fileURLToPath(import.meta.url);
  const rows = [big, bomb].map((path) => {
    const onDisk = statSync(path).size / 2 ** 20;
    const r = runChild(process.execPath, [self, '--child', path]);
    const inflatedMb = Number(r.bytes) / 2 ** 20;
    return [
      path,
      onDisk,
      inflatedMb,
      Number(r.packets),
      Number(r.sec),
      r.peakRssMb,
      String(r.error || 'none'),
    ];
  });
  printTable(
    ['input', 'MB on disk', 'MB of frames', 'packets', 'seconds', 'peak RSS MB', 'error'],
    rows,
  );
  const worst = Math.max(...rows.map((r) => r[5] as number));
  console.log(
    `target: peak RSS < 300 MB for both: ${worst < 300 ? 'met' : 'NOT met'} (worst ${worst.toFixed(0)} MB)`,
  );
}

await main();
