/**
 * Names in Redis: the queue (BullMQ keeps its keys under `nad:<queue>:`) and nad's own keys
 * under `nadq:<queue>:` — the scan's manifest and each slice's rows.
 */
import { UsageError } from '../common/errors.js';

/** BullMQ's key prefix for nad's queues. */
export const BULL_PREFIX = 'nad';

/** The queue used when --queue is not given. */
export const DEFAULT_QUEUE = 'scan';

/** Checks a queue name (letters, digits, - and _; at most 64); UsageError otherwise. */
export function checkQueueName(name: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(name))
    throw new UsageError(`--queue: "${name}" is not a queue name`, {
      hint: 'Use letters, digits, - and _ (at most 64), e.g. --queue site-a',
    });
  return name;
}

/** The key holding the manifest of the scan queued in `queue`. */
export function manifestKey(queue: string): string {
  return `nadq:${queue}:manifest`;
}

/** The key holding the rows of job `id` (a list of gzip blocks of NDJSON lines). */
export function rowsKey(queue: string, id: string): string {
  return `nadq:${queue}:rows:${id}`;
}

/** The pattern of every key nad keeps for `queue` (for `nad queue clear`). */
export function ownKeys(queue: string): string {
  return `nadq:${queue}:*`;
}
