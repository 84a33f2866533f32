/**
 * The access log of `nad serve`: one line per request to the server log (stderr), written when
 * the response ends (or the client goes away), in a stable format:
 *
 * - text (logfmt): `2026-12-07T05:00:00.123Z access id=k3x9q2-7 ip=127.0.0.1 method=POST
 *   route=/predict status=200 ms=3.21 bytes=1834 url="/predict"` — `route` is the matched route
 *   (`unmatched` for a 404), `ms` the time from the request's arrival to the end of the answer,
 *   `bytes` the bytes of the answer on the wire (headers included), `url` the request target as
 *   sent (JSON-quoted, 200 characters at most); `aborted=true` is added when the client went away
 *   before the answer was complete.
 * - json: the same fields as one JSON object a line (`"type":"access"`, numbers as numbers,
 *   `aborted` always present).
 *
 * The request id is the client's `X-Request-Id` when it is a plain token (1–64 of
 * `A-Za-z0-9._:-`), else one made here (a per-process prefix and a counter); it is sent back in
 * the `X-Request-Id` response header so a client can quote it.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { routeLabel } from './guards.js';

/** How server log lines are written. */
export type LogFormat = 'text' | 'json';

const CLIENT_ID = /^[\w.:-]{1,64}$/;
/** Longest request target written (characters). */
const URL_CHARS = 200;

/** Fastify's genReqId: the client's X-Request-Id when it is a plain token, else a new id. */
export function requestIdMaker(): (req: IncomingMessage) => string {
  const prefix = randomBytes(4).toString('hex');
  let n = 0;
  return (req) => {
    const given = req.headers['x-request-id'];
    return typeof given === 'string' && CLIENT_ID.test(given) ? given : `${prefix}-${++n}`;
  };
}

/** Sends every request's id back, and logs each request in `format` with `log` once it ends. */
export function addAccessLog(
  app: FastifyInstance,
  format: LogFormat,
  log: (line: string) => void,
): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    const socket = request.raw.socket;
    const written = socket.bytesWritten;
    reply.raw.once('close', () => {
      const entry: AccessEntry = {
        id: request.id,
        ip: request.ip,
        method: request.method,
        route: routeLabel(request),
        status: reply.raw.statusCode,
        ms: Math.round(reply.elapsedTime * 100) / 100,
        bytes: socket.bytesWritten - written,
        url: request.url.slice(0, URL_CHARS),
        aborted: !reply.raw.writableFinished,
      };
      log(format === 'json' ? jsonLine(entry) : textLine(entry));
    });
  });
}

/** One access log entry. */
interface AccessEntry {
  id: string;
  ip: string;
  method: string;
  route: string;
  status: number;
  ms: number;
  bytes: number;
  url: string;
  aborted: boolean;
}

function textLine(e: AccessEntry): string {
  const line = `${new Date().toISOString()} access id=${e.id} ip=${e.ip} method=${e.method} route=${e.route} status=${e.status} ms=${e.ms.toFixed(2)} bytes=${e.bytes} url=${JSON.stringify(e.url)}`; // prettier-ignore
  return e.aborted ? `${line} aborted=true` : line;
}

function jsonLine(e: AccessEntry): string {
  return JSON.stringify({ time: new Date().toISOString(), type: 'access', ...e });
}

/** A server log line (not an access line) in `format`: json wraps it as `{"time","type":"server","message"}`. */
export function serverLine(format: LogFormat, message: string): string {
  return format === 'json'
    ? JSON.stringify({ time: new Date().toISOString(), type: 'server', message })
    : message;
}
