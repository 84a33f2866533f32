/**
 * The model `nad serve` answers with: loaded once at start, replaced as a whole on reload
 * (SIGHUP). A request takes the current model when it starts and keeps it to its end, so a
 * reload never mixes two models in one answer; a reload that fails keeps the model in use.
 */
import { ScanCache } from '../app/scan/row-why.js';
import { ModelError } from '../common/errors.js';
import { fileSha256 } from '../io/file-digest.js';
import { fsErrorReason } from '../io/fs-errors.js';
import { readModelFile } from '../io/model-file.js';
import type { ModelFile } from '../model/serialize.js';
import { scanThresholdOf, type ScanThreshold } from '../rows/scan-threshold.js';

/** A loaded model and what names it. */
export interface LoadedModel {
  readonly model: ModelFile;
  readonly path: string;
  /** The first 12 hex digits of the sha256 of the model file. */
  readonly id: string;
  /** When it was loaded (ISO 8601). */
  readonly loadedAt: string;
  /** The anomaly threshold stored in the model (null: none). */
  readonly modelThreshold: ScanThreshold | null;
  /** Memos the requests to this model share (scores and `why` by encoded row). */
  readonly cache: ScanCache;
}

/**
 * Loads `path` (ModelError when it is missing or damaged). The file is hashed before and after
 * it is read, and read again if it changed in between (replaced while loading), so the id is
 * always the id of the bytes loaded.
 */
export async function loadModel(path: string): Promise<LoadedModel> {
  for (let attempt = 1; ; attempt++) {
    const before = await digest(path);
    const model = await readModelFile(path);
    const after = await digest(path);
    if (before === after || attempt === 3)
      return {
        model,
        path,
        id: after.slice(0, 12),
        loadedAt: new Date().toISOString(),
        modelThreshold: scanThresholdOf(model.info),
        cache: new ScanCache(model),
      };
  }
}

async function digest(path: string): Promise<string> {
  try {
    return await fileSha256(path);
  } catch (err) {
    const cause = (err as Error).cause ?? err;
    throw new ModelError(`cannot read model: ${fsErrorReason(cause)}`, {
      location: { file: path },
      hint: 'Pass a model made by `nad train --out FILE`, or omit --model to use the default model.',
      cause: err,
    });
  }
}

/** Holds the current model; `reload` swaps in a fresh load of the same path. */
export class ModelHolder {
  private loaded: LoadedModel;
  private reloading: Promise<LoadedModel> | undefined;

  constructor(initial: LoadedModel) {
    this.loaded = initial;
  }

  /** The model in use. */
  get current(): LoadedModel {
    return this.loaded;
  }

  /**
   * Reads the model file again and swaps it in once it has loaded completely; a failure throws
   * and leaves the current model in place. Concurrent calls share one load.
   */
  async reload(): Promise<LoadedModel> {
    this.reloading ??= loadModel(this.loaded.path).finally(() => (this.reloading = undefined));
    const next = await this.reloading;
    this.loaded = next;
    return next;
  }
}
