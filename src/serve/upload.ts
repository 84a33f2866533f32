/**
 * A capture upload as a stream the reader takes (io/source.ts StreamInput): the raw request
 * body, or the first file part of a multipart/form-data body, counted as it goes — past the
 * upload limit reading fails with an InputLimitError (413), and the inflated bytes of a gzip
 * upload are capped too. Nothing is buffered beyond the chunk being read.
 */
import type { FastifyRequest } from 'fastify';
import { InputLimitError } from '../common/errors.js';
import type { StreamInput } from '../io/source.js';
import type { ServeContext } from './context.js';
import { HttpError } from './http-errors.js';

/** The name an upload goes by when neither `?name=` nor a multipart file name gives one. */
export const DEFAULT_UPLOAD_NAME = 'upload';

/** Opens the upload of `request`; 400 for a multipart body without a file, 413 when too large. */
export async function uploadInput(
  request: FastifyRequest,
  ctx: ServeContext,
  name: string | undefined,
): Promise<StreamInput> {
  const { uploadBytes, inflatedBytes } = ctx.limits;
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (declared > uploadBytes)
    throw new HttpError(413, `upload of ${declared} bytes is over the limit of ${uploadBytes}`);
  let stream: AsyncIterable<Uint8Array>;
  let fileName = name;
  if (request.isMultipart()) {
    // busboy stops a part at fileSize; our own count below says 413 first.
    const part = await request.file({ limits: { fileSize: uploadBytes + 1, files: 1 } });
    if (part === undefined) throw new HttpError(400, 'multipart body without a file part');
    stream = part.file;
    fileName ??= part.filename || undefined;
  } else {
    stream = request.raw;
  }
  const label = fileName ?? DEFAULT_UPLOAD_NAME;
  return {
    name: label,
    stream: counted(stream, uploadBytes, label, (n) =>
      ctx.metrics.bytes.inc({ route: '/v1/scan' }, n),
    ),
    maxBytes: inflatedBytes,
  };
}

async function* counted(
  stream: AsyncIterable<Uint8Array>,
  max: number,
  name: string,
  add: (n: number) => void,
): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of stream) {
    total += chunk.length;
    add(chunk.length);
    if (total > max)
      throw new InputLimitError(`upload is over the limit of ${max} bytes`, {
        location: { file: name },
        limit: max,
      });
    yield chunk;
  }
}
