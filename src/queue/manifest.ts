/**
 * The manifest of the scan queued in a queue: its jobs in output order and its settings. One
 * queue holds one scan: adding the same scan again is a no-op, adding another is refused
 * until `nad queue clear`, so `nad queue collect` knows exactly which slices make the output.
 */
import type { Redis } from 'ioredis';
import { UsageError } from '../common/errors.js';
import { manifestKey } from './keys.js';
import type { ScanSettings, SliceJob } from './slices.js';

/** The manifest as stored (JSON). */
export interface Manifest {
  version: 1;
  /** Names the scan: a hash of its job ids in order. */
  scan: string;
  jobs: { id: string; order: number; label: string }[];
  settings: ScanSettings;
  /** When the scan was first queued (ISO time). */
  queuedAt: string;
  /** The command line that queued it (absent in manifests of earlier versions). */
  command?: string;
}

/** The manifest of `jobs`. */
export function manifestOf(
  jobs: readonly SliceJob[],
  settings: ScanSettings,
  scan: string,
  command?: string,
): Manifest {
  return {
    version: 1,
    scan,
    jobs: jobs.map(({ id, order, label }) => ({ id, order, label })),
    settings,
    queuedAt: new Date().toISOString(),
    ...(command === undefined ? {} : { command }),
  };
}

/**
 * Stores `manifest` unless the queue already has one: true when stored, false when the same
 * scan was there; UsageError when another scan is.
 */
export async function storeManifest(
  redis: Redis,
  queue: string,
  manifest: Manifest,
): Promise<boolean> {
  const key = manifestKey(queue);
  if ((await redis.set(key, JSON.stringify(manifest), 'NX')) === 'OK') return true;
  const held = await readManifest(redis, queue);
  if (held.scan !== manifest.scan)
    throw new UsageError(
      `queue "${queue}" holds another scan (${slices(held.jobs.length)}, queued ${held.queuedAt})`,
      { hint: `Collect it and run \`nad queue clear\`, or use another --queue NAME.` },
    );
  return false;
}

/** The manifest of the scan in `queue`; UsageError when nothing was queued there. */
export async function readManifest(redis: Redis, queue: string): Promise<Manifest> {
  const text = await redis.get(manifestKey(queue));
  if (text === null)
    throw new UsageError(`queue "${queue}" holds no scan`, {
      hint: 'Queue one with `nad queue add --redis URL FILES…` (and the same --queue).',
    });
  return JSON.parse(text) as Manifest;
}

/** `N slices`, `1 slice`. */
export function slices(n: number): string {
  return `${n} ${n === 1 ? 'slice' : 'slices'}`;
}
