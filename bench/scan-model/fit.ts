/**
 * The steps of bench/scan-model/train.ts: labelled rows → a training set (identical rows of one
 * capture and class counted once, at most `cap` rows per capture and class, so floods and
 * sweeps do not drown everything else), vocabularies, the forest fit, scores of held-out rows and
 * the threshold choice.
 */
import { createHash } from 'node:crypto';
import { flagForScoring, serviceForScoring } from '../../src/features/services.js';
import type { FeatureRow } from '../../src/features/kdd.js';
import { KDD_CATEGORIES } from '../../src/kdd/labels.js';
import { fitForest, type Forest } from '../../src/model/forest.js';
import type { ModelInfo } from '../../src/model/serialize.js';
import { EXTENDED_MODEL_FEATURES, RowEncoder } from '../../src/rows/row-encoder.js';
import { MALFORMED_RULE } from '../../src/rows/malformed-rule.js';
import { Scorer } from '../../src/rows/scorer.js';
import { SCENARIO_CATEGORY } from '../lib/realworld-labels.js';
import type { LabelledCapture } from './labelled-rows.js';

/** Rows, their class and the class list. */
export interface ScanTrainingSet {
  rows: FeatureRow[];
  y: Uint8Array;
  classes: string[];
  counts: number[];
}

/** The value text of a row (its identity for de-duplication). */
function rowText(row: FeatureRow): string {
  return `${row.symbols.join(',')},${row.numbers.join(',')},${row.extended!.join(',')}`;
}

/**
 * How each capture's distinct rows of a class become training rows: `down` keeps at most `cap`
 * (evenly spread); `equal` also repeats the rows of a smaller group up to `cap`, so that every
 * capture and class weighs the same (a 10-connection password-guessing run as much as a flood).
 */
export type Balance = 'down' | 'equal';

/** Builds the training set from the labelled captures (see Balance). */
export function trainingRows(
  captures: readonly LabelledCapture[],
  cap: number,
  balance: Balance = 'down',
): ScanTrainingSet {
  const classes = KDD_CATEGORIES.filter((c) =>
    captures.some((cap) => cap.rows.some((r) => SCENARIO_CATEGORY[r.rule.scenario] === c)),
  );
  const rows: FeatureRow[] = [];
  const ys: number[] = [];
  for (const c of captures) {
    const byClass = new Map<number, Map<string, FeatureRow>>();
    for (const { row, rule } of c.rows) {
      const k = classes.indexOf(SCENARIO_CATEGORY[rule.scenario]! as (typeof classes)[number]);
      const distinct = byClass.get(k) ?? new Map<string, FeatureRow>();
      byClass.set(k, distinct);
      const text = rowText(row);
      if (!distinct.has(text)) distinct.set(text, row);
    }
    for (const [k, distinct] of byClass) {
      const list = [...distinct.values()];
      const n = balance === 'equal' ? cap : Math.min(list.length, cap);
      for (let i = 0; i < n; i++) {
        rows.push(list[list.length >= n ? Math.floor((i * list.length) / n) : i % list.length]!);
        ys.push(k);
      }
    }
  }
  const counts = classes.map(() => 0);
  for (const k of ys) counts[k]!++;
  return { rows, y: Uint8Array.from(ys), classes: [...classes], counts };
}

/** Sorted distinct values of one symbol column, as the scorer maps them. */
function vocabulary(rows: readonly FeatureRow[], col: 0 | 1 | 2): string[] {
  const map = [(s: string) => s, serviceForScoring, flagForScoring][col]!;
  return [...new Set(rows.map((r) => map(r.symbols[col])))].sort();
}

/** Settings of the fit. */
export interface FitSettings {
  trees: number;
  seed: number;
  minLeaf: number;
  /** `binary`: the attack classes together weigh as much as normal; `none`: every row 1. */
  weighting: 'binary' | 'none';
  jobs: number | undefined;
}

/**
 * Fits the forest. Class weights (`binary`): every row of a class weighs the same, and the
 * attack classes together weigh as much as normal (so the score is not pulled towards whichever
 * side has more capture rows).
 */
export async function fitScanForest(
  set: ScanTrainingSet,
  s: FitSettings,
): Promise<{ forest: Forest; info: Omit<ModelInfo, 'provenance' | 'metrics'>; seconds: number }> {
  const names = EXTENDED_MODEL_FEATURES;
  const categories = names.map((_, i) =>
    i >= 1 && i <= 3 ? vocabulary(set.rows, (i - 1) as 0 | 1 | 2) : null,
  );
  const info = {
    featureNames: names,
    featureCategories: categories,
    schemaHash: createHash('sha256').update(names.join('\n')).digest('hex').slice(0, 16),
    classNames: set.classes,
  };
  const X = encode(info, set.rows);
  const normal = set.classes.indexOf('normal');
  const nNormal = set.counts[normal]!;
  const nAttack = set.rows.length - nNormal;
  const classWeight =
    s.weighting === 'none'
      ? 'none'
      : set.classes.map((_, k) => (k === normal ? 1 : nNormal / Math.max(1, nAttack)));
  const t0 = performance.now();
  const forest = await fitForest(
    X,
    set.y,
    names.length,
    set.classes.length,
    {
      nEstimators: s.trees,
      seed: s.seed,
      minSamplesLeaf: s.minLeaf,
      maxFeatures: 'sqrt',
      classWeight,
    },
    { jobs: s.jobs },
  );
  return { forest, info, seconds: (performance.now() - t0) / 1000 };
}

/** The model encoding of `rows`, row after row. */
function encode(
  info: Pick<ModelInfo, 'featureNames' | 'featureCategories'>,
  rows: readonly FeatureRow[],
): Float32Array {
  const encoder = new RowEncoder(info);
  const X = new Float32Array(rows.length * encoder.width);
  rows.forEach((r, i) => encoder.encode(r, X, i * encoder.width));
  return X;
}

/** The metrics that make a scan model apply the malformed-packet rule. */
export const SCAN_RULES = { scan: { rules: [MALFORMED_RULE] } };

/**
 * Attack scores of `rows` as `nad scan` computes them (its Scorer: 1 − P(normal), then the
 * malformed-packet rule), so a threshold chosen on them means the same in a scan.
 */
export function scoreRows(
  forest: Forest,
  info: Omit<ModelInfo, 'provenance' | 'metrics'>,
  rows: readonly FeatureRow[],
): Float64Array {
  const provenance = { rowCount: 0, fileSha256: null, source: null };
  const model = { forest, info: { ...info, provenance, metrics: SCAN_RULES } };
  const scores = new Float64Array(rows.length);
  let n = 0;
  const scorer = new Scorer(model, (s) => {
    scores[n++] = s.score;
  });
  for (const r of rows) scorer.add(r);
  scorer.flush();
  return scores;
}

/**
 * The lowest two-decimal threshold flagging at most `fa` of `scores`, and the share it flags.
 */
export function chooseThreshold(
  scores: Float64Array,
  fa: number,
): { value: number; benignShare: number } {
  const sorted = Float64Array.from(scores).sort().reverse();
  const allowed = Math.floor(fa * sorted.length);
  const above = sorted[allowed] ?? 0; // the highest score that must not be flagged
  const value = Math.min(1, Math.ceil((above + 1e-9) * 100) / 100);
  let flagged = 0;
  for (const s of scores) if (s >= value) flagged++;
  return { value, benignShare: flagged / Math.max(1, scores.length) };
}
