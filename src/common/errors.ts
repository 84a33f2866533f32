/**
 * Error classes and the exit codes of DESIGN.md ("Errors and exit codes").
 * Every error a user can cause is one of these; anything else is a bug (exit 70).
 */

import { sanitizeLine } from './sanitize.js';

/** Exit codes, one place. */
export const ExitCode = {
  ok: 0,
  failOn: 1,
  usage: 2,
  input: 3,
  model: 4,
  /** A service nad needs (the work queue's Redis) cannot be reached in time (sysexits EX_UNAVAILABLE). */
  unavailable: 69,
  internal: 70,
  interrupted: 130,
} as const;

/** Where in an input a problem was found. */
export interface ErrorLocation {
  file?: string;
  byteOffset?: number;
  line?: number;
  column?: number;
  recordIndex?: number;
}

/** Base of the expected errors: a one-line message, a hint, an exit code. */
export class NadError extends Error {
  readonly exitCode: number = ExitCode.internal;
  readonly hint: string | undefined;
  readonly location: ErrorLocation;

  constructor(
    message: string,
    options: { hint?: string; location?: ErrorLocation; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
    this.location = options.location ?? {};
  }

  /**
   * Message prefixed with the location, e.g. `a.pcap: byte 24: …`, on one line and stripped of
   * terminal control characters: file names and quoted input come from untrusted data.
   */
  describe(): string {
    return sanitizeLine(formatLocation(this.location) + this.message);
  }
}

/** Bad input data: a capture, a JSON export, a KDD file (exit 3). */
export class InputError extends NadError {
  override readonly exitCode: number = ExitCode.input;
}

/** Input cut short (a compressed stream ended before its end marker): what came before is good. */
export class TruncatedInputError extends InputError {}

/**
 * Input larger than a limit set by its reader (an upload over the body limit, a gzip stream that
 * inflates past its cap): what came before is good, but the rest was refused.
 */
export class InputLimitError extends InputError {
  /** The limit, in bytes. */
  readonly limit: number;

  constructor(
    message: string,
    options: { limit: number; hint?: string; location?: ErrorLocation; cause?: unknown },
  ) {
    super(message, options);
    this.limit = options.limit;
  }
}

/** A model file that is unreadable, of a wrong version or schema (exit 4). */
export class ModelError extends NadError {
  override readonly exitCode: number = ExitCode.model;
}

/** A service nad needs — the Redis of `nad queue` / `nad worker` — cannot be reached (exit 69). */
export class UnavailableError extends NadError {
  override readonly exitCode: number = ExitCode.unavailable;
}

/** A usage mistake that oclif's own parser does not catch (exit 2). */
export class UsageError extends NadError {
  override readonly exitCode: number = ExitCode.usage;
}

/** `file: byte N: ` / `file: line L, column C: ` prefix for messages. */
export function formatLocation(loc: ErrorLocation): string {
  const parts: string[] = [];
  if (loc.file !== undefined) parts.push(loc.file);
  if (loc.line !== undefined) {
    parts.push(
      loc.column !== undefined ? `line ${loc.line}, column ${loc.column}` : `line ${loc.line}`,
    );
  }
  if (loc.recordIndex !== undefined) parts.push(`record ${loc.recordIndex}`);
  if (loc.byteOffset !== undefined) parts.push(`byte ${loc.byteOffset}`);
  return parts.length > 0 ? parts.join(': ') + ': ' : '';
}
