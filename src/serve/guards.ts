/**
 * The hooks in front of every route: the bearer token (when NAD_TOKEN is set; the health routes
 * stay open), the concurrency limits (503 + Retry-After beyond them), and the request metrics.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RETRY_AFTER_SEC, type RouteConfig, type ServeContext } from './context.js';
import { HttpError } from './http-errors.js';

/** The route label of a request in the metrics. */
export function routeLabel(request: FastifyRequest): string {
  return request.routeOptions.url ?? 'unmatched';
}

/** True when `header` is `Bearer <token>`, compared in constant time. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (m === null) return false;
  const given = Buffer.from(m[1]!);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Adds the token check, the limits and the metrics hooks to `app`. */
export function addGuards(
  app: FastifyInstance,
  ctx: ServeContext,
  token: string | undefined,
): void {
  const busy = { requests: 0, scans: 0 };
  const { metrics } = ctx;
  app.addHook('onRequest', async (request, reply) => {
    const route = routeLabel(request);
    const guard = (request.routeOptions.config as Partial<RouteConfig>).guard ?? 'token';
    metrics.inFlight.inc({ route });
    reply.raw.once('close', () => metrics.inFlight.dec({ route }));
    if (guard === 'open' || route === 'unmatched') return;
    if (token !== undefined && !bearerMatches(request.headers.authorization, token))
      throw new HttpError(401, 'missing or wrong bearer token (Authorization: Bearer $NAD_TOKEN)', {
        'www-authenticate': 'Bearer realm="nad"',
      });
    if (guard === 'token') return;
    const limit = guard === 'scans' ? ctx.limits.scans : ctx.limits.requests;
    if (busy[guard] >= limit)
      throw new HttpError(
        503,
        `busy: ${busy[guard]} ${guard === 'scans' ? 'uploads are being scanned' : 'requests are being answered'}; retry later`,
        { 'retry-after': String(RETRY_AFTER_SEC) },
      );
    busy[guard]++;
    reply.raw.once('close', () => busy[guard]--);
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = routeLabel(request);
    metrics.requests.inc({ route, method: request.method, status: String(reply.statusCode) });
    metrics.latency.observe({ route }, reply.elapsedTime / 1000);
  });
}
