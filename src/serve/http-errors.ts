/**
 * Errors as HTTP answers: every failure is a JSON body `{statusCode, error, message}` with the
 * status of its kind — never a stack trace. Bad input (nad's InputError, a schema mismatch,
 * malformed JSON) is 400 naming what is wrong; a body over its limit 413; an unsupported
 * Content-Type 415; anything unexpected 500 "internal error", its stack written to the log only.
 */
import { STATUS_CODES } from 'node:http';
import type {
  FastifyError,
  FastifyReply,
  FastifyRequest,
  FastifySchemaValidationError,
} from 'fastify';
import { InputError, InputLimitError, ModelError } from '../common/errors.js';
import { excerpt, sanitizeLine } from '../common/sanitize.js';

/** An error that already knows its status and message (and extra headers). */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The JSON body of an error answer. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

/** The body for `status` with `message`. */
export function errorBody(statusCode: number, message: string): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message: sanitizeLine(message) };
}

/** Status and message of any error thrown while answering; `log` receives unexpected ones. */
export function describeError(
  err: unknown,
  log: (text: string) => void,
  contentType?: string,
): ErrorBody {
  if (err instanceof HttpError) return errorBody(err.statusCode, err.message);
  if (err instanceof InputLimitError) return errorBody(413, err.describe());
  if (err instanceof InputError) return errorBody(400, err.describe());
  if (err instanceof ModelError) {
    log(`model error: ${err.describe()}`);
    return errorBody(500, `model problem: ${err.describe()}`);
  }
  const e = err as FastifyError;
  if (e.validation !== undefined) return errorBody(400, validationMessage(e));
  if (typeof e.code === 'string' && e.code.startsWith('FST_')) return fastifyError(e, contentType);
  if (e instanceof SyntaxError) return errorBody(400, `malformed JSON: ${e.message}`);
  log(`internal error: ${e.stack ?? String(e)}`);
  return errorBody(500, 'internal error (logged by the server)');
}

/** Fastify's own errors (body too large, bad media type, bad JSON, …). */
function fastifyError(e: FastifyError, contentType: string | undefined): ErrorBody {
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return errorBody(413, 'request body is larger than this route accepts');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return errorBody(
        415,
        `Content-Type ${excerpt(contentType ?? '(none)')} is not accepted here (see /openapi.json)`,
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return errorBody(400, 'empty body: send a JSON array');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return errorBody(400, `malformed JSON: ${e.message}`);
    default: {
      const status = e.statusCode !== undefined && e.statusCode >= 400 ? e.statusCode : 500;
      return errorBody(status, e.message);
    }
  }
}

/**
 * A schema mismatch as one line naming the field: `record 2: src_port must be integer or
 * string`, `query: threshold must be <= 1`. Array positions are records, counted from 1.
 */
export function validationMessage(e: FastifyError): string {
  const issues = e.validation!;
  const first = issues[0]!;
  const part = e.validationContext === 'querystring' ? 'query' : (e.validationContext ?? 'body');
  const types = issues
    .filter((v) => v.instancePath === first.instancePath && v.keyword === 'type')
    .map((v) => String((v.params as { type?: unknown }).type));
  return `${part === 'body' ? '' : `${part}: `}${describeIssue(first, types)}`;
}

function describeIssue(v: FastifySchemaValidationError, types: string[]): string {
  const where: string[] = [];
  const field: string[] = [];
  for (const p of v.instancePath.split('/').filter((s) => s !== '')) {
    if (/^\d+$/.test(p) && field.length === 0) where.push(`record ${Number(p) + 1}`);
    else field.push(p);
  }
  const name = field.join('.') || 'value';
  const params = v.params as Record<string, unknown>;
  let text: string;
  if (v.keyword === 'required') text = `missing ${String(params.missingProperty)}`;
  else if (v.keyword === 'type')
    text = `${name} has the wrong type: expected ${types.join(' or ')}`;
  else if (v.keyword === 'additionalProperties')
    text = `unknown parameter ${String(params.additionalProperty)}`;
  else if (v.keyword === 'pattern') {
    // ajv's `verbose` adds the value and the schema it failed.
    const { parentSchema, data } = v as { parentSchema?: { description?: string }; data?: unknown };
    const about = parentSchema?.description;
    text = `${name} ${excerpt(data)} is not valid${about === undefined ? '' : `: ${about}`}`;
  } else text = `${name} ${v.message ?? 'is invalid'}`;
  return [...where, text].join(': ');
}

/** Sends `err` as a JSON error answer (with Retry-After etc. for HttpErrors). */
export function sendError(
  reply: FastifyReply,
  err: unknown,
  log: (text: string) => void,
): FastifyReply {
  const body = describeError(err, log, reply.request.headers['content-type']);
  if (err instanceof HttpError) reply.headers(err.headers);
  if (body.statusCode === 413) reply.header('connection', 'close');
  return reply.code(body.statusCode).type('application/json').send(body);
}

/** The error handler of the whole server. */
export function errorHandler(log: (text: string) => void) {
  return (err: unknown, _request: FastifyRequest, reply: FastifyReply): FastifyReply =>
    sendError(reply, err, log);
}
