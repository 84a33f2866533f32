/**
 * The model `nad serve` answers with, and the baseline of normal traffic when `--baseline` gave
 * one: loaded once at start, replaced together as a whole on reload (SIGHUP). A request takes
 * the current pair when it starts and keeps it to its end, so a reload never mixes two models or
 * two baselines in one answer; a reload where either file fails to load keeps the pair in use.
 */
import { ScanCache } from '../app/scan/row-why.js';
import { InputError, ModelError } from '../common/errors.js';
import { readBaselineFile } from '../io/baseline-file.js';
import { fileSha256 } from '../io/file-digest.js';
import { fsErrorReason } from '../io/fs-errors.js';
import { readModelFile } from '../io/model-file.js';
import type { Baseline } from '../model/baseline-file.js';
import type { ModelFile } from '../model/serialize.js';
import { scanThresholdOf, type ScanThreshold } from '../rows/scan-threshold.js';

/** A loaded file and what names it. */
interface LoadedFile {
  readonly path: string;
  /** The first 12 hex digits of the sha256 of the file. */
  readonly id: string;
  /** When it was loaded (ISO 8601). */
  readonly loadedAt: string;
}

/** A loaded baseline (`--baseline`). */
export interface LoadedBaseline extends LoadedFile {
  readonly baseline: Baseline;
}

/** A loaded model, and the baseline loaded with it (null: none). */
export interface LoadedModel extends LoadedFile {
  readonly model: ModelFile;
  /** The anomaly threshold stored in the model (null: none). */
  readonly modelThreshold: ScanThreshold | null;
  /** Memos the requests to this model share (scores and `why` by encoded row). */
  readonly cache: ScanCache;
  readonly baseline: LoadedBaseline | null;
}

/**
 * Loads the model at `path` (ModelError when it is missing or damaged) and the baseline at
 * `baselinePath` if given (InputError when it is missing or damaged, as `nad scan --baseline`).
 */
export async function loadModel(path: string, baselinePath?: string): Promise<LoadedModel> {
  const { value: model, ...file } = await loadStable(path, readModelFile, modelError);
  const baseline =
    baselinePath === undefined
      ? null
      : await loadStable(baselinePath, readBaselineFile, baselineError).then(({ value, ...f }) => ({
          ...f,
          baseline: value,
        }));
  return {
    ...file,
    model,
    modelThreshold: scanThresholdOf(model.info),
    cache: new ScanCache(model),
    baseline,
  };
}

/**
 * Reads `path` with `read`. The file is hashed before and after it is read, and read again if
 * it changed in between (replaced while loading), so the id is always the id of the bytes read.
 */
async function loadStable<T>(
  path: string,
  read: (path: string) => Promise<T>,
  unreadable: (path: string, err: unknown) => Error,
): Promise<LoadedFile & { value: T }> {
  const digest = (): Promise<string> =>
    fileSha256(path).catch((err: unknown) => Promise.reject(unreadable(path, err)));
  for (let attempt = 1; ; attempt++) {
    const before = await digest();
    const value = await read(path);
    const after = await digest();
    if (before === after || attempt === 3)
      return { value, path, id: after.slice(0, 12), loadedAt: new Date().toISOString() };
  }
}

function reason(err: unknown): string {
  return fsErrorReason((err as Error).cause ?? err);
}

function modelError(path: string, err: unknown): Error {
  return new ModelError(`cannot read model: ${reason(err)}`, {
    location: { file: path },
    hint: 'Pass a model made by `nad train --out FILE`, or omit --model to use the default model.',
    cause: err,
  });
}

function baselineError(path: string, err: unknown): Error {
  return new InputError(`cannot read baseline: ${reason(err)}`, {
    location: { file: path },
    hint: 'Pass a file made by `nad baseline train CAPTURES… -o FILE.nadb`.',
    cause: err,
  });
}

/** Holds the current model and baseline; `reload` swaps in a fresh load of the same paths. */
export class ModelHolder {
  private loaded: LoadedModel;
  private reloading: Promise<LoadedModel> | undefined;

  constructor(initial: LoadedModel) {
    this.loaded = initial;
  }

  /** The model (and baseline) in use. */
  get current(): LoadedModel {
    return this.loaded;
  }

  /**
   * Reads the model file and the baseline file again and swaps them in once both have loaded
   * completely; a failure throws and leaves the current pair in place. Concurrent calls share
   * one load.
   */
  async reload(): Promise<LoadedModel> {
    const { path, baseline } = this.loaded;
    this.reloading ??= loadModel(path, baseline?.path).finally(() => (this.reloading = undefined));
    const next = await this.reloading;
    this.loaded = next;
    return next;
  }
}
