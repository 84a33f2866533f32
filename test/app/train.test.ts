// nad train as a use case (src/app/train.ts): round trip through a model file, targets,
// class weights, OOB scores, malformed rows (error or skip count) and the stored metadata.
import { rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateModel } from '../../src/app/eval/eval.js';
import { metaFromInfo } from '../../src/kdd/model-meta.js';
import { parseClassWeight } from '../../src/app/train/class-weight.js';
import { trainModel, type TrainOptions } from '../../src/app/train/train.js';
import { InputError, UsageError } from '../../src/common/errors.js';
import { readModelFile } from '../../src/io/model-file.js';
import { sampleLines, withField, writeTemp } from '../helpers/kdd-files.js';

const lines = sampleLines().slice(0, 3000);
const data = writeTemp('train.data', lines);
const out = (name: string): string => join(dirname(data), name);
const base = (o: Partial<TrainOptions> = {}): TrainOptions => ({
  files: [data],
  out: out('m.nadm'),
  target: 'label',
  params: { nEstimators: 5, seed: 3 },
  classWeight: 'none',
  decision: 'min-cost',
  oob: true,
  jobs: 1,
  ...o,
});

describe('trainModel', () => {
  it('label target: model file with vocabularies, classes, provenance and OOB; eval round trip', async () => {
    const r = await trainModel(base());
    expect(r.rows).toBe(3000);
    expect(r.classes.find((c) => c.name === 'normal')?.count).toBe(1593);
    expect(r.oob?.accuracy).toBeGreaterThan(0.98);
    const { forest, info } = await readModelFile(r.out);
    expect(forest.trees).toHaveLength(5);
    expect(info.classNames).toContain('smurf');
    expect([...info.featureCategories[1]!].sort()).toEqual(['icmp', 'tcp', 'udp']);
    expect(info.provenance).toMatchObject({ rowCount: 3000, source: 'train.data' });
    expect(info.provenance.fileSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(metaFromInfo(info)).toMatchObject({ target: 'label', decision: 'min-cost' });
    const ev = await evaluateModel({ files: [data], model: r.out, jobs: 1 });
    expect(ev.rows).toBe(3000);
    expect(ev.categoryAccuracy).toBeGreaterThan(0.99);
  });

  it('category and binary targets', async () => {
    const cat = await trainModel(base({ target: 'category', out: out('c.nadm') }));
    expect(cat.classes.map((c) => c.name)).toEqual(['normal', 'probe', 'dos', 'u2r', 'r2l']);
    expect(cat.classes.map((c) => c.count)).toEqual([1593, 34, 1369, 0, 4]);
    const bin = await trainModel(
      base({ target: 'binary', decision: 'argmax', out: out('b.nadm') }),
    );
    expect(bin.classes).toMatchObject([
      { name: 'normal', count: 1593 },
      { name: 'attack', count: 1407 },
    ]);
    expect(bin.oob?.costPerExample).toBeNull();
    const ev = await evaluateModel({ files: [data], model: out('b.nadm'), jobs: 1 });
    expect(ev.by).toBe('binary');
    expect(ev.costPerExample).toBeNull();
    await expect(trainModel(base({ target: 'binary', decision: 'min-cost' }))).rejects.toThrow(
      UsageError,
    );
  });

  it('class weights: category names weight their labels; bad specs are usage errors', () => {
    expect(parseClassWeight('r2l=10,u2r=3', ['normal', 'guess_passwd', 'perl', 'r2l'])).toEqual([
      1, 10, 3, 10,
    ]);
    expect(parseClassWeight('balanced', ['a'])).toBe('balanced');
    expect(() => parseClassWeight('dos=x', ['smurf'])).toThrow(UsageError);
    expect(() => parseClassWeight('nosuch=2', ['smurf'])).toThrow(UsageError);
  });

  const broken: [string, string, RegExp][] = [
    ['wrong column count', lines[4]!.split(',').slice(0, 30).join(','), /line 5, column 31: expected 42 fields/],
    ['non-numeric value', withField(lines[4]!, 4, 'abc'), /line 5, column 5: src_bytes is not a number/],
    ['missing label dot', withField(lines[4]!, 41, 'normal'), /line 5, column 42: label must end in "."/],
    ['unknown label', withField(lines[4]!, 41, 'nosuch.'), /line 5, column 42: unknown KDD label/],
  ]; // prettier-ignore
  for (const [kind, bad, message] of broken) {
    it(`${kind}: InputError naming file, line and column; --skip-bad-rows counts it`, async () => {
      const file = writeTemp('bad.data', [...lines.slice(0, 4), bad, ...lines.slice(5, 50)]);
      const err = await trainModel(base({ files: [file] })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).describe()).toMatch(message);
      expect((err as InputError).describe().startsWith(file)).toBe(true);
      const r = await trainModel(base({ files: [file], skipBadRows: true }));
      expect(r).toMatchObject({ rows: 49, badRows: 1 });
      expect(r.badExamples[0]).toMatch(message);
    });
  }

  it('several files are read in order; provenance hashes them together', async () => {
    const a = writeTemp('a.data', lines.slice(0, 100));
    const b = writeTemp('b.data', lines.slice(100, 250));
    const r = await trainModel(base({ files: [a, b], oob: false }));
    expect(r.files.map((f) => f.rows)).toEqual([100, 150]);
    expect(r.oob).toBeNull();
    const { info } = await readModelFile(r.out);
    expect(info.provenance).toMatchObject({ rowCount: 250, source: 'a.data, b.data' });
    rmSync(r.out);
  });
});
