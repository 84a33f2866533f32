/**
 * Model files on disk (DESIGN.md: src/io is the only code that touches the file system): read
 * and write the bytes of a model (format in src/model/serialize.ts), and the path of the default
 * model shipped in `models/`, found relative to the installed package, never the working
 * directory.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { InputError, ModelError } from '../common/errors.js';
import { deserializeModel, type ModelFile } from '../model/serialize.js';
import { fsErrorReason } from './fs-errors.js';

/** File name of the default model inside `models/` (`nad eval`; pure KDD Cup 1999 training). */
export const DEFAULT_MODEL_NAME = 'kdd-default.nadm';

/**
 * File name of the default model of `nad scan`: the KDD rows plus labelled feature rows of
 * captures made for training (fixtures/training/), so that modern benign traffic (ssh, https,
 * connections open at the end of a capture) and today's kernels' answers to floods and LAND are
 * known (kdd-features.md §10). See models/README.md.
 */
export const SCAN_MODEL_NAME = 'scan-default.nadm';

/**
 * Absolute path of the default model: `<package>/models/kdd-default.nadm`. Works from the
 * compiled `dist/src/io/` and from the TypeScript source `src/io/` (tests).
 */
export function defaultModelPath(name: string = DEFAULT_MODEL_NAME): string {
  const here = import.meta.url;
  const up = /\/dist\/src\/io\/[^/]+$/.test(here) ? '../../../' : '../../';
  return fileURLToPath(new URL(`${up}models/${name}`, here));
}

/** Reads and validates a model file; a missing or unreadable file is a ModelError with a hint. */
export async function readModelFile(path: string): Promise<ModelFile> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new ModelError(`cannot read model: ${fsErrorReason(err)}`, {
      location: { file: path },
      hint: 'Pass a model made by `nad train --out FILE`, or omit --model to use the default model.',
      cause: err,
    });
  }
  try {
    return deserializeModel(bytes);
  } catch (err) {
    if (err instanceof ModelError) {
      throw new ModelError(err.message, {
        location: { file: path },
        hint: err.hint ?? 'The file is not a valid nad model; retrain it with `nad train`.',
        cause: err,
      });
    }
    throw err;
  }
}

/**
 * Writes model bytes to `path` atomically (a temporary file renamed into place), so a failed
 * write never leaves half a model. An unwritable path is an InputError naming it.
 */
export async function writeModelFile(path: string, bytes: Uint8Array): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw new InputError(`cannot write model: ${fsErrorReason(err, 'no such directory')}`, {
      location: { file: path },
      hint: 'Choose a writable --out path in an existing directory.',
      cause: err,
    });
  }
}
