/**
 * BullMQ's sandboxed processor for `nad worker`: this file runs in a worker thread of the
 * worker process (a killed process takes its threads with it), one job at a time, and scans
 * the job's slice (scan-slice.ts). The worker passes the Redis URL and queue name in the
 * thread's environment; the thread keeps one Redis client for the rows.
 */
import type { SandboxedJob } from 'bullmq';
import type { Redis } from 'ioredis';
import { parseRedisUrl, redisClient } from './connection.js';
import { scanSlice, type SliceResult } from './scan-slice.js';
import type { SliceJob } from './slices.js';

/** Environment variables through which the worker hands its settings to this thread. */
export const PROCESSOR_ENV = { redis: 'NAD_QUEUE_REDIS_URL', queue: 'NAD_QUEUE_NAME' } as const;

let client: Redis | undefined;

/** Processes one job: scans its slice and stores its rows. */
export default async function processSlice(job: SandboxedJob<SliceJob>): Promise<SliceResult> {
  const url = process.env[PROCESSOR_ENV.redis];
  const queue = process.env[PROCESSOR_ENV.queue];
  if (url === undefined || queue === undefined)
    throw new Error(`the processor needs ${PROCESSOR_ENV.redis} and ${PROCESSOR_ENV.queue}`);
  client ??= redisClient(parseRedisUrl(url), true);
  return scanSlice(job.data, queue, client);
}
