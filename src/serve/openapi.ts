/**
 * GET /openapi.json, generated from the routes as they are registered: their summaries, query
 * and body schemas (by content type) and response schemas, so the document cannot drift from
 * what the server validates.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { RouteConfig } from './context.js';

declare module 'fastify' {
  interface FastifySchema {
    /** One line on what the route does (OpenAPI `summary`). */
    summary?: string;
    /** More on the route (OpenAPI `description`). */
    description?: string;
  }
}

/** An OpenAPI 3.0 document. */
export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, unknown> };

/** Collects the routes of `app` as they are added; `document()` builds the OpenAPI text. */
export class OpenApiCollector {
  private readonly paths: Record<string, Record<string, unknown>> = {};

  constructor(
    app: FastifyInstance,
    private readonly version: string,
  ) {
    app.addHook('onRoute', (route) => this.add(route));
  }

  /** The document for the routes added so far. */
  document(): OpenApiDocument {
    return {
      openapi: '3.0.3',
      info: {
        title: 'nad serve',
        version: this.version,
        description:
          'Offline network anomaly detection over HTTP: the original /predict telemetry API, KDD row scoring and capture uploads. Errors are JSON {statusCode, error, message}. When NAD_TOKEN is set, every route but /healthz and /readyz needs Authorization: Bearer <token>.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      },
      paths: this.paths,
    };
  }

  private add(route: RouteOptions): void {
    const methods = [route.method].flat().filter((m) => m !== 'HEAD');
    const schema = (route.schema ?? {}) as Record<string, unknown>;
    const config = (route.config ?? {}) as Partial<RouteConfig>;
    for (const method of methods) {
      const op: Record<string, unknown> = {
        summary: schema.summary,
        description: schema.description,
        responses: responses(schema.response as Record<string, unknown> | undefined),
      };
      if (config.guard !== 'open') op.security = [{ bearer: [] }];
      const query = schema.querystring as { properties?: Record<string, object> } | undefined;
      if (query?.properties !== undefined)
        op.parameters = Object.entries(query.properties).map(([name, s]) => ({
          name,
          in: 'query',
          required: false,
          schema: s,
        }));
      const body = requestBody(schema.body, config.openapiBody);
      if (body !== undefined) op.requestBody = body;
      (this.paths[route.url] ??= {})[method.toLowerCase()] = op;
    }
  }
}

function requestBody(
  body: unknown,
  override: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  if (override !== undefined) return override;
  if (body === undefined) return undefined;
  const content = (body as { content?: Record<string, unknown> }).content;
  return {
    required: true,
    content: content ?? { 'application/json': { schema: body } },
  };
}

function responses(response: Record<string, unknown> | undefined): Record<string, unknown> {
  if (response === undefined) return { 200: { description: 'OK' } };
  return Object.fromEntries(
    Object.entries(response).map(([status, s]) => {
      const { description, ...schema } = s as { description?: string };
      return [
        status,
        {
          description: description ?? 'OK',
          content: { 'application/json': { schema } },
        },
      ];
    }),
  );
}
