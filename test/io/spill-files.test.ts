import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { SpillFiles } from '../../src/io/spill-files.js';

const spillDirs = (): string[] => readdirSync(tmpdir()).filter((d) => d.startsWith('nad-spill-'));

async function all(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of chunks) parts.push(Buffer.from(c));
  return Buffer.concat(parts).toString();
}

describe('SpillFiles', () => {
  it('gives back each file’s text in order, then removes it', async () => {
    const before = spillDirs();
    const spill = new SpillFiles();
    const big = 'x'.repeat(3 << 20); // several read chunks
    expect(spill.append(2, Buffer.from('b1\n'))).toBe(true);
    expect(spill.append(1, Buffer.from('a1\n'))).toBe(true);
    expect(spill.append(2, Buffer.from(big))).toBe(true);
    expect(spill.append(2, Buffer.from('b3\n'))).toBe(true);
    const made = spillDirs().filter((d) => !before.includes(d));
    expect(made).toHaveLength(1);
    expect(await all(spill.take(1))).toBe('a1\n');
    expect(await all(spill.take(2))).toBe(`b1\n${big}b3\n`);
    expect(await all(spill.take(3))).toBe(''); // nothing spilled
    expect(readdirSync(`${tmpdir()}/${made[0]}`)).toEqual([]);
    spill.removeAll();
    expect(existsSync(`${tmpdir()}/${made[0]}`)).toBe(false);
  });

  it('removeAll drops text never taken (an aborted scan)', () => {
    const before = spillDirs();
    const spill = new SpillFiles();
    spill.append(5, Buffer.from('left behind'));
    spill.removeAll();
    expect(spillDirs().filter((d) => !before.includes(d))).toEqual([]);
  });

  it('reports a write it cannot make (the caller then keeps the text in memory)', () => {
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = '/nonexistent/nad-test';
    try {
      const spill = new SpillFiles();
      expect(spill.append(1, Buffer.from('x'))).toBe(false);
      spill.removeAll();
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });
});
