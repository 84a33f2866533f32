/**
 * HTTP/1.x columns of the extended set (docs/extended-features.md "HTTP"), from cleartext TCP on
 * any port: a connection is HTTP when the originator's first line is a request line
 * (`METHOD SP target SP HTTP/d.d`). Messages are delimited as RFC 9112 §6 says — bodies by
 * Content-Length or chunked coding are skipped without being scanned; a response body without
 * either ends the responder's side (read until close) — so pipelined and keep-alive requests
 * and responses are counted. Lines are bounded, header bytes read per direction are bounded,
 * nothing throws; a side that stops looking like HTTP is no longer read.
 */
import type { PayloadInspector } from '../flow/connection.js';

/** Longest start or header line read (longer ones are cut, which fails a start line). */
const MAX_LINE = 8192;
/** Header and chunk-size bytes read per direction (bodies skipped by length are free). */
const BUDGET = 1 << 20;
/** Requests remembered while their responses are awaited (pipelining). */
const MAX_PENDING = 256;

const REQUEST_LINE = /^([A-Z][A-Z-]{0,19}) (\S+) HTTP\/\d\.\d$/;
const STATUS_LINE = /^HTTP\/\d\.\d (\d{3})(?: |$)/;

/** Method codes: GET 1, POST 2, HEAD 3, any other 4 (0: no request). */
const METHOD_CODE: Readonly<Record<string, number>> = { GET: 1, POST: 2, HEAD: 3 };

/** Where a direction is: start line, headers, body by length, chunk size / data / trailers. */
const Mode = {
  start: 0,
  headers: 1,
  body: 2,
  chunkSize: 3,
  chunkData: 4,
  trailers: 5,
  off: 6,
} as const;

/** Per-direction parse state. */
class Side {
  mode: number = Mode.start;
  line = '';
  budget = BUDGET;
  /** Body or chunk bytes still to skip (chunk data includes its CRLF). */
  remaining = 0;
  contentLength = -1;
  chunked = false;
  /** The message has no body whatever its headers say (HEAD, 1xx, 204, 304). */
  noBody = false;
  /** Response: its status (1xx responses are interim). */
  status = 0;
}

/** The HTTP state of one TCP connection. */
export class HttpState implements PayloadInspector {
  /** First request's method code, first final response's status class, first target length. */
  method = 0;
  statusClass = 0;
  uriLen = -1;
  requests = 0;
  responses4xx = 0;
  /** Responses 401 and 407 (authentication required or refused). */
  responses401 = 0;
  private readonly sides = [new Side(), new Side()];
  /** Methods of requests awaiting their final response, oldest first. */
  private readonly pending: string[] = [];

  /** PayloadInspector: stream bytes [start, end) of one direction, in order. */
  onPayload(fromOrig: boolean, buf: Uint8Array, start: number, end: number): void {
    const s = this.sides[fromOrig ? 0 : 1]!;
    if (!fromOrig && this.requests === 0) s.mode = Mode.off; // HTTP starts with a request
    let i = start;
    while (i < end && s.mode !== Mode.off) {
      if (s.mode === Mode.body || s.mode === Mode.chunkData) {
        const n = Math.min(s.remaining, end - i);
        i += n;
        s.remaining -= n;
        if (s.remaining === 0) s.mode = s.mode === Mode.body ? Mode.start : Mode.chunkSize;
        continue;
      }
      if (s.budget-- <= 0) {
        s.mode = Mode.off;
        break;
      }
      const b = buf[i++]!;
      if (b === 10) {
        this.onLine(fromOrig, s, s.line.endsWith('\r') ? s.line.slice(0, -1) : s.line);
        s.line = '';
      } else if (s.line.length < MAX_LINE) s.line += String.fromCharCode(b);
    }
  }

  private onLine(fromOrig: boolean, s: Side, line: string): void {
    switch (s.mode) {
      case Mode.start:
        if (line === '') return; // a stray CRLF between messages
        if (fromOrig ? this.request(s, line) : this.response(s, line)) s.mode = Mode.headers;
        else s.mode = Mode.off;
        return;
      case Mode.headers:
        if (line === '') return this.endOfHeaders(fromOrig, s);
        return header(s, line);
      case Mode.chunkSize: {
        const size = parseInt(line.split(';', 1)[0]!.trim(), 16);
        if (!Number.isFinite(size) || size < 0) s.mode = Mode.off;
        else if (size === 0) s.mode = Mode.trailers;
        else {
          s.remaining = size + 2; // data and its CRLF
          s.mode = Mode.chunkData;
        }
        return;
      }
      case Mode.trailers:
        if (line === '') s.mode = Mode.start;
        return;
    }
  }

  /** A request line: counted, and its method remembered for the response. */
  private request(s: Side, line: string): boolean {
    const m = REQUEST_LINE.exec(line);
    if (m === null) return false;
    const method = m[1]!;
    if (this.requests === 0) {
      this.method = METHOD_CODE[method] ?? 4;
      this.uriLen = m[2]!.length;
    }
    this.requests++;
    if (this.pending.length < MAX_PENDING) this.pending.push(method);
    resetMessage(s);
    return true;
  }

  /** A status line: the first final status class, 4xx counted. */
  private response(s: Side, line: string): boolean {
    const m = STATUS_LINE.exec(line);
    if (m === null) return false;
    const status = Number(m[1]);
    resetMessage(s);
    s.status = status;
    if (status < 200) return true;
    if (this.statusClass === 0 && status < 600) this.statusClass = Math.floor(status / 100);
    if (status >= 400 && status < 500) this.responses4xx++;
    if (status === 401 || status === 407) this.responses401++;
    return true;
  }

  /** The blank line after the headers: the body's framing decides the next mode. */
  private endOfHeaders(fromOrig: boolean, s: Side): void {
    if (!fromOrig) {
      const interim = s.status < 200;
      const method = interim ? this.pending[0] : this.pending.shift();
      if (interim || method === 'HEAD' || s.status === 204 || s.status === 304) s.noBody = true;
    }
    if (s.noBody) s.mode = Mode.start;
    else if (s.chunked) s.mode = Mode.chunkSize;
    else if (s.contentLength > 0) {
      s.remaining = s.contentLength;
      s.mode = Mode.body;
    } else if (s.contentLength === 0 || fromOrig) s.mode = Mode.start;
    else s.mode = Mode.off; // a response read until the connection closes
  }
}

/** Clears the per-message fields of a side at a start line. */
function resetMessage(s: Side): void {
  s.contentLength = -1;
  s.chunked = false;
  s.noBody = false;
  s.status = 0;
}

/** Content-Length and Transfer-Encoding: chunked (other headers are ignored). */
function header(s: Side, line: string): void {
  const colon = line.indexOf(':');
  if (colon <= 0) return;
  const name = line.slice(0, colon).trim().toLowerCase();
  const value = line.slice(colon + 1).trim();
  if (name === 'content-length') {
    const n = /^\d{1,15}$/.test(value) ? Number(value) : -1;
    if (n >= 0) s.contentLength = n;
  } else if (name === 'transfer-encoding') s.chunked = /chunked\s*$/i.test(value);
}
