/**
 * Classification metrics on class indices: accuracy and confusion matrices, optionally after
 * mapping classes onto coarser groups (e.g. KDD labels onto their five categories).
 */

/** Fraction of positions where prediction equals truth (NaN for no rows). */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  if (yTrue.length !== yPred.length) throw new RangeError('accuracy: length mismatch');
  let ok = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) ok++;
  return yTrue.length === 0 ? NaN : ok / yTrue.length;
}

/** confusion[t][p] = rows of true class t predicted as p, for classes 0..nClasses−1. */
export function confusionMatrix(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  nClasses: number,
): number[][] {
  if (yTrue.length !== yPred.length) throw new RangeError('confusionMatrix: length mismatch');
  const m = Array.from({ length: nClasses }, () => new Array<number>(nClasses).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const row = m[yTrue[i]!];
    if (row === undefined || yPred[i]! < 0 || yPred[i]! >= nClasses) {
      throw new RangeError(`confusionMatrix: class out of range at row ${i}`);
    }
    row[yPred[i]!]!++;
  }
  return m;
}

/** Maps every class index through `groupOf` (e.g. label → category). */
export function mapClasses(y: ArrayLike<number>, groupOf: ArrayLike<number>): Int32Array {
  const out = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = groupOf[y[i]!]!;
  return out;
}

/** Accuracy read off a confusion matrix (its trace over its total). */
export function confusionAccuracy(m: readonly (readonly number[])[]): number {
  let ok = 0;
  let n = 0;
  m.forEach((row, t) =>
    row.forEach((c, p) => {
      n += c;
      if (t === p) ok += c;
    }),
  );
  return n === 0 ? NaN : ok / n;
}
