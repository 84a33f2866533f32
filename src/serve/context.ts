/**
 * What every route of `nad serve` shares: the model, the metrics, the threshold, the limits and
 * the log; and the limits' defaults, which `nad serve --help` and the README quote.
 */
import type { ServeMetrics } from './metrics.js';
import { FALLBACK_THRESHOLD } from '../rows/scan-threshold.js';
import type { LoadedModel, ModelHolder } from './model-holder.js';
import type { OutputBudget } from './output-budget.js';
import type { PredictPool } from './predict-pool.js';

/** Sizes, counts and times that bound what one request may take. */
export interface ServeLimits {
  /** Largest body of /predict and /v1/score (bytes). */
  bodyBytes: number;
  /** Largest upload to /v1/scan, as sent (bytes). */
  uploadBytes: number;
  /** Most bytes an upload may inflate to when gzip-compressed (bytes; gzip bombs stop here). */
  inflatedBytes: number;
  /** /predict and /v1/score requests answered at once; more get 503. */
  requests: number;
  /** /v1/scan uploads read at once; more get 503. */
  scans: number;
  /** Time a client has to send a whole request (ms); slower ones get 408. */
  requestTimeoutMs: number;
}

/** MiB in bytes. */
export const MIB = 1 << 20;

/** The defaults of the limits. */
export const DEFAULT_LIMITS: Readonly<ServeLimits> = Object.freeze({
  bodyBytes: 16 * MIB,
  uploadBytes: 2048 * MIB,
  inflatedBytes: 8192 * MIB,
  requests: 64,
  scans: 4,
  requestTimeoutMs: 600_000,
});

/** Streamed `/v1/scan` rows held at most, over all uploads, before scans wait (bytes). */
export const OUTPUT_BUDGET_BYTES = 16 * MIB;

/** Seconds a client told 503 is asked to wait (Retry-After). */
export const RETRY_AFTER_SEC = 1;

/** The state the routes share. */
export interface ServeContext {
  readonly models: ModelHolder;
  readonly metrics: ServeMetrics;
  /** Score from which a connection or row is an anomaly; undefined: the model's own. */
  readonly threshold: number | undefined;
  readonly limits: ServeLimits;
  /** A line for the server log (stderr). */
  readonly log: (line: string) => void;
  /** The cap on streamed rows not yet on the wire, over all uploads (route-scan.ts). */
  readonly output: OutputBudget;
  /** The worker threads scoring /predict bodies (`--workers`); undefined: this thread scores. */
  readonly predictPool: PredictPool | undefined;
}

/**
 * The threshold a request uses: --threshold when given, else the one stored in the model that
 * answers (as `nad scan`), else 0.5.
 */
export function thresholdFor(ctx: ServeContext, loaded: LoadedModel): number {
  return ctx.threshold ?? loaded.modelThreshold?.value ?? FALLBACK_THRESHOLD;
}

/** How a route is guarded: open (health), or counted against the request or scan limit. */
export type RouteGuard = 'open' | 'token' | 'requests' | 'scans';

/** The route config nad reads (Fastify's `config`). */
export interface RouteConfig {
  guard: RouteGuard;
  /** What /openapi.json says of a body no schema describes (uploads). */
  openapiBody?: Record<string, unknown>;
}
