/**
 * The messages between `nad serve` and its `/predict` worker threads (predict-pool.ts,
 * predict-worker.ts), and where the worker script is.
 */
import type { Verdict } from '../app/predict/predict.js';
import type { WireError } from '../app/shared/thread-wire.js';
import type { LoadedModel } from './model-holder.js';

/** The model (and baseline) a request is scored with: files and the ids of the bytes loaded. */
export interface ModelRef {
  path: string;
  id: string;
  baselinePath: string | undefined;
  baselineId: string | undefined;
}

/** The ModelRef of a loaded model. */
export function modelRef(m: LoadedModel): ModelRef {
  return { path: m.path, id: m.id, baselinePath: m.baseline?.path, baselineId: m.baseline?.id };
}

/** Messages to a worker: load a model (ahead of the requests that use it), or score a body. */
export type ToPredictWorker =
  | { kind: 'load'; id: number; model: ModelRef }
  | { kind: 'score'; id: number; model: ModelRef; body: Uint8Array; threshold: number };

/** Answers of a worker, by request id. */
export type FromPredictWorker =
  | { kind: 'loaded'; id: number }
  | {
      kind: 'scored';
      id: number;
      /** The id of the model that scored (ModelRef.id). */
      model: string;
      verdicts: Verdict[];
      warnings: string[];
      /** A bad record (an InputError in the worker). */
      error: WireError | undefined;
    }
  | { kind: 'failed'; id: number; error: WireError };

/** URL of the compiled worker script, for compiled (.js) and source (.ts) runs alike. */
export function predictWorkerUrl(): URL {
  const here = import.meta.url;
  if (here.endsWith('.ts'))
    return new URL(
      here.replace(/\/src\/serve\/predict-wire\.ts$/, '/dist/src/serve/predict-worker.js'),
    );
  return new URL('./predict-worker.js', here);
}
