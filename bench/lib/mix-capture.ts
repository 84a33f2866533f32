/**
 * The bench capture shared by bench:scan, bench:serve and bench:queue: bench:features' traffic
 * mix of a given size, `.bench-data/features-mix-<N>mb.pcap`, built by bench:features (its
 * builder, which also prints its own run) when missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** The path of the `sizeMb` MB mix, built first when it does not exist. */
export function mixCapture(sizeMb: number): string {
  const path = `.bench-data/features-mix-${sizeMb}mb.pcap`;
  if (existsSync(path)) return path;
  console.log(`building ${path} with bench:features (its builder; it also prints its own run) …`);
  const r = spawnSync(process.execPath, ['dist/bench/features.js', '--size-mb', String(sizeMb)], {
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('bench:features could not build the capture');
  return path;
}
