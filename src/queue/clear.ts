/**
 * `nad queue clear`: removes the queue's jobs (BullMQ obliterate), its manifest and every
 * slice's rows, so that another scan can be queued under the same name.
 */
import type { RedisTarget } from './connection.js';
import { ownKeys } from './keys.js';
import { openQueue } from './open.js';

/** Clears `queue`; returns how many of nad's own keys (manifest, rows) were removed. */
export async function clearQueue(target: RedisTarget, queue: string): Promise<number> {
  const open = await openQueue(target, queue);
  try {
    await open.queue.obliterate({ force: true });
    let removed = 0;
    let cursor = '0';
    do {
      const [next, keys] = await open.redis.scan(cursor, 'MATCH', ownKeys(queue), 'COUNT', 500);
      if (keys.length > 0) removed += await open.redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    return removed;
  } finally {
    await open.close();
  }
}
