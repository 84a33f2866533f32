/**
 * The Prometheus metrics of `nad serve` (GET /metrics), in a registry of their own: requests by
 * route and status, latency histograms, requests in flight, rows and bytes scored, the model in
 * use and its reloads, and prom-client's process metrics (memory, CPU, event loop) under `nad_`.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { LoadedModel } from './model-holder.js';

/** The metrics one server updates. */
export class ServeMetrics {
  readonly registry = new Registry();
  /** Finished requests by route, method and status. */
  readonly requests = new Counter({
    name: 'nad_http_requests_total',
    help: 'HTTP requests answered, by route, method and status code',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [this.registry],
  });
  /** Time from the request's arrival to the end of the response, by route. */
  readonly latency = new Histogram({
    name: 'nad_http_request_duration_seconds',
    help: 'Time from request to the end of the response, by route',
    labelNames: ['route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });
  /** Requests being worked on, by route. */
  readonly inFlight = new Gauge({
    name: 'nad_http_in_flight',
    help: 'Requests being answered now, by route',
    labelNames: ['route'] as const,
    registers: [this.registry],
  });
  /** Connections (predict, scan) or rows (score) scored. */
  readonly rows = new Counter({
    name: 'nad_rows_scored_total',
    help: 'Connections or feature rows scored, by route',
    labelNames: ['route'] as const,
    registers: [this.registry],
  });
  /** Request body bytes read by the scoring routes (as sent, before gzip inflation). */
  readonly bytes = new Counter({
    name: 'nad_bytes_read_total',
    help: 'Request body bytes read by the scoring routes, by route (as sent)',
    labelNames: ['route'] as const,
    registers: [this.registry],
  });
  /** 1 for the model in use, labelled with its id (sha256 prefix) and path. */
  readonly model = new Gauge({
    name: 'nad_model_info',
    help: 'The model in use (value 1), by id (sha256 prefix of the file) and path',
    labelNames: ['id', 'path'] as const,
    registers: [this.registry],
  });
  /** 1 for the baseline in use (`--baseline`), labelled with its id and path; absent without one. */
  readonly baseline = new Gauge({
    name: 'nad_baseline_info',
    help: 'The baseline of normal traffic in use (value 1), by id (sha256 prefix of the file) and path',
    labelNames: ['id', 'path'] as const,
    registers: [this.registry],
  });
  /** Model reloads (SIGHUP) by result. */
  readonly reloads = new Counter({
    name: 'nad_model_reloads_total',
    help: 'Model and baseline reloads (SIGHUP), by result (ok, failed)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'nad_' });
  }

  /** Records the model and baseline now in use (replacing the previous ones). */
  setModel(loaded: LoadedModel): void {
    this.model.reset();
    this.model.set({ id: loaded.id, path: loaded.path }, 1);
    this.baseline.reset();
    const b = loaded.baseline;
    if (b !== null) this.baseline.set({ id: b.id, path: b.path }, 1);
  }
}
