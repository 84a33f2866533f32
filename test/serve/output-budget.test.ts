/**
 * The shared cap on streamed rows not yet on the wire (src/serve/output-budget.ts), on real
 * streams: an upload whose own output is drained waits while another answer holds more than the
 * budget and is being read, goes on once that answer drained, and is not held back by an answer
 * whose client stopped reading.
 */
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { OutputBudget } from '../../src/serve/output-budget.js';

const MB = 1 << 20;

/** A client reading 64 KiB every `ms` milliseconds. */
function slowReader(ms: number): Writable {
  return new Writable({
    highWaterMark: 1 << 16,
    write: (_chunk, _enc, done) => void setTimeout(done, ms),
  });
}

/** `n` MB written at once into `out` (a burst of rows). */
function burst(out: PassThrough, n: number): void {
  for (let i = 0; i < n * 16; i++) out.write(Buffer.alloc(1 << 16));
}

const held = (out: PassThrough): number => out.writableLength + out.readableLength;

/** A budget of `max` bytes counting two answers. */
function two(max: number): { budget: OutputBudget; a: PassThrough; b: PassThrough } {
  const budget = new OutputBudget(max);
  const a = new PassThrough();
  const b = new PassThrough();
  budget.add(a);
  budget.add(b);
  return { budget, a, b };
}

describe('OutputBudget', () => {
  it('lets a scan read on at once while the answers hold less than the budget', () => {
    const { budget, a, b } = two(4 * MB);
    a.pipe(slowReader(1));
    burst(a, 2);
    expect(budget.ready(b)).toBeUndefined();
  });

  it('holds a scan back while another answer over the budget drains, then lets it go', async () => {
    const { budget, a, b } = two(1 * MB);
    a.pipe(slowReader(2)); // about 30 MB/s: 3 MB take ~100 ms
    burst(a, 3);
    const wait = budget.ready(b);
    expect(wait).toBeInstanceOf(Promise);
    let heldWhenLetGo = -1;
    await wait!.then(() => (heldWhenLetGo = held(a)));
    expect(heldWhenLetGo).toBeLessThanOrEqual(1 * MB);
    // Its own burst: it waits for its own output to drain first.
    b.pipe(slowReader(1));
    burst(b, 1);
    const own = budget.ready(b);
    expect(own).toBeInstanceOf(Promise);
    await own;
    expect(b.writableLength).toBe(0);
  });

  it('does not let an answer whose client stopped reading hold the others back', async () => {
    const { budget, a: stuck, b } = two(1 * MB); // nobody reads `stuck`
    burst(stuck, 3);
    const t0 = performance.now();
    await budget.ready(b);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(held(stuck)).toBeGreaterThanOrEqual(3 * MB); // still held: only its client can take it
  });

  it('forgets an answer once it closes', async () => {
    const { budget, a, b } = two(1 * MB);
    a.pipe(slowReader(50));
    burst(a, 3);
    const wait = budget.ready(b);
    expect(wait).toBeInstanceOf(Promise);
    a.destroy();
    await wait;
  });
});
