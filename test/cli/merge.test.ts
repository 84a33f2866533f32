/**
 * The built CLI: `nad scan --stream --shard` parts (index from JOB_COMPLETION_INDEX too) joined
 * by `nad merge` = one `nad scan --stream`; the merge summary; bad parts and flags → exit codes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNad } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const SCAN = [
  'scan',
  '--sensor-from',
  '^fixtures/stream/([^/]+)/',
  '--format',
  'ndjson',
  'fixtures/stream',
];

describe('nad merge of nad scan --shard parts', () => {
  it('3 parts (the 2nd by JOB_COMPLETION_INDEX=1) merged = one --stream scan; summary on stderr', async () => {
    const dir = tempDir('merge');
    const whole = await runNad([...SCAN, '--stream']);
    expect(whole.code).toBe(0);
    expect(whole.stdout.split('\n')).toHaveLength(2021); // 2,020 anomalies
    const parts: string[] = [];
    for (const i of [1, 2, 3]) {
      const run =
        i === 2
          ? await runNad([...SCAN, '--shard', '3'], undefined, undefined, {
              env: { JOB_COMPLETION_INDEX: '1' },
            })
          : await runNad([...SCAN, '--shard', `${i}/3`]);
      expect(run.code).toBe(0);
      const file = join(dir, `part-${i}.ndjson`);
      writeFileSync(file, run.stdout);
      parts.push(file);
    }
    const out = join(dir, 'all.ndjson');
    const merged = await runNad(['merge', ...parts, '-o', out]);
    expect(merged.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(whole.stdout);
    const lines = merged.stderr.trimEnd().split('\n');
    expect(lines.slice(0, 3).map((l) => l.replace(dir, 'DIR'))).toEqual([
      'DIR/part-1.ndjson: 30 rows',
      'DIR/part-2.ndjson: 1,187 rows',
      'DIR/part-3.ndjson: 803 rows',
    ]);
    expect(lines[3]).toBe(
      'merged 3 parts: 2,020 rows, 2,020 anomalies (probe 1991, r2l 29) at score ≥ 0.51, max score 0.924, starts 2010-07-04T20:24:16.276467Z … 2014-01-14T17:38:22.268099Z',
    );
  }, 180_000); // five CLI runs on a shared 2-core machine

  it('a line that is not a scan row is exit 3 naming the file and line', async () => {
    const dir = tempDir('merge-bad');
    const file = join(dir, 'bad.ndjson');
    writeFileSync(file, '\n{"file":"a"}\n');
    const run = await runNad(['merge', file]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      `${file}: line 2 is not a row of \`nad scan --format ndjson\` (missing or bad: startTime, startMicros, score, category, features)`,
    );
  });

  it('bad --shard is exit 2 with a hint', async () => {
    const run = await runNad([...SCAN, '--shard', '4/3']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--shard 4/3: the part must be 1 … 3 of N ≥ 1');
    const none = await runNad([...SCAN, '--shard', '3']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('none is set');
  });
});
