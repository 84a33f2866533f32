// The one LineBuffer: lines gathered into ~64 KiB writes, byte chunks written in order.
import { describe, expect, it } from 'vitest';
import { FLUSH_CHARS, LineBuffer } from '../../src/io/line-buffer.js';

function recorder(): { writes: (string | Uint8Array)[]; out: LineBuffer } {
  const writes: (string | Uint8Array)[] = [];
  return { writes, out: new LineBuffer((c) => (writes.push(c), true)) };
}

describe('LineBuffer', () => {
  it('writes nothing until flushed or full, then the lines with newlines', () => {
    const { writes, out } = recorder();
    out.line('a');
    out.line('b,c');
    expect(writes).toEqual([]);
    out.flush();
    out.flush();
    expect(writes).toEqual(['a\nb,c\n']);
  });

  it('writes by itself once 64 KiB are gathered', () => {
    const { writes, out } = recorder();
    const line = 'x'.repeat(1023); // 1 KiB with its newline
    for (let i = 0; i < 64; i++) out.line(line);
    expect(FLUSH_CHARS).toBe(65_536);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toHaveLength(65_536);
  });

  it('keeps the order of gathered lines and byte chunks, and passes on the sink answer', () => {
    const writes: (string | Uint8Array)[] = [];
    const out = new LineBuffer((c) => (writes.push(c), typeof c === 'string'));
    out.line('first');
    const bytes = Buffer.from('second\nthird\n');
    expect(out.lines(bytes)).toBe(false);
    out.line('fourth');
    out.flush();
    expect(writes).toEqual(['first\n', bytes, 'fourth\n']);
  });
});
