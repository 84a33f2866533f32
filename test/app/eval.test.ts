// nad eval as a use case (src/app/eval.ts) and its metrics: the shipped model on the fixed
// 20,000-row sample of corrected (the committed figures, as literals here; models/README.md
// quotes them), unseen labels and symbols, ROC-AUC with ties, min-cost decisions, model problems.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decide, minCostCategory } from '../../src/kdd/decision.js';
import { evaluateModel } from '../../src/app/eval/eval.js';
import { classScores, confusion, rocAuc } from '../../src/kdd/metrics.js';
import { ModelError } from '../../src/common/errors.js';
import { defaultModelPath, readModelFile } from '../../src/io/model-file.js';
import { ROOT } from '../helpers/fixtures.js';
import { withField, writeTemp } from '../helpers/kdd-files.js';

const SAMPLE = join(ROOT, 'fixtures/kdd/corrected-sample-20000.csv.gz');
const SMALL = join(ROOT, 'fixtures/kdd/corrected-small.csv');

describe('the shipped model', () => {
  // Its load time is measured by `npm run bench:kdd`, not here (timed tests flake).
  it('loads from models/ (resolved from the package, not the cwd)', async () => {
    expect(defaultModelPath()).toBe(join(ROOT, 'models/kdd-default.nadm'));
    const { forest, info } = await readModelFile(defaultModelPath());
    expect(forest.trees).toHaveLength(100);
    expect(info.classNames).toHaveLength(23);
  });

  it('scores the 20,000-row sample of corrected: 18,562 rows right, total cost 4,684', async () => {
    const r = await evaluateModel({ files: [SAMPLE], jobs: 1 });
    expect(r.model.isDefault).toBe(true);
    expect(r.rows).toBe(20_000);
    expect(Math.round(r.categoryAccuracy! * 20_000)).toBe(18_562);
    expect(Math.round(r.costPerExample! * 20_000)).toBe(4_684);
  });

  it('models/README.md quotes those figures', () => {
    const readme = readFileSync(join(ROOT, 'models/README.md'), 'utf8');
    expect(readme).toContain('sample check: 18562 of 20,000 rows correct, total cost 4684');
  });
});

describe('evaluateModel', () => {
  it('maps labels unseen in training through the category table; --by label keeps them', async () => {
    const r = await evaluateModel({ files: [SMALL], by: 'label', jobs: 1 });
    expect(r.unseenLabels.map((u) => u.label)).toContain('snmpgetattack');
    expect(r.unseenLabels.find((u) => u.label === 'httptunnel')?.category).toBe('u2r');
    expect(r.confusion.rows).toContain('snmpgetattack');
    expect(r.confusion.columns).toHaveLength(23);
    const cat = await evaluateModel({ files: [SMALL], jobs: 1 });
    expect(cat.confusion.rows).toEqual(['normal', 'probe', 'dos', 'u2r', 'r2l']);
    expect(cat.categoryAccuracy).toBe(r.categoryAccuracy);
  });

  it('a symbol the model never saw is encoded as unknown and counted, not an error', async () => {
    const line = readFileSync(SMALL, 'utf8').split('\n')[0]!;
    const file = writeTemp('unknown.data', [line, withField(line, 2, 'no_such_service')]);
    const r = await evaluateModel({ files: [file], jobs: 1 });
    expect(r).toMatchObject({ rows: 2, unknownSymbolRows: 1 });
  });

  it('missing or corrupt model files are ModelErrors naming the file', async () => {
    const missing = await evaluateModel({ files: [SMALL], model: '/nonexistent/m.nadm' }).catch(
      (e: unknown) => e,
    );
    expect(missing).toBeInstanceOf(ModelError);
    expect((missing as ModelError).describe()).toBe(
      '/nonexistent/m.nadm: cannot read model: no such file',
    );
    const junk = writeTemp('junk.nadm', ['not a model']);
    await expect(evaluateModel({ files: [SMALL], model: junk })).rejects.toThrow(/bad magic/);
    const cut = junk.replace(/junk/, 'cut');
    writeFileSync(cut, readFileSync(defaultModelPath()).subarray(0, 5000));
    await expect(evaluateModel({ files: [SMALL], model: cut })).rejects.toThrow(ModelError);
  });
});

describe('metrics and decisions', () => {
  it('ROC-AUC counts ties as one half (Mann–Whitney with average ranks)', () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
    expect(rocAuc([0.2, 0.5, 0.5, 0.9], [0, 0, 1, 1])).toBe(0.875);
    expect(rocAuc([1, 2], [1, 1])).toBeNull();
  });

  it('per-class precision / recall / F1 from a confusion matrix; null where undefined', () => {
    const c = confusion([0, 0, 1, 1, 1], [0, 1, 1, 1, 0], ['a', 'b'], ['a', 'b', 'c']);
    expect(classScores(c)).toEqual([
      { name: 'a', precision: 0.5, recall: 0.5, f1: 0.5, support: 2 },
      { name: 'b', precision: 2 / 3, recall: 2 / 3, f1: 2 / 3, support: 3 },
      { name: 'c', precision: null, recall: null, f1: null, support: 0 },
    ]);
  });

  it('min-cost picks the category of least expected KDD cost, argmax the likeliest class', () => {
    // P(normal) 0.6, P(r2l) 0.4: normal costs 1.6, r2l costs 1.2 → r2l.
    expect(minCostCategory([0.6, 0, 0, 0, 0.4])).toBe(4);
    expect(minCostCategory([0.8, 0, 0, 0, 0.2])).toBe(0);
    const classes = ['normal', 'guess_passwd', 'warezclient'];
    const proba = Float32Array.of(0.6, 0.15, 0.25);
    expect(Array.from(decide(proba, classes, 'argmax'))).toEqual([0]);
    expect(Array.from(decide(proba, classes, 'min-cost'))).toEqual([2]);
  });
});
