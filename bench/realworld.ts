/**
 * `npm run bench:realworld [-- --split validation|train] [--model FILE] [--threshold P] [--baseline FILE.nadb]
 * [--corpus DIR] [--json]` — verdicts of `nad scan` on real-world and lab traffic (issue 12):
 * on one split of the labelled shared corpus (bench/realworld/corpus-labels.tsv, captures under
 * --corpus, default ../shared/corpus; skipped with a note when absent) and of the lab captures
 * (fixtures/lab/labels.tsv): the share of benign connections and of benign files flagged,
 * detection per attack scenario, the confusion of expected by predicted category, and a
 * reliability table (calibration: mean score against the observed attack share, by score bin,
 * over the labelled connections of the split). The threshold is the model's own unless
 * --threshold is given (0.5 for a model without one).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanFile, type ScanRecord } from '../src/app/scan/scan-file.js';
import { InputError } from '../src/common/errors.js';
import { readBaselineFile } from '../src/io/baseline-file.js';
import { SCAN_MODEL_NAME, defaultModelPath, readModelFile } from '../src/io/model-file.js';
import { defaultThreshold } from '../src/rows/scan-threshold.js';
import { matches } from './lib/ground-truth.js';
import { printTable } from './lib/measure.js';
import {
  OUT_OF_SCOPE,
  SCENARIO_CATEGORY,
  parseCorpusLabels,
  parseLabLabels,
  type RealworldRule,
} from './lib/realworld-labels.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const split = arg('--split') ?? 'validation';
const corpusDir = arg('--corpus') ?? '../shared/corpus';
const modelPath = arg('--model') ?? defaultModelPath(SCAN_MODEL_NAME);
const thresholdArg = arg('--threshold');
/** --baseline: a connection counts as flagged when its combined verdict is not normal. */
const baselineArg = arg('--baseline');
const baseline = baselineArg === undefined ? undefined : await readBaselineFile(baselineArg);
/** Scenarios whose validation detection target is ≥ 90 % (issue 12, kinds 1–7). */
const TARGETED = new Set([
  'scan',
  'synflood',
  'flood',
  'bruteforce',
  'dirbrute',
  'malformed',
  'slowdos',
]);

const notes: string[] = [];
const rules: RealworldRule[] = parseLabLabels(readFileSync('fixtures/lab/labels.tsv', 'utf8'));
if (existsSync(join(corpusDir, 'MANIFEST.tsv')))
  rules.push(...parseCorpusLabels(readFileSync('bench/realworld/corpus-labels.tsv', 'utf8')));
else notes.push(`corpus not found at ${corpusDir}: lab captures only (--corpus DIR)`);
const chosen = rules.filter((r) => r.split === split);

interface Tally {
  files: number;
  filesFlagged: number;
  connections: number;
  flagged: number;
}
const tally = (): Tally => ({ files: 0, filesFlagged: 0, connections: 0, flagged: 0 });
const benign: Record<string, Tally> = { corpus: tally(), lab: tally() };
const scenarios: Record<string, Tally> = {};
const confusion: Record<string, Record<string, number>> = {};
const failed: string[] = [];

const model = await readModelFile(modelPath);
const threshold = thresholdArg !== undefined ? Number(thresholdArg) : defaultThreshold(model.info);
/** Reliability bins of width 0.1: connections, attack connections, sum of scores. */
const bins = Array.from({ length: 10 }, () => ({ n: 0, attacks: 0, scores: 0 }));
const captures = [...new Set(chosen.map((r) => `${r.set}\t${r.capture}`))];
for (const key of captures) {
  const [set, capture] = key.split('\t') as [string, string];
  const own = chosen.filter((r) => r.set === set && r.capture === capture);
  const path = set === 'corpus' ? join(corpusDir, capture) : join('fixtures', capture);
  const seen = new Set<Tally>();
  const hit = new Set<Tally>();
  const onRecord = (rec: ScanRecord): void => {
    const rule = own.find((r) => matches(r, rec));
    if (rule === undefined) return; // background of an attack capture
    const t = rule.kind === 'benign' ? benign[rule.set]! : (scenarios[rule.scenario] ??= tally());
    const flagged = baseline === undefined ? rec.score >= threshold : rec.verdict !== 'normal';
    if (!OUT_OF_SCOPE.has(rule.scenario) && rule.scenario !== 'other-attack') {
      const bin = bins[Math.min(9, Math.floor(rec.score * 10))]!;
      bin.n++;
      bin.scores += rec.score;
      if (rule.kind === 'attack') bin.attacks++;
    }
    t.connections++;
    seen.add(t);
    if (flagged) {
      t.flagged++;
      hit.add(t);
    }
    const expected = SCENARIO_CATEGORY[rule.scenario]!;
    const row = (confusion[expected] ??= {});
    const predicted = flagged ? rec.category : 'normal';
    row[predicted] = (row[predicted] ?? 0) + 1;
  };
  try {
    await scanFile(path, model, { threshold, all: true, failOn: undefined, onRecord, baseline });
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    failed.push(`${capture}: ${err.message}`);
  }
  for (const t of seen) t.files++;
  for (const t of hit) t.filesFlagged++;
}

