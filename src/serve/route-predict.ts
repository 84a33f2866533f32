/**
 * POST /predict — the original Flask service's API: JSON packet telemetry (an array, or NDJSON)
 * → one verdict per connection, with the features the telemetry could not supply.
 */
import type { FastifyInstance } from 'fastify';
import { predictResult, scoreTelemetry } from '../app/predict/predict.js';
import { NDJSON_TYPES, rawBody, useJsonParsers } from './body-parsers.js';
import { thresholdFor, type RouteConfig, type ServeContext } from './context.js';
import { sendError } from './http-errors.js';
import { ERROR_RESPONSES, PREDICT_RESPONSE, TELEMETRY_BODY } from './schemas.js';

/** Registers /predict (in its own plugin: its body parsers are its own). */
export function predictRoute(ctx: ServeContext) {
  return async (app: FastifyInstance): Promise<void> => {
    useJsonParsers(app, ctx.limits.bodyBytes);
    const config: RouteConfig = { guard: 'requests' };
    app.post(
      '/predict',
      {
        config,
        schema: {
          summary: 'Score JSON packet telemetry (the original service’s API)',
          description:
            'An array of telemetry records (application/json) or one record per line (application/x-ndjson). One record is one packet, in order; the verdicts are one per connection, in start order. `degraded` lists what the telemetry could not supply. With `nad serve --baseline`, each verdict also has novelty, novelty_why and the combined verdict, as `nad scan --baseline`.',
          body: {
            content: Object.fromEntries(
              ['application/json', ...NDJSON_TYPES].map((t) => [t, { schema: TELEMETRY_BODY }]),
            ),
          },
          response: { 200: PREDICT_RESPONSE, ...ERROR_RESPONSES },
        },
      },
      async (request, reply) => {
        const loaded = ctx.models.current;
        const records = request.body as Record<string, unknown>[];
        const raw = rawBody(request);
        ctx.metrics.bytes.inc({ route: '/predict' }, raw.length);
        const threshold = thresholdFor(ctx, loaded);
        const b = loaded.baseline;
        const scored = await (ctx.predictPool?.score(raw, loaded, threshold) ??
          scoreTelemetry(raw, loaded.model, threshold, {
            cache: loaded.cache,
            baseline: b?.baseline,
          }));
        const { error } = scored;
        if (error !== undefined) return sendError(reply, error, ctx.log);
        const result = predictResult(records, threshold, scored);
        ctx.metrics.rows.inc({ route: '/predict' }, result.verdicts.length);
        const baseline = b && { id: b.id, threshold: b.baseline.info.threshold.value };
        return { model: loaded.id, baseline, ...result };
      },
    );
  };
}
