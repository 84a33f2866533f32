/**
 * The connection table's expiry queue (deadline-queue.ts): entries come out in deadline order
 * whether they fit its in-order lanes or spill to its heap, and a reused record is seen as stale.
 */
import { describe, expect, it } from 'vitest';
import { Connection } from '../../src/flow/connection.js';
import { DeadlineQueue } from '../../src/flow/deadline-queue.js';

/** A connection queued at `at` µs. */
function queued(at: number): Connection {
  const c = new Connection('tcp', 4);
  c.queuedMicros = at;
  return c;
}

/** A reproducible sequence in [0, 1). */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

describe('DeadlineQueue', () => {
  it('pops in deadline order: 12 timeout classes (more than the lanes), clock jitter, pops between pushes', () => {
    const rnd = random(7);
    const q = new DeadlineQueue();
    const popped: number[] = [];
    const pushed: number[] = [];
    let now = 0;
    for (let i = 0; i < 20_000; i++) {
      now += Math.floor(rnd() * 1000) - 100; // packet time mostly rises, sometimes goes back
      const at = now + 1e6 * (1 + Math.floor(rnd() * 12));
      pushed.push(at);
      q.push(queued(at));
      if (i % 3 === 0)
        while (q.firstMicros() < now) {
          expect(q.stale()).toBe(false);
          popped.push(q.pop()!.queuedMicros);
        }
    }
    for (let c = q.pop(); c !== undefined; c = q.pop()) popped.push(c.queuedMicros);
    expect(q.firstMicros()).toBe(Infinity);
    expect(popped.length).toBe(pushed.length);
    expect([...popped].sort((a, b) => a - b)).toEqual([...pushed].sort((a, b) => a - b));
    // Within each drain the order is non-decreasing, and the whole sequence is too, because
    // later pushes are never earlier than what was popped before them (now only rises past it).
    for (let i = 1; i < popped.length; i++)
      if (popped[i]! < popped[i - 1]!) throw new Error(`out of order at ${i}`);
  });

  it('a record reused (generation changed) after it was queued is stale', () => {
    const q = new DeadlineQueue();
    const a = queued(5);
    const b = queued(9);
    q.push(b);
    q.push(a); // earlier than the only lane's tail: goes to another lane
    a.gen++;
    expect(q.firstMicros()).toBe(5);
    expect(q.stale()).toBe(true);
    expect(q.pop()).toBe(a);
    expect(q.stale()).toBe(false);
    expect(q.pop()).toBe(b);
    expect(q.pop()).toBeUndefined();
  });
});
