/**
 * `nad eval` and `nad train` end to end (the built CLI as a child process): golden output of
 * eval on a small labelled fixture (table and --json), the default model, exit codes.
 * UPDATE_GOLDEN=1 rewrites the golden files (test/helpers/golden.ts).
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures.js';
import { runNad, type CliRun } from '../helpers/cli.js';
import { expectGolden } from '../helpers/golden.js';
import { sampleLines, withField, writeTemp } from '../helpers/kdd-files.js';

const nad = (args: string[], cwd = ROOT): Promise<CliRun> => runNad(args, undefined, cwd);

const GOLDEN = join(ROOT, 'test/golden/eval');
const SMALL = 'fixtures/kdd/corrected-small.csv';
const MODEL = 'models/kdd-default.nadm';

const golden = (name: string, actual: string): void => expectGolden(join(GOLDEN, name), actual);

describe('nad eval (CLI)', () => {
  it('table output on a small labelled fixture matches the golden file', async () => {
    const r = await nad(['eval', SMALL, '--model', MODEL]);
    expect(r.code).toBe(0);
    golden('corrected-small.txt', r.stdout);
  });

  it('--by label --decision argmax --json matches the golden file (timings zeroed)', async () => {
    const r = await nad([
      'eval',
      SMALL,
      '--model',
      MODEL,
      '--by',
      'label',
      '--decision',
      'argmax',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { seconds: Record<string, number> };
    for (const k of Object.keys(doc.seconds)) doc.seconds[k] = 0;
    golden('corrected-small.by-label.argmax.json', JSON.stringify(doc, null, 2) + '\n');
  });

  it('uses the shipped model when --model is absent, from any working directory', async () => {
    const r = await nad(['eval', join(ROOT, SMALL), '--json'], tmpdir());
    const doc = JSON.parse(r.stdout) as { model: { path: string; isDefault: boolean } };
    expect(doc.model).toMatchObject({ path: join(ROOT, MODEL), isDefault: true });
  });

  it('exit codes: 3 bad row (file, line, column), 4 bad model, 2 bad flag', async () => {
    const lines = readFileSync(join(ROOT, SMALL), 'utf8').split('\n').slice(0, 5);
    const bad = writeTemp('bad.csv', [lines[0]!, withField(lines[1]!, 4, 'x1')]);
    const r3 = await nad(['eval', bad]);
    expect(r3.code).toBe(3);
    expect(r3.stderr).toContain(`error: ${bad}: line 2, column 5: src_bytes is not a number: "x1"`);
    const skip = await nad(['eval', bad, '--skip-bad-rows', '--json']);
    expect(skip.code).toBe(0);
    expect(JSON.parse(skip.stdout)).toMatchObject({ rows: 1, badRows: 1 });
    const r4 = await nad(['eval', SMALL, '--model', join(dirname(bad), 'none.nadm')]);
    expect(r4.code).toBe(4);
    expect(r4.stderr).toMatch(/cannot read model: no such file/);
    const r2 = await nad(['eval', SMALL, '--by', 'nonsense']);
    expect(r2.code).toBe(2);
  });
});

describe('nad train (CLI)', () => {
  it('trains from stdin-free files, prints the summary, writes a model eval can read', async () => {
    const data = writeTemp('t.data', sampleLines().slice(0, 1000));
    const out = join(dirname(data), 'cli.nadm');
    const r = await nad([
      'train',
      data,
      '--out',
      out,
      '--trees',
      '4',
      '--jobs',
      '1',
      '--target',
      'category',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(''); // no progress bar when stderr is not a terminal
    expect(r.stdout).toContain(`model written to ${out}`);
    expect(r.stdout).toMatch(/target: category, 5 classes; decision rule: min-cost/);
    expect(r.stdout).toMatch(/out-of-bag \(\d+ rows\): accuracy/);
    const ev = await nad(['eval', data, '--model', out, '--json']);
    expect(JSON.parse(ev.stdout)).toMatchObject({ rows: 1000, model: { target: 'category' } });
  });

  it('exit codes: 3 bad row, 2 bad class weight or missing --out', async () => {
    const lines = sampleLines().slice(0, 20);
    const data = writeTemp('t.data', [...lines, withField(lines[0]!, 41, 'normal')]);
    const r3 = await nad(['train', data, '--out', join(dirname(data), 'x.nadm')]);
    expect(r3.code).toBe(3);
    expect(r3.stderr).toContain(`${data}: line 21, column 42: label must end in "."`);
    const r2 = await nad([
      'train',
      data,
      '--out',
      'x.nadm',
      '--class-weight',
      'nosuch=3',
      '--skip-bad-rows',
    ]);
    expect(r2.code).toBe(2);
    expect((await nad(['train', data])).code).toBe(2);
  });
});
