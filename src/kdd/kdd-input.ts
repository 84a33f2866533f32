/**
 * Reads KDD-format files (several, `.gz`, `-` for stdin) into one encoded matrix for `nad train`
 * and `nad eval` (issue 5): rows validated by src/kdd/kdd-csv.ts, labels checked against the KDD
 * category table (../spec/kdd-labels.md), symbols encoded with one shared set of vocabularies.
 */
import type { Readable } from 'node:stream';
import { InputError } from '../common/errors.js';
import { KddEncoder, type KddMatrix } from '../features/encode.js';
import { labelCategory } from './labels.js';
import { KDD_FEATURE_COUNT } from '../features/schema.js';
import { readKddInto } from './kdd-csv.js';
import { SYMBOL_COUNT } from './kdd-rows.js';
import { sourceName } from '../io/source.js';

/** What was read from one input. */
export interface KddInputStats {
  readonly file: string;
  readonly rows: number;
  readonly badRows: number;
  /** sha256 of the decompressed bytes. */
  readonly sha256: string | null;
}

/** All inputs read: the matrix, per-file counts and the first bad-row messages. */
export interface KddInput {
  readonly matrix: KddMatrix;
  readonly files: readonly KddInputStats[];
  readonly badRows: number;
  /** Up to 10 messages describing skipped rows (file, line, column, problem). */
  readonly badExamples: readonly string[];
}

/** Options of readKddInputs. */
export interface KddInputOptions {
  readonly skipBadRows?: boolean;
  readonly stdin?: Readable;
  /** Threads for parsing large inputs (see KddReadOptions.jobs). */
  readonly jobs?: number;
}

/** An error for a label outside the category table, located at the label column. */
function unknownLabel(label: string, line: number, file: string): InputError {
  return new InputError(`unknown KDD label ${JSON.stringify(label)}`, {
    location: { file, line, column: KDD_FEATURE_COUNT + 1 },
    hint: 'Labels must be one of the 40 KDD Cup 1999 labels with its dot (normal., smurf., neptune., …). Rows from `nad features` are labelled unknown. unless --label is given.',
  });
}

/**
 * Reads every input in order into `encoder`. A bad row (see kdd-csv.ts) or an unknown label is
 * an InputError naming file, line and column, unless `skipBadRows` (then counted and skipped).
 */
export async function readKddInputs(
  paths: readonly string[],
  encoder: KddEncoder,
  options: KddInputOptions = {},
): Promise<KddInput> {
  const files: KddInputStats[] = [];
  const badExamples: string[] = [];
  let badRows = 0;
  for (const path of paths) {
    let unknown = 0;
    const reader = await readKddInto(
      path,
      (rows, i, line) => {
        const label = rows.labels[i]!;
        if (knownLabel(label))
          return encoder.pushValues(
            rows.values,
            i * KDD_FEATURE_COUNT,
            rows.symbols,
            i * SYMBOL_COUNT,
            label,
          );
        const err = unknownLabel(label, line, sourceName(path));
        if (!options.skipBadRows) throw err;
        unknown++;
        if (badExamples.length < 10) badExamples.push(err.describe());
      },
      options,
    );
    const s = reader.stats;
    for (const e of s.badExamples) if (badExamples.length < 10) badExamples.push(e.describe());
    badRows += s.badRows + unknown;
    files.push({
      file: reader.name,
      rows: s.rows - unknown,
      badRows: s.badRows + unknown,
      sha256: s.sha256,
    });
  }
  return { matrix: encoder.finish(), files, badRows, badExamples };
}

/** Whether a label is in the category table (labels repeat, so the answer is kept). */
const known = new Map<string, boolean>();
function knownLabel(label: string): boolean {
  let ok = known.get(label);
  if (ok === undefined) {
    ok = labelCategory(label) !== undefined;
    if (known.size < 1024) known.set(label, ok);
  }
  return ok;
}
