/**
 * The one metrics module (`nad eval`, `nad train`'s out-of-bag scores, benches and tests):
 * accuracy on class indices, a confusion matrix between named true and predicted classes,
 * per-class precision / recall / F1 / support, and the ROC-AUC of a score with ties handled
 * exactly (the Mann–Whitney statistic with average ranks).
 */

/** A confusion matrix: counts[i][j] = rows of true class rows[i] predicted as columns[j]. */
export interface Confusion {
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  readonly counts: readonly (readonly number[])[];
}

/** Precision, recall, F1 (null where undefined: nothing predicted / no support) and support. */
export interface ClassScores {
  readonly name: string;
  readonly precision: number | null;
  readonly recall: number | null;
  readonly f1: number | null;
  readonly support: number;
}

/** Fraction of positions where the predicted class index equals the true one (NaN for none). */
export function accuracy(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  if (truth.length !== pred.length) throw new RangeError('accuracy: length mismatch');
  let ok = 0;
  for (let r = 0; r < truth.length; r++) if (truth[r] === pred[r]) ok++;
  return truth.length === 0 ? NaN : ok / truth.length;
}

/** Counts pairs (truth[r], pred[r]) of indices into `rows` and `columns`. */
export function confusion(
  truth: ArrayLike<number>,
  pred: ArrayLike<number>,
  rows: readonly string[],
  columns: readonly string[],
): Confusion {
  const counts = rows.map(() => new Array<number>(columns.length).fill(0));
  for (let r = 0; r < truth.length; r++) counts[truth[r]!]![pred[r]!]!++;
  return { rows, columns, counts };
}

/** Sum of the diagonal (true name = predicted name) over all rows; NaN for no rows. */
export function confusionAccuracy(c: Confusion): number {
  let ok = 0;
  let n = 0;
  c.rows.forEach((name, i) => {
    const row = c.counts[i]!;
    for (const v of row) n += v;
    const j = c.columns.indexOf(name);
    if (j >= 0) ok += row[j]!;
  });
  return n === 0 ? NaN : ok / n;
}

/** Per-class scores for every name that is a true or a predicted class (rows first). */
export function classScores(c: Confusion): ClassScores[] {
  const names = [...c.rows, ...c.columns.filter((n) => !c.rows.includes(n))];
  return names.map((name) => {
    const i = c.rows.indexOf(name);
    const j = c.columns.indexOf(name);
    const support = i < 0 ? 0 : c.counts[i]!.reduce((a, b) => a + b, 0);
    const predicted = j < 0 ? 0 : c.counts.reduce((a, row) => a + row[j]!, 0);
    const tp = i < 0 || j < 0 ? 0 : c.counts[i]![j]!;
    const precision = predicted === 0 ? null : tp / predicted;
    const recall = support === 0 ? null : tp / support;
    const f1 =
      precision === null || recall === null
        ? null
        : precision + recall === 0
          ? 0
          : (2 * precision * recall) / (precision + recall);
    return { name, precision, recall, f1, support };
  });
}

/**
 * Area under the ROC curve of `score` for the rows where `positive` is 1: the probability that
 * a random positive scores above a random negative, ties counting one half. Null when either
 * class is absent.
 */
export function rocAuc(score: ArrayLike<number>, positive: ArrayLike<number>): number | null {
  const n = score.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a]! - score[b]!);
  let nPos = 0;
  let rankSumPos = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && score[order[j + 1]!] === score[order[i]!]) j++;
    const avgRank = (i + j + 2) / 2; // ranks are 1-based: i+1 .. j+1
    for (let k = i; k <= j; k++) {
      if (positive[order[k]!]) {
        nPos++;
        rankSumPos += avgRank;
      }
    }
    i = j + 1;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return null;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}
