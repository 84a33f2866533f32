/**
 * Drives a capture parser over a stream of byte chunks: sniffs the format on the first bytes,
 * pushes every chunk, and turns a stream cut short into a warning so that every complete record
 * before the cut is kept.
 */
import { InputError, TruncatedInputError } from '../common/errors.js';
import { createParser, type ReadOptions } from './detect.js';
import {
  emptyCaptureInfo,
  type CaptureInfo,
  type CaptureParser,
  type CaptureWarning,
  type PacketSink,
} from './types.js';

/** What reading one capture produced. */
export interface ReadResult {
  info: CaptureInfo;
  warnings: CaptureWarning[];
  /** Set when reading stopped on bad data; everything before it was delivered. */
  error: InputError | undefined;
}

/** Reads every packet of `chunks` into `sink`. Never throws for bad data: see `error`. */
export async function readCapture(
  chunks: AsyncIterable<Uint8Array>,
  sink: PacketSink,
  fileName: string,
  options: ReadOptions = {},
): Promise<ReadResult> {
  let parser: CaptureParser | undefined;
  let pending: Uint8Array = new Uint8Array(0);
  let offset = 0;
  try {
    for await (const chunk of chunks) {
      offset += chunk.length;
      if (parser === undefined) {
        pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
        parser = createParser(pending, sink, fileName, false, options);
        if (parser === undefined) continue; // JSON whose flavour the first bytes do not tell yet
        parser.push(pending);
        pending = new Uint8Array(0);
      } else {
        parser.push(chunk);
      }
    }
    if (parser === undefined) {
      parser = createParser(pending, sink, fileName, true, options)!;
      parser.push(pending);
    }
    parser.end();
    return { info: parser.info, warnings: parser.warnings, error: undefined };
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    if (err instanceof TruncatedInputError && parser !== undefined) {
      // A cut-off gzip stream: finish what the parser holds, then note the cut.
      try {
        parser.end();
      } catch (endErr) {
        if (!(endErr instanceof InputError)) throw endErr;
        return { info: parser.info, warnings: parser.warnings, error: endErr };
      }
      parser.warnings.push({ byteOffset: offset, message: err.message });
      return { info: parser.info, warnings: parser.warnings, error: undefined };
    }
    return {
      info: parser?.info ?? emptyCaptureInfo('unknown'),
      warnings: parser?.warnings ?? [],
      error: err,
    };
  }
}
