/**
 * Body parsers of the JSON routes: a JSON array, or NDJSON (one JSON value per line) read into
 * an array, so both forms meet the same schema. The bytes as received are kept beside the
 * parsed value (`rawBody`): /predict hands them to the telemetry reader unchanged.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from './http-errors.js';

/** Content types of newline-delimited JSON. */
export const NDJSON_TYPES = ['application/x-ndjson', 'application/jsonl', 'application/ndjson'];

const RAW = new WeakMap<FastifyRequest, Buffer>();

/** The body bytes of a request parsed by these parsers. */
export function rawBody(request: FastifyRequest): Buffer {
  const raw = RAW.get(request);
  if (raw === undefined) throw new Error('rawBody: the request body was not parsed here');
  return raw;
}

/** Parses a whole JSON document; malformed JSON or an empty body is 400. */
export function parseJson(body: Buffer): unknown {
  if (body.toString('latin1').trim() === '') throw new HttpError(400, 'empty body');
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new HttpError(400, `malformed JSON: ${(err as Error).message}`);
  }
}

/** Parses NDJSON (blank lines skipped) into an array; a bad line is 400 naming it. */
export function parseNdjson(body: Buffer): unknown[] {
  const lines = body.toString('utf8').split('\n');
  const out: unknown[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      out.push(JSON.parse(line));
    } catch (err) {
      throw new HttpError(400, `line ${i + 1}: malformed JSON: ${(err as Error).message}`);
    }
  });
  if (out.length === 0) throw new HttpError(400, 'empty body');
  return out;
}

/**
 * Replaces the parsers of `app` (one route's plugin) by JSON and NDJSON parsers that keep the
 * raw bytes, with `bodyLimit` bytes at most (413 beyond).
 */
export function useJsonParsers(app: FastifyInstance, bodyLimit: number): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit },
    async (request: FastifyRequest, body: Buffer) => {
      RAW.set(request, body);
      return parseJson(body);
    },
  );
  app.addContentTypeParser(
    NDJSON_TYPES,
    { parseAs: 'buffer', bodyLimit },
    async (request: FastifyRequest, body: Buffer) => {
      RAW.set(request, body);
      return parseNdjson(body);
    },
  );
}
