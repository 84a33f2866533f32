/**
 * `nad baseline train` (issue 14): captures of normal traffic (or `nad features --set extended`
 * CSV/NDJSON output) → feature rows over the extended set → encoded, log-scaled matrix and the
 * kinds of connection met (src/rows/baseline-rows.ts) → isolation forest with a threshold chosen
 * by cross-fitting on the same rows (src/model/baseline-fit.ts) → a `.nadb` file recording the
 * inputs (names, sha256, counts).
 */
import { InputError } from '../../common/errors.js';
import { writeBaselineFile } from '../../io/baseline-file.js';
import { sha256File } from '../../io/file-digest.js';
import { expandInputs, type InputProblem } from '../../io/inputs.js';
import type { Baseline, TrainingInput } from '../../model/baseline-file.js';
import { fitBaseline, type BaselineFitOptions } from '../../model/baseline-fit.js';
import { BASELINE_FEATURES, TrainingRows } from '../../rows/baseline-rows.js';
import type { BaselineTrainResult } from '../../rows/baseline-results.js';
import { readTrainingInput } from './feature-input.js';

export type { BaselineTrainResult };

/** Fewest connections a baseline is trained on. */
export const MIN_BASELINE_CONNECTIONS = 256;

/** What to train. */
export interface BaselineTrainOptions extends BaselineFitOptions {
  readonly inputs: readonly string[];
  readonly out: string;
  /** Called for each input read, with the connections it gave. */
  readonly onInput?: (input: TrainingInput) => void;
}

/** The outcome: the result, or the inputs that could not be read (then nothing is written). */
export interface BaselineTrainOutcome {
  readonly result: BaselineTrainResult | undefined;
  readonly errors: readonly InputError[];
  readonly problems: readonly InputProblem[];
  /** Inputs read but holding no connection (e.g. only ARP). */
  readonly empty: readonly string[];
}

/** Trains a baseline and writes it to `out`, unless an input fails. */
export async function trainBaseline(o: BaselineTrainOptions): Promise<BaselineTrainOutcome> {
  const t0 = performance.now();
  const { files, problems } = await expandInputs(o.inputs);
  const rows = new TrainingRows();
  const inputs: TrainingInput[] = [];
  const errors: InputError[] = [];
  const empty: string[] = [];
  for (const file of files) {
    try {
      const before = rows.rows;
      const name = await readTrainingInput(file, (row) => rows.add(row));
      const input = { name, sha256: await sha256File(file), connections: rows.rows - before };
      if (input.connections === 0) empty.push(name);
      inputs.push(input);
      o.onInput?.(input);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      errors.push(err);
    }
  }
  if (errors.length > 0 || (files.length === 0 && problems.length > 0))
    return { result: undefined, errors, problems, empty };
  checkEnough(rows.rows, inputs);
  const t1 = performance.now();
  const baseline = baselineOf(rows, inputs, o);
  const fileBytes = await writeBaselineFile(o.out, baseline);
  const t2 = performance.now();
  const result: BaselineTrainResult = {
    out: o.out,
    fileBytes,
    params: baseline.forest.params,
    psi: baseline.forest.psi,
    inputs,
    connections: rows.rows,
    kinds: baseline.info.kinds.length,
    threshold: baseline.info.threshold,
    readSeconds: (t1 - t0) / 1000,
    fitSeconds: (t2 - t1) / 1000,
  };
  return { result, errors, problems, empty };
}

/** The baseline of encoded training rows: fitted forest, threshold, profiles and kinds. */
export function baselineOf(
  rows: Pick<TrainingRows, 'matrix' | 'rows' | 'width' | 'categories' | 'kinds'>,
  inputs: readonly TrainingInput[],
  o: BaselineFitOptions,
): Baseline {
  const fit = fitBaseline(rows.matrix, rows.rows, rows.width, o);
  return {
    forest: fit.forest,
    info: {
      featureNames: BASELINE_FEATURES,
      featureCategories: rows.categories(),
      threshold: fit.threshold,
      inputs,
      profiles: fit.profiles,
      kinds: rows.kinds(),
    },
  };
}

/** Too few connections to learn from → InputError with a hint. */
function checkEnough(n: number, inputs: readonly TrainingInput[]): void {
  const names = inputs.map((i) => i.name).join(', ');
  if (n === 0)
    throw new InputError(`no connections in ${names || 'the inputs'}: nothing to learn from`, {
      hint: 'A baseline learns from TCP, UDP and ICMP connections; these captures hold none (only ARP or other non-IP packets?). Capture normal traffic of the hosts to watch.',
    });
  if (n < MIN_BASELINE_CONNECTIONS)
    throw new InputError(
      `only ${n} connections in the inputs; a baseline needs at least ${MIN_BASELINE_CONNECTIONS}`,
      {
        hint: 'Add more captures of normal traffic (hours to days of it make a useful baseline).',
      },
    );
}
