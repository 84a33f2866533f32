/**
 * `/v1/score`: rows of the 41 KDD Cup 1999 features → scores, with the scorer of `nad scan`.
 * Rows come as objects keyed by feature name (KDD_FEATURE_NAMES, and for a model over the
 * extended set the extended columns too; the KDD part already checked against the route's
 * schema) or as kddcup.data lines (41 features and a label, read and checked by the KDD reader,
 * which names the line and column of a bad row; a model over the extended set cannot score
 * them).
 */
import { InputError } from '../../common/errors.js';
import { FeatureRow } from '../../features/kdd.js';
import { KDD_FEATURE_NAMES } from '../../features/schema.js';
import { EXTENDED_FEATURE_COUNT, EXTENDED_FEATURE_NAMES } from '../../features/extended-schema.js';
import type { StreamInput } from '../../io/source.js';
import { readKddInto } from '../../kdd/kdd-csv.js';
import { SYMBOL_COUNT } from '../../kdd/kdd-rows.js';
import type { ModelFile } from '../../model/serialize.js';
import { Scorer } from '../../rows/scorer.js';

/** The score of one row. */
export interface RowScore {
  /** Probability that the row is an attack (1 − P(normal)), 4 decimals. */
  score: number;
  /** score ≥ threshold. */
  anomaly: boolean;
  /** The attack class and its category when anomalous, else `normal`. */
  class: string;
  category: string;
}

/** Index of each symbolic column in FeatureRow.symbols. */
const SYMBOL_SLOT = new Map([
  [1, 0],
  [2, 1],
  [3, 2],
]);

/** Collects the scores of rows added to a Scorer, in order. */
class ScoreList {
  readonly scores: RowScore[] = [];
  readonly scorer: Scorer;

  constructor(model: ModelFile, threshold: number) {
    this.scorer = new Scorer(model, (s) => {
      const score = Math.round(s.score * 1e4) / 1e4;
      const anomaly = score >= threshold;
      this.scores.push({
        score,
        anomaly,
        class: anomaly ? s.attackLabel : 'normal',
        category: anomaly ? s.attackCategory : 'normal',
      });
    });
  }
}

/** What a model over the extended set needs that a row lacks. */
const EXTENDED_HINT =
  'the model in use reads the extended feature set: send the rows `nad features --set extended --format ndjson` writes';

/**
 * Scores rows given as objects with the features by name (numbers; strings for the 3 symbols).
 * A row without an extended column the model needs is an InputError naming row and column.
 */
export function scoreObjects(
  rows: readonly Record<string, unknown>[],
  model: ModelFile,
  threshold: number,
): RowScore[] {
  const list = new ScoreList(model, threshold);
  const extended = list.scorer.featureSet === 'extended';
  const row = new FeatureRow();
  if (extended) row.extended = new Float64Array(EXTENDED_FEATURE_COUNT);
  rows.forEach((o, r) => {
    KDD_FEATURE_NAMES.forEach((name, c) => {
      const slot = SYMBOL_SLOT.get(c);
      if (slot === undefined) row.numbers[c] = Number(o[name]);
      else row.symbols[slot] = String(o[name]);
    });
    if (extended)
      EXTENDED_FEATURE_NAMES.forEach((name, c) => {
        const v = o[name];
        if (typeof v !== 'number')
          throw new InputError(
            `record ${r + 1}: ${v === undefined ? `missing ${name}` : `${name} must be a number`} (${EXTENDED_HINT})`,
          );
        row.extended![c] = v;
      });
    list.scorer.add(row);
  });
  list.scorer.flush();
  return list.scores;
}

/**
 * Scores kddcup.data lines read from `input`. A bad line is returned as `error` (an InputError
 * naming line and column), with no scores.
 */
export async function scoreLines(
  input: StreamInput,
  model: ModelFile,
  threshold: number,
): Promise<{ scores: RowScore[]; error: InputError | undefined }> {
  const list = new ScoreList(model, threshold);
  if (list.scorer.featureSet === 'extended')
    return {
      scores: [],
      error: new InputError(`kddcup lines carry the 41 KDD features only; ${EXTENDED_HINT}`),
    };
  const row = new FeatureRow();
  try {
    await readKddInto(
      input,
      (rows, i) => {
        const at = i * KDD_FEATURE_NAMES.length;
        for (let c = 0; c < KDD_FEATURE_NAMES.length; c++) row.numbers[c] = rows.values[at + c]!;
        for (let k = 0; k < 3; k++) row.symbols[k] = rows.symbols[i * SYMBOL_COUNT + k]!;
        list.scorer.add(row);
      },
      { jobs: 0 },
    );
  } catch (err) {
    if (err instanceof InputError) return { scores: [], error: err };
    throw err;
  }
  list.scorer.flush();
  return { scores: list.scores, error: undefined };
}
