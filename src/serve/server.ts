/**
 * The `nad serve` HTTP server: a Fastify instance with the routes, guards, error handler and
 * metrics, on a Node http server whose timeouts end slow clients (408). Binds to loopback
 * unless told otherwise. Errors never carry stack traces to clients.
 */
import { createServer, type Server } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  DEFAULT_LIMITS,
  OUTPUT_BUDGET_BYTES,
  type ServeContext,
  type ServeLimits,
} from './context.js';
import { addAccessLog, requestIdMaker, type LogFormat } from './access-log.js';
import { addGuards } from './guards.js';
import { errorBody, errorHandler } from './http-errors.js';
import { ServeMetrics } from './metrics.js';
import { ModelHolder, loadModel } from './model-holder.js';
import { OpenApiCollector } from './openapi.js';
import { OutputBudget } from './output-budget.js';
import { PredictPool } from './predict-pool.js';
import { opsRoutes } from './route-ops.js';
import { predictRoute } from './route-predict.js';
import { scanRoute } from './route-scan.js';
import { scoreRoute } from './route-score.js';

/** How to build a server. */
export interface ServeOptions {
  /** The model file. */
  modelPath: string;
  /** A baseline of normal traffic (`nad baseline train`): novelty and the combined verdict. */
  baselinePath?: string;
  /** Anomaly threshold; undefined: the model's own (else 0.5). */
  threshold: number | undefined;
  limits?: Partial<ServeLimits>;
  /** When set, every route but /healthz and /readyz needs `Authorization: Bearer <token>`. */
  token?: string;
  /** The API version shown in /openapi.json. */
  version?: string;
  /** A line for the server log (default: stderr). */
  log?: (line: string) => void;
  /** Worker threads scoring /predict bodies (predict-pool.ts); 0 or undefined: none. */
  workers?: number;
  /** One line per request (access-log.ts) in `format` to `write`; undefined: none. */
  accessLog?: { format: LogFormat; write: (line: string) => void };
}

/** A built server: the Fastify app and the state its routes share. */
export interface NadServer {
  readonly app: FastifyInstance;
  readonly ctx: ServeContext;
  /**
   * Reloads the model and the baseline (SIGHUP): both swapped in when both load, else both
   * kept; logged and counted.
   */
  reload(): Promise<void>;
}

/**
 * Builds the server (the model and baseline are loaded first: a ModelError, or an InputError for
 * the baseline, when they cannot be).
 */
export async function buildServer(options: ServeOptions): Promise<NadServer> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const given = Object.entries(options.limits ?? {}).filter(([, v]) => v !== undefined);
  const limits: ServeLimits = { ...DEFAULT_LIMITS, ...Object.fromEntries(given) };
  const models = new ModelHolder(await loadModel(options.modelPath, options.baselinePath));
  const metrics = new ServeMetrics();
  metrics.setModel(models.current);
  const output = new OutputBudget(OUTPUT_BUDGET_BYTES);
  const workers = options.workers ?? 0;
  const predictPool = workers > 0 ? new PredictPool(workers, log) : undefined;
  predictPool?.preload(models.current);
  const ctx: ServeContext = {
    ...{ models, metrics, threshold: options.threshold, limits, log },
    ...{ output, predictPool },
  };
  const app = Fastify({
    logger: false,
    bodyLimit: limits.bodyBytes,
    serverFactory: (handler) => httpServer(handler, limits),
    ajv: {
      customOptions: {
        coerceTypes: false,
        removeAdditional: false,
        allErrors: false,
        verbose: true,
      },
    },
    return503OnClosing: true,
    genReqId: requestIdMaker(),
  });
  if (predictPool !== undefined) app.addHook('onClose', () => predictPool.close());
  const openapi = new OpenApiCollector(app, options.version ?? '0');
  app.setErrorHandler(errorHandler(log));
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody(404, `no route ${request.method} ${request.url.split('?')[0]}`)),
  );
  // Before the guards: requests they turn away (401, 503) are logged too.
  if (options.accessLog !== undefined)
    addAccessLog(app, options.accessLog.format, options.accessLog.write);
  addGuards(app, ctx, options.token);
  await app.register(opsRoutes(ctx, openapi));
  await app.register(predictRoute(ctx));
  await app.register(scoreRoute(ctx));
  await app.register(scanRoute(ctx));
  const reload = async (): Promise<void> => {
    const before = models.current;
    try {
      const next = await models.reload();
      predictPool?.preload(next);
      metrics.setModel(next);
      metrics.reloads.inc({ result: 'ok' });
      log(`model reloaded: ${next.path} (id ${before.id} → ${next.id})`);
      if (next.baseline !== null)
        log(`baseline reloaded: ${next.baseline.path} (id ${before.baseline?.id} → ${next.baseline.id})`); // prettier-ignore
    } catch (err) {
      metrics.reloads.inc({ result: 'failed' });
      const kept = before.baseline === null ? '' : ` and baseline id ${before.baseline.id}`;
      log(
        `reload failed (model and baseline kept), model id ${before.id}${kept}: ${describe(err)}`,
      );
    }
  };
  return { app, ctx, reload };
}

/** An error's message, with the file it names (a reload's log line). */
function describe(err: unknown): string {
  const e = err as Error & { location?: { file?: string } };
  const file = e.location?.file;
  return file === undefined || e.message.includes(file) ? e.message : `${file}: ${e.message}`;
}

/** The Node server under Fastify, with the request timeouts of `limits`. */
function httpServer(handler: Parameters<typeof createServer>[1], limits: ServeLimits): Server {
  const requestTimeout = limits.requestTimeoutMs;
  return createServer(
    {
      requestTimeout,
      headersTimeout: Math.min(60_000, requestTimeout),
      // How often Node looks for requests past their timeouts.
      connectionsCheckingInterval: Math.min(1000, Math.max(50, requestTimeout / 4)),
      keepAliveTimeout: 5000,
    },
    handler,
  );
}
