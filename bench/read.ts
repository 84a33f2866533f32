/**
 * `npm run bench:read` — reading + decoding throughput and memory on a ≥ 1 GB capture of small
 * packets (issue 2 target: ≥ 2,000,000 packets/s, peak RSS < 200 MB whatever the file size).
 *
 * The capture is built once under .bench-data/ by concatenating a fixture (an nmap SYN scan:
 * 54–58-byte frames) with timestamps shifted per copy. Each reader runs in its own process so
 * its peak RSS is its own: nad (capture + decode), and pcap-parser (dev dependency; records
 * only, no decoding) on the same file as the peer. Usage: npm run bench:read [-- --size-mb N]
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { finishStream, printTable, runChild, timeReadPackets, writeChunk } from './lib/measure.js';

const FIXTURE = 'fixtures/pcaps/generated/nmap_syn_scan_lo_eth.pcap';

async function buildCapture(path: string, sizeMb: number): Promise<void> {
  const src = readFileSync(FIXTURE);
  const header = src.subarray(0, 24);
  const body = src.subarray(24);
  const dv = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const offsets: number[] = [];
  for (let p = 0; p + 16 <= body.length; p += 16 + dv.getUint32(p + 8, true)) offsets.push(p);
  const copies = Math.ceil((sizeMb * 1024 * 1024) / body.length);
  const out = createWriteStream(path);
  out.write(header);
  for (let c = 0; c < copies; c++) {
    const copy = Buffer.from(body);
    const cdv = new DataView(copy.buffer, copy.byteOffset, copy.byteLength);
    for (const p of offsets) cdv.setUint32(p, cdv.getUint32(p, true) + c * 10, true);
    await writeChunk(out, copy);
  }
  await finishStream(out);
}

async function childPcapParser(file: string): Promise<void> {
  const { createRequire } = await import('node:module');
  const pcapParser = createRequire(import.meta.url)('pcap-parser') as {
    parse(path: string): NodeJS.EventEmitter;
  };
  let packets = 0;
  const t0 = process.hrtime.bigint();
  await new Promise<void>((resolve, reject) => {
    const parser = pcapParser.parse(file);
    parser.on('packet', () => packets++);
    parser.on('end', () => resolve());
    parser.on('error', reject);
  });
  const sec = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(JSON.stringify({ packets, tcp: NaN, sec }));
}

async function main(): Promise<void> {
  const [mode, file] = process.argv.slice(2);
  if (mode === '--child-nad') return timeReadPackets(file!);
  if (mode === '--child-pcap-parser') return childPcapParser(file!);
  const sizeArg = process.argv.indexOf('--size-mb');
  const sizeMb = sizeArg > 0 ? Number(process.argv[sizeArg + 1]) : 1100;
  mkdirSync('.bench-data', { recursive: true });
  const path = `.bench-data/read-${sizeMb}mb.pcap`;
  if (!existsSync(path)) {
    console.log(`building ${path} …`);
    await buildCapture(path, sizeMb);
  }
  const mb = statSync(path).size / 1048576;
  const self = fileURLToPath(import.meta.url);
  console.log(`capture: ${path}, ${mb.toFixed(0)} MB`);
  const nad = runChild(process.execPath, [self, '--child-nad', path]);
  const peer = runChild(process.execPath, ['--no-deprecation', self, '--child-pcap-parser', path]);
  const rows = [nad, peer].map((r, i) => {
    const pps = Number(r.packets) / Number(r.sec);
    return [
      i === 0 ? 'nad (read + decode)' : 'pcap-parser (read only)',
      Number(r.packets),
      Number(r.sec),
      pps,
      mb / Number(r.sec),
      r.peakRssMb,
    ];
  });
  printTable(['reader', 'packets', 'seconds', 'packets/s', 'MB/s', 'peak RSS MB'], rows);
  const ratio = (rows[0]![3] as number) / (rows[1]![3] as number);
  console.log(`nad/pcap-parser throughput ratio: ${ratio.toFixed(2)}`);
  console.log(
    `target ≥ 2,000,000 packets/s: ${(rows[0]![3] as number) >= 2e6 ? 'met' : 'NOT met'}; peak RSS < 200 MB: ${nad.peakRssMb < 200 ? 'met' : 'NOT met'}`,
  );
}

await main();
