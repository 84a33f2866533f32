/**
 * Opening a queue for the commands: probe Redis first (a clear error within the connect
 * timeout rather than a hang), then the BullMQ queue and a client for nad's own keys, closed
 * together.
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { probeRedis, redisClient, type RedisTarget } from './connection.js';
import { BULL_PREFIX } from './keys.js';
import type { SliceResult } from './scan-slice.js';
import type { SliceJob } from './slices.js';

/** An open queue and the client for nad's keys. */
export interface OpenQueue {
  queue: Queue<SliceJob, SliceResult>;
  redis: Redis;
  close(): Promise<void>;
}

/** Probes Redis, then opens `name`. */
export async function openQueue(target: RedisTarget, name: string): Promise<OpenQueue> {
  await probeRedis(target);
  const redis = redisClient(target);
  const queue = new Queue<SliceJob, SliceResult>(name, { connection: redis, prefix: BULL_PREFIX });
  queue.on('error', () => undefined); // a failing command rejects where it was called
  return {
    queue,
    redis,
    close: async () => {
      await queue.close();
      redis.disconnect();
    },
  };
}