const pct = (a: number, b: number): string => (b === 0 ? '-' : `${((a / b) * 100).toFixed(1)} %`);
const all = (['corpus', 'lab'] as const).reduce((s, k) => {
  const t = benign[k]!;
  return {
    files: s.files + t.files,
    filesFlagged: s.filesFlagged + t.filesFlagged,
    connections: s.connections + t.connections,
    flagged: s.flagged + t.flagged,
  };
}, tally());
const target = (s: string): string =>
  TARGETED.has(s) ? '≥ 90 %' : OUT_OF_SCOPE.has(s) ? 'out of scope' : 'reported';

if (process.argv.includes('--json')) {
  console.log(
    JSON.stringify(
      {
        model: modelPath,
        threshold,
        split,
        benign: { ...benign, all },
        scenarios,
        confusion,
        reliability: bins.map((b, i) => ({
          bin: [i / 10, (i + 1) / 10],
          connections: b.n,
          meanScore: b.n === 0 ? null : b.scores / b.n,
          attackShare: b.n === 0 ? null : b.attacks / b.n,
        })),
        failed,
        notes,
      },
      null,
      2,
    ),
  );
} else {
  console.log(`model ${modelPath}; threshold ${threshold}; split ${split}`);
  console.log('\nbenign traffic (target: ≤ 1 % of connections, ≤ 10 % of files flagged)');
  printTable(
    ['set', 'files', 'files flagged', 'share', 'connections', 'flagged', 'share'],
    (['corpus', 'lab'] as const)
      .map((k): [string, Tally] => [k, benign[k]!])
      .concat([['all', all]])
      .map(([k, t]) => [
        k,
        t.files,
        t.filesFlagged,
        pct(t.filesFlagged, t.files),
        t.connections,
        t.flagged,
        pct(t.flagged, t.connections),
      ]),
  );
  console.log('\nattack connections flagged, by scenario');
  printTable(
    ['scenario', 'files', 'connections', 'flagged', 'share', 'target'],
    Object.entries(scenarios)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([s, t]) => [
        s,
        t.files,
        t.connections,
        t.flagged,
        pct(t.flagged, t.connections),
        target(s),
      ]),
  );
  const cats = ['normal', 'probe', 'dos', 'r2l', 'u2r'];
  console.log('\nconfusion: expected category (rows) by verdict (columns; normal = not flagged)');
  printTable(
    ['expected', ...cats],
    cats.filter((c) => confusion[c]).map((c) => [c, ...cats.map((p) => confusion[c]![p] ?? 0)]),
  );
  console.log(
    "\nreliability: labelled connections by score (in-scope kinds; the attack share depends on this split's mix)",
  );
  printTable(
    ['score bin', 'connections', 'mean score', 'attack share'],
    bins.map((b, i) => [
      `${(i / 10).toFixed(1)}–${((i + 1) / 10).toFixed(1)}`,
      b.n,
      b.n === 0 ? '-' : (b.scores / b.n).toFixed(3),
      b.n === 0 ? '-' : (b.attacks / b.n).toFixed(3),
    ]),
  );
  for (const f of failed) console.log(`unreadable: ${f}`);
  for (const n of notes) console.log(`note: ${n}`);
}
