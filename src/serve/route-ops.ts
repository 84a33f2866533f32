/**
 * The operations routes: GET /healthz (the process answers), GET /readyz (a model is loaded,
 * and which), GET /metrics (Prometheus text) and GET /openapi.json.
 */
import type { FastifyInstance } from 'fastify';
import type { RouteConfig, ServeContext } from './context.js';
import type { OpenApiCollector } from './openapi.js';
import { HEALTH_RESPONSE } from './schemas.js';

/** Registers the operations routes. */
export function opsRoutes(ctx: ServeContext, openapi: OpenApiCollector) {
  return async (app: FastifyInstance): Promise<void> => {
    const open: RouteConfig = { guard: 'open' };
    const token: RouteConfig = { guard: 'token' };
    app.get(
      '/healthz',
      {
        config: open,
        schema: { summary: 'Liveness: the process answers', response: { 200: HEALTH_RESPONSE } },
      },
      async () => ({ status: 'ok' }),
    );
    app.get(
      '/readyz',
      {
        config: open,
        schema: {
          summary:
            'Readiness: the model in use and the baseline (null without --baseline); id = sha256 prefix of the file',
          response: { 200: HEALTH_RESPONSE },
        },
      },
      async () => {
        const { id, path, loadedAt, baseline: b } = ctx.models.current;
        const baseline = b && {
          id: b.id,
          path: b.path,
          loadedAt: b.loadedAt,
          threshold: b.baseline.info.threshold.value,
        };
        return { status: 'ready', model: { id, path, loadedAt }, baseline };
      },
    );
    app.get(
      '/metrics',
      { config: token, schema: { summary: 'Prometheus metrics (text exposition format)' } },
      async (_request, reply) => {
        const text = await ctx.metrics.registry.metrics();
        return reply.type(ctx.metrics.registry.contentType).send(text);
      },
    );
    app.get(
      '/openapi.json',
      { config: token, schema: { summary: 'This API, as OpenAPI 3.0' } },
      async () => openapi.document(),
    );
  };
}
