/**
 * What `nad queue add|collect|clear` and `nad worker` print on stderr: one line per event, as
 * text. Parameters are stated structurally here (report/ sits below queue/, which owns the
 * types).
 */
import { sanitizeLine } from '../common/sanitize.js';

const n = (x: number): string => x.toLocaleString('en-US');
const plural = (x: number, one: string, many = `${one}s`): string =>
  `${n(x)} ${x === 1 ? one : many}`;

/** `nad queue add`'s line. */
export function renderQueued(
  queue: string,
  r: { slices: number; added: number; existing: number; retried: number },
): string {
  const parts = [`queued ${plural(r.added, 'new slice')} in "${queue}"`];
  if (r.existing > 0) parts.push(`${n(r.existing)} already there`);
  if (r.retried > 0) parts.push(`${n(r.retried)} failed ones sent back`);
  return `${parts.join(', ')} (${plural(r.slices, 'slice')} in the scan)`;
}

/** `nad queue collect`'s line while it waits. */
export function renderQueueProgress(p: {
  slices: number;
  completed: number;
  failed: number;
  active: number;
  waiting: number;
}): string {
  const failed = p.failed > 0 ? `, ${n(p.failed)} failed` : '';
  return `waiting: ${n(p.completed)} of ${plural(p.slices, 'slice')} done${failed}, ${n(p.active)} active, ${n(p.waiting)} waiting`;
}

/** `nad queue collect`'s last line. */
export function renderCollected(
  r: { rows: number; slices: number; retried: number; failed: number },
  out: string,
): string {
  const retried = r.retried > 0 ? `, ${n(r.retried)} after a retry` : '';
  const failed = r.failed > 0 ? `; ${plural(r.failed, 'slice')} failed` : '';
  return `collected ${plural(r.rows, 'row')} of ${plural(r.slices, 'slice')}${retried} into ${sanitizeLine(out)}${failed}`;
}

/** A failed slice, as collect reports it. */
export function renderFailedSlice(f: { label: string; reason: string; attempts: number }): string {
  return sanitizeLine(
    `slice ${f.label} failed after ${plural(f.attempts, 'attempt')}: ${f.reason}`,
  );
}

/** `nad worker`: a slice done. */
export function renderSliceDone(
  label: string,
  rows: number,
  attempt: number,
  seconds: number,
): string {
  const retry = attempt > 1 ? ` (attempt ${attempt})` : '';
  return sanitizeLine(`done ${label}: ${plural(rows, 'row')} in ${seconds.toFixed(2)} s${retry}`);
}

/** `nad worker`: a slice failed (`final`: no attempt left). */
export function renderSliceFailed(
  label: string,
  reason: string,
  attempt: number,
  final: boolean,
): string {
  const then = final ? 'no attempt left' : 'it will be retried';
  return sanitizeLine(`failed ${label} (attempt ${attempt}): ${reason}; ${then}`);
}
