/**
 * The `nad serve` HTTP server: a Fastify instance with the routes, guards, error handler and
 * metrics, on a Node http server whose timeouts end slow clients (408). Binds to loopback
 * unless told otherwise. Errors never carry stack traces to clients.
 */
import { createServer, type Server } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { DEFAULT_LIMITS, type ServeContext, type ServeLimits } from './context.js';
import { addGuards } from './guards.js';
import { errorBody, errorHandler } from './http-errors.js';
import { ServeMetrics } from './metrics.js';
import { ModelHolder, loadModel } from './model-holder.js';
import { OpenApiCollector } from './openapi.js';
import { opsRoutes } from './route-ops.js';
import { predictRoute } from './route-predict.js';
import { scanRoute } from './route-scan.js';
import { scoreRoute } from './route-score.js';

/** How to build a server. */
export interface ServeOptions {
  /** The model file. */
  modelPath: string;
  /** Anomaly threshold; undefined: the model's own (else 0.5). */
  threshold: number | undefined;
  limits?: Partial<ServeLimits>;
  /** When set, every route but /healthz and /readyz needs `Authorization: Bearer <token>`. */
  token?: string;
  /** The API version shown in /openapi.json. */
  version?: string;
  /** A line for the server log (default: stderr). */
  log?: (line: string) => void;
}

/** A built server: the Fastify app and the state its routes share. */
export interface NadServer {
  readonly app: FastifyInstance;
  readonly ctx: ServeContext;
  /** Reloads the model (SIGHUP): swapped in when it loads, else kept; logged and counted. */
  reload(): Promise<void>;
}

/** Builds the server (the model is loaded first: a ModelError when it cannot be). */
export async function buildServer(options: ServeOptions): Promise<NadServer> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const given = Object.entries(options.limits ?? {}).filter(([, v]) => v !== undefined);
  const limits: ServeLimits = { ...DEFAULT_LIMITS, ...Object.fromEntries(given) };
  const models = new ModelHolder(await loadModel(options.modelPath));
  const metrics = new ServeMetrics();
  metrics.setModel(models.current.id, models.current.path);
  const ctx: ServeContext = { models, metrics, threshold: options.threshold, limits, log };
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
  });
  const openapi = new OpenApiCollector(app, options.version ?? '0');
  app.setErrorHandler(errorHandler(log));
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody(404, `no route ${request.method} ${request.url.split('?')[0]}`)),
  );
  addGuards(app, ctx, options.token);
  await app.register(opsRoutes(ctx, openapi));
  await app.register(predictRoute(ctx));
  await app.register(scoreRoute(ctx));
  await app.register(scanRoute(ctx));
  const reload = async (): Promise<void> => {
    const before = models.current.id;
    try {
      const next = await models.reload();
      metrics.setModel(next.id, next.path);
      metrics.reloads.inc({ result: 'ok' });
      log(`model reloaded: ${next.path} (id ${before} → ${next.id})`);
    } catch (err) {
      metrics.reloads.inc({ result: 'failed' });
      log(`model reload failed, keeping id ${before}: ${(err as Error).message}`);
    }
  };
  return { app, ctx, reload };
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
