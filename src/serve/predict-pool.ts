/**
 * The `/predict` worker threads of `nad serve` (`--workers N`): the main thread parses and
 * checks the body, answers and logs, while a worker reads the telemetry into connections,
 * features and scores (predict-worker.ts) — so on a machine with more than one core the HTTP
 * work of one request overlaps with the scoring of others. A request goes to the worker with the
 * fewest in hand. A worker that dies (a crash, running out of memory) fails only its requests in
 * hand, with 503 and Retry-After; another is started in its place, and the server goes on.
 */
import { Worker } from 'node:worker_threads';
import { fromWire } from '../app/shared/thread-wire.js';
import type { ScoredTelemetry } from '../app/predict/predict.js';
import { RETRY_AFTER_SEC } from './context.js';
import { HttpError } from './http-errors.js';
import type { LoadedModel } from './model-holder.js';
import {
  modelRef,
  predictWorkerUrl,
  type FromPredictWorker,
  type ToPredictWorker,
} from './predict-wire.js';

/**
 * A worker's young generation (MB). A body's scoring allocates much that dies young; V8's
 * default young generation let each worker hold about 80 MB under load, this one about half,
 * at the same speed (bench:serve).
 */
const WORKER_YOUNG_MB = 12;

interface Pending {
  resolve: (m: FromPredictWorker) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

/** Worker threads scoring `/predict` bodies. */
export class PredictPool {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closing = false;

  /** Starts `size` workers (at least 1); `log` receives a line when one dies. */
  constructor(
    size: number,
    private readonly log: (line: string) => void,
  ) {
    for (let i = 0; i < Math.max(1, size); i++) this.slots.push(this.start(i));
  }

  /** The threads, in slot order (for diagnostics and tests). */
  get threads(): readonly Worker[] {
    return this.slots.map((s) => s.worker);
  }

  /** Has every worker load `model` now, ahead of the requests that will use it (start, SIGHUP). */
  preload(model: LoadedModel): void {
    for (const slot of this.slots)
      this.send(slot, { kind: 'load', id: 0, model: modelRef(model) }).catch((err: unknown) =>
        this.log(`predict worker: loading the model failed: ${(err as Error).message}`),
      );
  }

  /**
   * Scores `body` with `model` in a worker. A bad record is `error` (as scoreTelemetry); a
   * worker that died is an HttpError 503; its other failures are thrown as their class.
   */
  async score(body: Uint8Array, model: LoadedModel, threshold: number): Promise<ScoredTelemetry> {
    const slot = this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const m = await this.send(slot, {
      kind: 'score',
      id: 0,
      model: modelRef(model),
      body,
      threshold,
    });
    if (m.kind !== 'scored') throw new Error(`predict worker: unexpected answer ${m.kind}`);
    if (m.model !== model.id)
      throw new Error(`predict worker: scored with model ${m.model}, not ${model.id}`);
    const error = m.error && fromWire(m.error);
    return { verdicts: m.verdicts, warnings: m.warnings, error: error as ScoredTelemetry['error'] };
  }

  /** Stops the workers (the server closes). */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private send(slot: Slot, m: ToPredictWorker): Promise<FromPredictWorker> {
    const id = this.nextId++;
    return new Promise<FromPredictWorker>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ ...m, id });
    }).then((a) => (a.kind === 'failed' ? Promise.reject(fromWire(a.error)) : a));
  }

  private start(index: number): Slot {
    const worker = new Worker(predictWorkerUrl(), {
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
    });
    const slot: Slot = { worker, pending: new Map() };
    slot.worker.on('message', (m: FromPredictWorker) => {
      const p = slot.pending.get(m.id);
      slot.pending.delete(m.id);
      p?.resolve(m);
    });
    slot.worker.on('error', (err) => this.log(`predict worker ${index}: ${err.stack ?? err}`));
    slot.worker.on('exit', (code) => {
      const lost = [...slot.pending.values()];
      slot.pending.clear();
      const gone = new HttpError(
        503,
        'the worker scoring this request stopped (logged by the server); retry',
        { 'retry-after': String(RETRY_AFTER_SEC) },
      );
      for (const p of lost) p.reject(gone);
      if (this.closing) return;
      this.log(`predict worker ${index} exited (code ${code}, ${lost.length} requests failed with 503); starting another`); // prettier-ignore
      this.slots[index] = this.start(index);
    });
    return slot;
  }
}
