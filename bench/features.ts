/**
 * `npm run bench:features` — captures → KDD feature rows (flow table, windows, content, kdd text)
 * on a ≥ 1 GB capture; packets/s and peak RSS (issue 4 targets: ≥ 500,000 packets/s, peak RSS
 * < 300 MB whatever the file size).
 *
 * The capture is built once under .bench-data/ from a mix of fixtures (Ethernet, µs pcap): a
 * spoofed SYN flood (37 k sources), a DNS amplification with fragments and unrelated TCP, an nmap
 * scan, an FTP brute force, HTTP/SSH/TLS sessions, land, smurf, teardrop and UDP fragments. Each
 * round appends every fixture once, its timestamps moved to follow the previous one and its IPv4
 * addresses shifted by the round number (second byte of source and destination), so rounds
 * make new connections rather than continue old ones. Usage:
 * npm run bench:features [-- --size-mb N] [--set kdd|extended]
 * (`--set extended`: rows with the extended columns as csv, docs/extended-features.md). The
 * table shows wall-clock and CPU seconds (user + system), CPU being the figure to compare on a
 * loaded machine.
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { finishStream, printTable, runChild, writeChunk } from './lib/measure.js';

const MIX = [
  'attack/syn_flood_spoofed.pcap',
  'attack/dns_amp_rrsig_fragmented.pcap',
  'generated/nmap_syn_scan_lo_eth.pcap',
  'attack/ftp_bruteforce.pcap',
  'benign/http_browse.pcap',
  'benign/http_simple.pcap',
  'benign/ssh_curve25519.pcap',
  'benign/tls_with_extensions.pcap',
  'generated/land_attack_lo.pcap',
  'generated/smurf_icmp_broadcast_lo.pcap',
  'attack/teardrop.pcap',
  'generated/udp_fragments_lo.pcap',
].map((f) => `fixtures/pcaps/${f}`);

/** Record offsets and time span of a little-endian µs pcap body (after the 24-byte header). */
function scan(body: Buffer): { offsets: number[]; first: number; last: number } {
  const offsets: number[] = [];
  let first = Infinity;
  let last = -Infinity;
  for (let p = 0; p + 16 <= body.length; p += 16 + body.readUInt32LE(p + 8)) {
    offsets.push(p);
    const t = body.readUInt32LE(p) + body.readUInt32LE(p + 4) / 1e6;
    first = Math.min(first, t);
    last = Math.max(last, t);
  }
  return { offsets, first, last };
}

/** One copy of a fixture body moved to start at `startSec` with addresses shifted by `round`. */
function copyOf(
  body: Buffer,
  offsets: number[],
  first: number,
  startSec: number,
  round: number,
): Buffer {
  const copy = Buffer.from(body);
  const shift = startSec - Math.floor(first);
  for (const p of offsets) {
    copy.writeUInt32LE(copy.readUInt32LE(p) + shift, p);
    const frame = p + 16;
    // Ethernet + IPv4 (ethertype 0x0800): bump the second byte of both addresses.
    if (copy.readUInt32LE(p + 8) >= 34 && copy.readUInt16BE(frame + 12) === 0x0800) {
      copy[frame + 27] = (copy[frame + 27]! + round) & 0xff;
      copy[frame + 31] = (copy[frame + 31]! + round) & 0xff;
    }
  }
  return copy;
}

async function buildCapture(path: string, sizeMb: number): Promise<void> {
  const inputs = MIX.map((f) => {
    const body = readFileSync(f).subarray(24);
    return { body, ...scan(body) };
  });
  const out = createWriteStream(path);
  out.write(readFileSync(MIX[0]!).subarray(0, 24));
  let written = 0;
  let cursor = 1_600_000_000;
  for (let round = 0; written < sizeMb * 1048576; round++) {
    for (const f of inputs) {
      const copy = copyOf(f.body, f.offsets, f.first, cursor, round);
      cursor += Math.ceil(f.last - f.first) + 10;
      written += copy.length;
      await writeChunk(out, copy);
    }
  }
  await finishStream(out);
}

async function child(file: string, set: string): Promise<void> {
  const { extractFeatures } = await import('../src/app/features/features.js');
  const { featureLine } = await import('../src/report/features-writer.js');
  const extended = set === 'extended';
  const options = extended
    ? ({ format: 'csv', withEndpoints: false, label: 'unknown.', set: 'extended' } as const)
    : ({ format: 'kdd', withEndpoints: false, label: 'unknown.' } as const);
  let textBytes = 0;
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const r = await extractFeatures(file, (row) => (textBytes += featureLine(row, options).length), {
    set: extended ? 'extended' : 'kdd',
  });
  const sec = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(c0);
  const cpuSec = (cpu.user + cpu.system) / 1e6;
  console.log(
    JSON.stringify({
      packets: r.packets,
      rows: r.rows,
      evictions: r.evictions,
      textBytes,
      sec,
      cpuSec,
    }),
  );
}

async function main(): Promise<void> {
  const [mode, file] = process.argv.slice(2);
  if (mode === '--child') return child(file!, process.argv[4] ?? 'kdd');
  const setArg = process.argv.indexOf('--set');
  const set = setArg > 0 ? process.argv[setArg + 1]! : 'kdd';
  const sizeArg = process.argv.indexOf('--size-mb');
  const sizeMb = sizeArg > 0 ? Number(process.argv[sizeArg + 1]) : 1100;
  mkdirSync('.bench-data', { recursive: true });
  const path = `.bench-data/features-mix-${sizeMb}mb.pcap`;
  if (!existsSync(path)) {
    console.log(`building ${path} …`);
    await buildCapture(path, sizeMb);
  }
  const mb = statSync(path).size / 1048576;
  console.log(`capture: ${path}, ${mb.toFixed(0)} MB (mix of ${MIX.length} fixtures)`);
  const r = runChild(process.execPath, [fileURLToPath(import.meta.url), '--child', path, set]);
  const pps = Number(r.packets) / Number(r.sec);
  printTable(
    ['stage', 'packets', 'rows', 'evictions', 'seconds', 'CPU s', 'packets/s', 'packets/CPU s', 'MB/s', 'peak RSS MB'], // prettier-ignore
    [
      [
        `capture → ${set} rows`,
        Number(r.packets),
        Number(r.rows),
        Number(r.evictions),
        Number(r.sec),
        Number(r.cpuSec),
        pps,
        Number(r.packets) / Number(r.cpuSec),
        mb / Number(r.sec),
        r.peakRssMb,
      ],
    ],
  );
  console.log(
    `target ≥ 500,000 packets/s: ${pps >= 5e5 ? 'met' : 'NOT met'}; peak RSS < 300 MB: ${r.peakRssMb < 300 ? 'met' : 'NOT met'}`,
  );
}

await main();
