/**
 * The exit code of `nad scan` (DESIGN.md, "Errors and exit codes"), decided from what the scan
 * found, in one pure function: Ctrl-C wins, then bad input, then the --fail-on gate.
 */
import type { ScanRun } from '../app/scan/scan-run.js';
import { ExitCode } from '../common/errors.js';
import { total } from '../report/scan-table.js';

/** What the exit code depends on. */
export interface ScanOutcome {
  /** The scan was stopped by Ctrl-C before every input was read. */
  readonly interrupted: boolean;
  /** Inputs that could not be read or are not captures (each already reported). */
  readonly inputErrors: number;
  /** Inputs that were scanned (fully or up to a cut). */
  readonly filesScanned: number;
  /** Arguments that named nothing to read (an empty glob or directory). */
  readonly inputProblems: number;
  /** Connections scoring at or above --fail-on. */
  readonly failing: number;
}

/** The --fail-on gate: fail when at least `count` connections score at or above `score`. */
export interface FailOn {
  readonly score: number | undefined;
  readonly count: number;
}

/**
 * 130 when interrupted; 3 when an input was bad or no argument named a file; 1 when the
 * --fail-on gate is reached; 0 otherwise.
 */
export function scanExitCode(o: ScanOutcome, failOn: FailOn): number {
  if (o.interrupted) return ExitCode.interrupted;
  if (o.inputErrors > 0 || (o.filesScanned === 0 && o.inputProblems > 0)) return ExitCode.input;
  if (failOn.score !== undefined && o.failing >= failOn.count) return ExitCode.failOn;
  return ExitCode.ok;
}

/** The outcome of a finished scan, as scanExitCode reads it. */
export function scanOutcome(run: ScanRun): ScanOutcome {
  return {
    interrupted: run.interrupted,
    inputErrors: run.errors.length,
    filesScanned: run.files.length,
    inputProblems: run.problems.length,
    failing: total(run.files).failing,
  };
}
