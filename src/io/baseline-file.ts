/**
 * Baseline files on disk (`.nadb`, format in src/model/baseline-file.ts): read and validate, or
 * write atomically. Every problem with the file — missing, unreadable, not a baseline, damaged —
 * is an InputError (exit 3) naming it.
 */
import { readFile } from 'node:fs/promises';
import { InputError } from '../common/errors.js';
import { serializeBaseline, type Baseline } from '../model/baseline-file.js';
import { deserializeBaseline } from '../model/baseline-file-read.js';
import { fsErrorReason } from './fs-errors.js';
import { writeModelFile } from './model-file.js';

/** Reads and validates a baseline file. */
export async function readBaselineFile(path: string): Promise<Baseline> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new InputError(`cannot read baseline: ${fsErrorReason(err)}`, {
      location: { file: path },
      hint: 'Pass a file made by `nad baseline train CAPTURES… -o FILE.nadb`.',
      cause: err,
    });
  }
  try {
    return deserializeBaseline(bytes);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    throw new InputError(err.message, { location: { file: path }, hint: err.hint, cause: err });
  }
}

/** Writes a baseline atomically (a temporary file renamed into place); returns its size. */
export async function writeBaselineFile(path: string, baseline: Baseline): Promise<number> {
  const bytes = serializeBaseline(baseline);
  await writeModelFile(path, bytes);
  return bytes.length;
}

/** The text of a labels file (`nad baseline eval --labels`); unreadable → InputError. */
export async function readLabelsText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read labels: ${fsErrorReason(err)}`, {
      location: { file: path },
      cause: err,
    });
  }
}
