/**
 * POST /v1/scan — a capture upload (pcap, pcapng, tshark JSON / EK, telemetry, gzip of any; raw
 * body or multipart) streamed through the reader of `nad scan`: the answer is the document of
 * `nad scan --format json` for that file, or (`?format=ndjson`) its rows as connections close.
 */
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import multipart from '@fastify/multipart';
import { scanFile } from '../app/scan/scan-file.js';
import { InputError, InputLimitError } from '../common/errors.js';
import type { StreamInput } from '../io/source.js';
import { scanDocument } from '../report/scan-output.js';
import type { ScanFileResult } from '../rows/scan-record.js';
import { thresholdFor, type RouteConfig, type ServeContext } from './context.js';
import { describeError, sendError } from './http-errors.js';
import type { LoadedModel } from './model-holder.js';
import { ERROR_RESPONSES, SCAN_QUERY } from './schemas.js';
import { uploadInput } from './upload.js';

interface ScanQuery {
  format?: 'json' | 'ndjson';
  all?: string;
  threshold?: string;
  name?: string;
}

/** Registers /v1/scan (in its own plugin: any Content-Type is an upload). */
export function scanRoute(ctx: ServeContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.removeAllContentTypeParsers();
    // The body is read by the handler, as a stream: no parser buffers it.
    app.addContentTypeParser('*', (_request, _payload, done) => done(null));
    await app.register(multipart);
    const config: RouteConfig = {
      guard: 'scans',
      openapiBody: {
        required: true,
        description:
          'A capture: pcap, pcapng, a tshark -T json / -T ek export or JSON telemetry, plain or gzip (detected by content), as the raw body (any Content-Type) or as the file part of multipart/form-data.',
        content: {
          'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
          'multipart/form-data': {
            schema: {
              type: 'object',
              properties: { file: { type: 'string', format: 'binary' } },
            },
          },
        },
      },
    };
    app.post(
      '/v1/scan',
      {
        config,
        schema: {
          summary: 'Scan an uploaded capture (the document of `nad scan --format json`)',
          description:
            'Streams the upload through the capture reader, connection table, features and model of `nad scan`. format=json answers the `nad scan --format json` document for the file; format=ndjson streams its rows as connections close (time order), and ends with an {"error": …} line if reading stopped on bad data after rows were sent.',
          querystring: SCAN_QUERY,
          response: ERROR_RESPONSES,
        },
      },
      async (request, reply) => {
        const q = request.query as ScanQuery;
        const loaded = ctx.models.current;
        const threshold =
          q.threshold === undefined ? thresholdFor(ctx, loaded) : Number(q.threshold);
        const all = q.all === 'true' || q.all === '1';
        const input = await uploadInput(request, ctx, q.name);
        if (q.format === 'ndjson') return streamRows(reply, ctx, loaded, input, threshold, all);
        const { result, error, omitted } = await scanFile(input, loaded.model, {
          threshold,
          all,
          failOn: undefined,
          collect: { sort: 'score', top: undefined },
          cache: loaded.cache,
          baseline: loaded.baseline?.baseline,
        });
        if (failed(result, error)) return sendError(reply, error, ctx.log);
        ctx.metrics.rows.inc({ route: '/v1/scan' }, result.connections);
        const doc = scanDocument({
          modelPath: loaded.path,
          files: [result],
          records: result.records,
          omitted,
          threshold,
          modelThreshold: loaded.modelThreshold,
        });
        return reply.type('application/json').send(JSON.stringify(doc, null, 2) + '\n');
      },
    );
  };
}

/** True when the scan's error is the answer: a limit hit, or nothing read at all. */
function failed(result: ScanFileResult, error: InputError | undefined): error is InputError {
  return error instanceof InputLimitError || (error !== undefined && result.packets === 0);
}

/** `?format=ndjson`: rows as they are scored; the status waits for the first row or the end. */
async function streamRows(
  reply: FastifyReply,
  ctx: ServeContext,
  loaded: LoadedModel,
  input: StreamInput,
  threshold: number,
  all: boolean,
): Promise<FastifyReply> {
  const out = new PassThrough();
  ctx.output.add(out);
  const stop = new AbortController();
  reply.raw.once('close', () => stop.abort());
  let started: () => void = () => undefined;
  const firstRow = new Promise<void>((resolve) => (started = resolve));
  const scan = scanFile(input, loaded.model, {
    threshold,
    all,
    failOn: undefined,
    // The model's memos, shared by concurrent uploads rather than one set per upload.
    cache: loaded.cache,
    baseline: loaded.baseline?.baseline,
    rowText: {
      format: 'ndjson',
      write: (chunk) => {
        out.write(Buffer.from(chunk));
        started();
        return true;
      },
    },
    hooks: {
      signal: stop.signal,
      outputReady: () => ctx.output.ready(out),
    },
  });
  const first = await Promise.race([firstRow.then(() => undefined), scan]);
  if (first !== undefined && failed(first.result, first.error))
    return sendError(reply, first.error, ctx.log);
  void scan.then(
    ({ result, error }) => {
      ctx.metrics.rows.inc({ route: '/v1/scan' }, result.connections);
      if (error !== undefined)
        out.write(`${JSON.stringify({ error: describeError(error, ctx.log) })}\n`);
      out.end();
    },
    (err: unknown) => {
      out.end(`${JSON.stringify({ error: describeError(err, ctx.log) })}\n`);
    },
  );
  return reply.type('application/x-ndjson').send(out);
}
