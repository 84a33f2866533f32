/**
 * A `/predict` worker thread of `nad serve` (predict-pool.ts): scores telemetry bodies with the
 * model the request names. It loads that model itself (the same files as the main thread, the
 * same bytes by their ids) and keeps the two last ones, so requests started before a reload
 * (SIGHUP) finish with the model they began with while new ones use the new model.
 */
import { parentPort } from 'node:worker_threads';
import { scoreTelemetry } from '../app/predict/predict.js';
import { toWire } from '../app/shared/thread-wire.js';
import { ModelError } from '../common/errors.js';
import { loadModel, type LoadedModel } from './model-holder.js';
import type { FromPredictWorker, ModelRef, ToPredictWorker } from './predict-wire.js';

/** Models kept at most (the one in use and the one before a reload). */
const MODELS = 2;

const port = parentPort!;
const models = new Map<string, Promise<LoadedModel>>();

/** The model `ref` names, loaded once; a ModelError when the files are not those bytes now. */
function modelFor(ref: ModelRef): Promise<LoadedModel> {
  const key = `${ref.id} ${ref.baselineId ?? ''}`;
  let loading = models.get(key);
  if (loading === undefined) {
    loading = loadModel(ref.path, ref.baselinePath).then((m) => {
      if (m.id !== ref.id || m.baseline?.id !== ref.baselineId)
        throw new ModelError('the model file changed again while a worker loaded it; retry', {
          location: { file: ref.path },
        });
      return m;
    });
    loading.catch(() => models.delete(key));
    models.set(key, loading);
    if (models.size > MODELS) models.delete(models.keys().next().value!);
  }
  return loading;
}

function post(m: FromPredictWorker): void {
  port.postMessage(m);
}

port.on('message', (m: ToPredictWorker) => {
  void answer(m);
});

async function answer(m: ToPredictWorker): Promise<void> {
  try {
    const loaded = await modelFor(m.model);
    if (m.kind === 'load') return post({ kind: 'loaded', id: m.id });
    const scored = await scoreTelemetry(m.body, loaded.model, m.threshold, {
      cache: loaded.cache,
      baseline: loaded.baseline?.baseline,
    });
    post({
      kind: 'scored',
      id: m.id,
      model: loaded.id,
      verdicts: scored.verdicts,
      warnings: scored.warnings,
      error: scored.error && toWire(scored.error),
    });
  } catch (err) {
    post({ kind: 'failed', id: m.id, error: toWire(err) });
  }
}
