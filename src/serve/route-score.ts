/**
 * POST /v1/score — rows of the 41 KDD features → scores: a JSON array of objects keyed by
 * feature name, or kddcup.data lines (text/plain: 41 features and a label, as `nad features`
 * writes them; the label is not used).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { scoreLines, scoreObjects } from '../app/score/score-rows.js';
import { rawBody, useJsonParsers } from './body-parsers.js';
import { thresholdFor, type RouteConfig, type ServeContext } from './context.js';
import { HttpError, sendError } from './http-errors.js';
import { ERROR_RESPONSES, KDD_BODY, SCORE_RESPONSE, TEXT_BODY } from './schemas.js';

/** Content types of kddcup lines. */
const TEXT_TYPES = ['text/plain', 'text/csv'];

/** Registers /v1/score (in its own plugin). */
export function scoreRoute(ctx: ServeContext) {
  return async (app: FastifyInstance): Promise<void> => {
    useJsonParsers(app, ctx.limits.bodyBytes);
    app.addContentTypeParser(
      TEXT_TYPES,
      { parseAs: 'buffer', bodyLimit: ctx.limits.bodyBytes },
      async (_request: FastifyRequest, body: Buffer) => body,
    );
    const config: RouteConfig = { guard: 'requests' };
    app.post(
      '/v1/score',
      {
        config,
        schema: {
          summary: 'Score rows of the 41 KDD Cup 1999 features',
          description:
            'application/json: an array of objects with the 41 features by KDD name (numbers; protocol_type, service and flag as strings), plus the extended columns when the model reads the extended set (the rows of `nad features --set extended --format ndjson`). text/plain: kddcup.data lines (41 features and a label, which is not used; models over the KDD set only). The scores are in input order.',
          body: {
            content: {
              'application/json': { schema: KDD_BODY },
              ...Object.fromEntries(TEXT_TYPES.map((t) => [t, { schema: TEXT_BODY }])),
            },
          },
          response: { 200: SCORE_RESPONSE, ...ERROR_RESPONSES },
        },
      },
      async (request, reply) => {
        const loaded = ctx.models.current;
        const threshold = thresholdFor(ctx, loaded);
        const route = { route: '/v1/score' };
        if (Buffer.isBuffer(request.body)) {
          const text = request.body;
          ctx.metrics.bytes.inc(route, text.length);
          if (text.toString('latin1').trim() === '')
            return sendError(reply, new HttpError(400, 'empty body'), ctx.log);
          const { scores, error } = await scoreLines(
            { name: 'body', stream: once(text) },
            loaded.model,
            threshold,
          );
          if (error !== undefined) return sendError(reply, error, ctx.log);
          ctx.metrics.rows.inc(route, scores.length);
          return { model: loaded.id, threshold, scores };
        }
        const rows = request.body as Record<string, unknown>[];
        ctx.metrics.bytes.inc(route, rawBody(request).length);
        const scores = scoreObjects(rows, loaded.model, threshold);
        ctx.metrics.rows.inc(route, scores.length);
        return { model: loaded.id, threshold, scores };
      },
    );
  };
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}
