/**
 * `npm run bench:json` — reading a ≥ 1 GB tshark export (issue 6: tens of MB/s, peak RSS ≤ 200 MB).
 *
 * The export is built once under .bench-data/ by repeating the packets of a fixture export
 * (`tshark -T json -x` of benign/http_browse.pcap, raw bytes included) with `frame.time_epoch`
 * shifted per copy. Each reader runs in its own process so its peak RSS is its own:
 * - nad: tokenizer + tshark reader + decoders (readPackets), the whole 1 GB file;
 * - peer: `JSON.parse` of a 100 MB slice of the same export (what a naive reader does; it has
 *   to hold the whole text and the whole object tree, so it cannot scale to the big file).
 * Usage: npm run bench:json [-- --size-mb N]
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { finishStream, printTable, runChild, timeReadPackets, writeChunk } from './lib/measure.js';

const FIXTURE = 'fixtures/pcaps/json/http_browse.tshark.raw.json.gz';
const PEER_MB = 100;

/** Writes `[`, then copies of the fixture's packets (times shifted), then `]`. */
async function buildExport(path: string, sizeMb: number): Promise<void> {
  const text = gunzipSync(readFileSync(FIXTURE)).toString('utf8');
  const body = text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1);
  const parts = body.split(/("frame\.time_epoch": ")(\d+)/);
  const copies = Math.ceil((sizeMb * 1048576) / body.length);
  const out = createWriteStream(path);
  out.write('[\n  ');
  for (let c = 0; c < copies; c++) {
    // parts: text, prefix, seconds, text, prefix, seconds, …: shift every seconds field.
    const shifted = parts.map((p, i) => (i % 3 === 2 ? String(Number(p) + c * 100) : p)).join('');
    const chunk = c === 0 ? shifted : `,\n  ${shifted}`;
    await writeChunk(out, chunk);
  }
  out.write('\n]\n');
  await finishStream(out);
}

async function childJsonParse(file: string): Promise<void> {
  const t0 = process.hrtime.bigint();
  const packets = (JSON.parse(readFileSync(file, 'utf8')) as unknown[]).length;
  const sec = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(JSON.stringify({ packets, sec }));
}

async function ensure(path: string, sizeMb: number): Promise<number> {
  if (!existsSync(path)) {
    console.log(`building ${path} …`);
    await buildExport(path, sizeMb);
  }
  return statSync(path).size / 1048576;
}

async function main(): Promise<void> {
  const [mode, file] = process.argv.slice(2);
  if (mode === '--child-nad') return timeReadPackets(file!, true);
  if (mode === '--child-json-parse') return childJsonParse(file!);
  const sizeArg = process.argv.indexOf('--size-mb');
  const sizeMb = sizeArg > 0 ? Number(process.argv[sizeArg + 1]) : 1100;
  mkdirSync('.bench-data', { recursive: true });
  const big = `.bench-data/json-${sizeMb}mb.tshark.raw.json`;
  const slice = `.bench-data/json-${PEER_MB}mb.tshark.raw.json`;
  const bigMb = await ensure(big, sizeMb);
  const sliceMb = await ensure(slice, PEER_MB);
  const self = fileURLToPath(import.meta.url);
  console.log(`export: ${big}, ${bigMb.toFixed(0)} MB; peer slice: ${sliceMb.toFixed(0)} MB`);
  const nad = runChild(process.execPath, [self, '--child-nad', big]);
  const nadSlice = runChild(process.execPath, [self, '--child-nad', slice]);
  const peer = runChild(process.execPath, [
    '--max-old-space-size=8192',
    self,
    '--child-json-parse',
    slice,
  ]);
  const row = (name: string, r: typeof nad, mb: number) => {
    const sec = Number(r.sec);
    return [
      name,
      Math.round(mb),
      Number(r.packets),
      sec,
      Number(r.packets) / sec,
      mb / sec,
      r.peakRssMb,
    ];
  };
  const rows = [
    row('nad (stream + decode), full file', nad, bigMb),
    row(`nad (stream + decode), ${PEER_MB} MB slice`, nadSlice, sliceMb),
    row(`JSON.parse, ${PEER_MB} MB slice`, peer, sliceMb),
  ];
  printTable(['reader', 'MB', 'packets', 'seconds', 'packets/s', 'MB/s', 'peak RSS MB'], rows);
  const mbps = (i: number) => rows[i]![5] as number;
  console.log(`throughput nad/JSON.parse (same ${PEER_MB} MB): ${(mbps(1) / mbps(2)).toFixed(2)}`);
  console.log(
    `peak RSS JSON.parse/nad (same ${PEER_MB} MB): ${(peer.peakRssMb / nadSlice.peakRssMb).toFixed(2)}`,
  );
  console.log(
    `target tens of MB/s: ${mbps(0) >= 20 ? 'met' : 'NOT met'}; peak RSS ≤ 200 MB on ${bigMb.toFixed(0)} MB: ${nad.peakRssMb <= 200 ? 'met' : 'NOT met'}`,
  );
}

await main();
