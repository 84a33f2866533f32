import { availableParallelism } from 'node:os';
import { Args, Flags } from '@oclif/core';
import { runScan, type ScanRun } from '../src/app/scan-run.js';
import type { ScanFileResult, ScanRecord } from '../src/app/scan.js';
import { summarizeCapture, type CaptureSummary } from '../src/app/summarize.js';
import { BaseCommand } from '../src/cli/base-command.js';
import { stdoutReady } from '../src/cli/stdout-ready.js';
import { ExitCode, UsageError, type InputError } from '../src/errors.js';
import { renderSummary } from '../src/report/summary.js';
import { LineBuffer } from '../src/io/line-buffer.js';
import { scanCsvHeader, scanCsvLine, scanJsonLine } from '../src/report/scan-rows.js';
import { ProgressLine } from '../src/report/scan-progress.js';
import { renderScanSummary, renderScanTable, total } from '../src/report/scan-table.js';

/** Default anomaly threshold: more likely an attack than normal traffic. */
const DEFAULT_THRESHOLD = 0.5;
/** Rows the table shows by default (other formats show every anomaly). */
const DEFAULT_TABLE_ROWS = 30;

/** `nad scan FILE…` — per-connection anomaly scores for captures. */
export default class Scan extends BaseCommand {
  static override summary = 'Scan captures for anomalous connections.';
  static override description = [
    'Reads captures (pcap, pcapng, tshark -T json / -T ek exports, JSON packet telemetry, and gzip of any of them — detected by content, never by file name; files, directories, globs, - for stdin), groups packets into connections, computes their KDD Cup 1999 features and scores each with the model: score = probability that the connection is an attack.',
    '',
    `The default output is a table of the anomalous connections (score ≥ --threshold, default ${DEFAULT_THRESHOLD}), most suspicious first, then a summary per file. --format json|ndjson|csv writes machine-readable rows with all 41 features. --fail-on makes the exit code 1 when a connection scores at or above it, for CI.`,
    '',
    'A file cut short is read up to the cut (warning, exit 0). A file that is not a capture, or cannot be read, is exit 3 — after the other files. A bad model file is exit 4.',
  ].join('\n');
  static override examples = [
    {
      description: 'Anomalies in a bundled capture',
      command: '<%= config.bin %> <%= command.id %> fixtures/pcaps/attack/synscan_2011pkts.pcapng',
    },
    {
      description: 'Every connection, in time order',
      command:
        '<%= config.bin %> <%= command.id %> --all --sort time fixtures/pcaps/benign/http_browse.pcap',
    },
    {
      description: 'CI gate over a directory',
      command: '<%= config.bin %> <%= command.id %> captures/ --fail-on 0.9 --format ndjson',
    },
    {
      description: 'At least 10 findings fail the build',
      command:
        '<%= config.bin %> <%= command.id %> "captures/**/*.pcapng" --fail-on 0.8 --fail-on-count 10',
    },
    {
      description: 'From tcpdump on stdin',
      command: 'tcpdump -w - -c 1000 | <%= config.bin %> <%= command.id %> -',
    },
    {
      description: 'The capinfos-like summary of the readers',
      command: '<%= config.bin %> <%= command.id %> --summary fixtures/pcaps/attack/teardrop.pcap',
    },
  ];
  static override strict = false;
  static override enableJsonFlag = true;
  static override args = {
    file: Args.string({
      description: 'Capture files, directories (recursive), glob patterns, or - for stdin.',
      required: true,
    }),
  };
  static override flags = {
    model: Flags.string({
      char: 'm',
      description:
        'Model file made by `nad train` (default: the shipped models/scan-default.nadm).',
    }),
    threshold: Flags.string({
      char: 't',
      description: `Score from which a connection is an anomaly, 0–1 (default ${DEFAULT_THRESHOLD}).`,
    }),
    all: Flags.boolean({ char: 'a', description: 'Report every connection, not only anomalies.' }),
    top: Flags.integer({
      char: 'n',
      description: `Report only the N highest-ranked connections (table default: ${DEFAULT_TABLE_ROWS}).`,
      min: 1,
    }),
    sort: Flags.string({
      description:
        'Order of the rows: score (most suspicious first; default for table and json) or time (start time; default for ndjson and csv, which then stream file by file).',
      options: ['score', 'time'],
    }),
    format: Flags.string({
      char: 'f',
      description: 'Output: table, json (one document), ndjson or csv (one row per connection).',
      options: ['table', 'json', 'ndjson', 'csv'],
      default: 'table',
    }),
    'fail-on': Flags.string({
      description: 'Exit 1 when a connection scores at or above this (0–1).',
    }),
    'fail-on-count': Flags.integer({
      description: 'With --fail-on: exit 1 only when at least N connections reach it.',
      min: 1,
      default: 1,
    }),
    summary: Flags.boolean({
      description: 'Print the capinfos-like summary of each capture instead of scanning.',
    }),
    jobs: Flags.integer({
      char: 'j',
      description:
        'Files scanned at once, on worker threads (default: the number of CPU cores). The output is the same for any value.',
      min: 1,
      default: availableParallelism(),
    }),
    'skip-bad-records': Flags.boolean({
      description:
        'JSON telemetry: skip records with a missing key or a bad value (counted in the summary) instead of stopping with exit 3.',
    }),
  };

  async run(): Promise<unknown> {
    const { argv, flags } = await this.parse(Scan);
    const files = argv as string[];
    if (flags.summary) return this.summaries(files, flags['skip-bad-records']);
    const threshold = probability('--threshold', flags.threshold) ?? DEFAULT_THRESHOLD;
    const failOn = probability('--fail-on', flags['fail-on']);
    const { format, sort, stream } = outputMode(
      this.jsonEnabled() ? 'json' : flags.format,
      flags.sort,
      flags.top,
    );
    const out = new LineBuffer((chunk) => {
      process.stdout.write(chunk);
      return process.stdout.writableLength === 0; // written at once: the chunk may be reused
    });
    if (format === 'csv') out.line(scanCsvHeader());
    const progress =
      process.stderr.isTTY && !this.quiet ? new ProgressLine(process.stderr) : undefined;
    const run = await this.withInterrupt((signal) =>
      runScan(files, {
        modelPath: flags.model,
        threshold,
        all: flags.all,
        failOn,
        features: { skipBadRecords: flags['skip-bad-records'] },
        sort,
        top: flags.top ?? (format === 'table' ? DEFAULT_TABLE_ROWS : undefined),
        jobs: flags.jobs,
        signal,
        outputReady: () => stdoutReady(signal),
        rowText: stream
          ? { format: format === 'csv' ? 'csv' : 'ndjson', write: (chunk) => out.lines(chunk) }
          : undefined,
        onFile: (f) => {
          progress?.clear();
          f.warnings.forEach((w) => this.warnLine(`${f.file}: ${w}`));
        },
        onProgress: progress && ((p) => progress.update(p)),
      }).finally(() => {
        out.flush();
        progress?.clear();
      }),
    );
    for (const p of run.problems) this.warnLine(`${p.input}: ${p.reason}`);
    for (const e of run.errors) this.errorLine(e);
    const doc = this.render(run, format, stream ? undefined : out, threshold);
    this.setExitCode(run, failOn, flags['fail-on-count']);
    return doc;
  }

  /**
   * Runs `scan` with a signal that the first Ctrl-C (SIGINT) aborts: reading stops, what was
   * done is reported, and the exit code is 130. A second Ctrl-C exits at once.
   */
  private async withInterrupt<T>(scan: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const onSigint = (): void => {
      if (controller.signal.aborted) process.exit(ExitCode.interrupted);
      controller.abort();
    };
    process.on('SIGINT', onSigint);
    try {
      return await scan(controller.signal);
    } finally {
      process.off('SIGINT', onSigint);
    }
  }

  /** Prints the result; `rows` receives the NDJSON/CSV rows when they were not streamed. */
  private render(
    run: ScanRun,
    format: string,
    rows: LineBuffer | undefined,
    threshold: number,
  ): unknown {
    const doc = {
      model: run.modelPath,
      threshold,
      files: run.files.map(withoutRecords),
      total: withoutRecords(total(run.files)),
      records: run.records,
      omitted: run.omitted,
    };
    if (format === 'json') {
      if (!this.jsonEnabled()) this.log(JSON.stringify(doc, null, 2));
      return doc;
    }
    if (format === 'table') {
      // Every input failed before a packet: the errors say so, not an empty table and summary.
      if (run.files.every((f) => f.error !== null && f.packets === 0)) return doc;
      this.log(
        run.records.length > 0
          ? renderScanTable(run.records, run.files.length > 1)
          : 'No anomalous connections.',
      );
      if (run.omitted > 0)
        this.log(`… ${run.omitted} more (use --top N, or --format ndjson for all)`);
      this.log(renderScanSummary(run.files, threshold));
      return doc;
    }
    if (rows !== undefined) {
      for (const r of run.records) rows.line(rowLine(format, r));
      rows.flush();
    }
    if (!this.quiet) process.stderr.write(`${renderScanSummary(run.files, threshold)}\n`);
    return doc;
  }

  private setExitCode(run: ScanRun, failOn: number | undefined, failOnCount: number): void {
    if (run.interrupted) {
      this.warnLine('interrupted: the results above cover only what was read before Ctrl-C');
      process.exitCode = ExitCode.interrupted;
    } else if (run.errors.length > 0 || (run.files.length === 0 && run.problems.length > 0))
      process.exitCode = ExitCode.input;
    else if (failOn !== undefined && total(run.files).failing >= failOnCount)
      process.exitCode = ExitCode.failOn;
  }

  private async summaries(
    files: string[],
    skipBadRecords: boolean,
  ): Promise<{ files: CaptureSummary[] }> {
    const summaries: CaptureSummary[] = [];
    let failed: InputError | undefined;
    for (const file of files) {
      try {
        const { summary, error } = await summarizeCapture(file, { skipBadRecords });
        summaries.push(summary);
        if (!this.jsonEnabled())
          this.log((summaries.length > 1 ? '\n' : '') + renderSummary(summary));
        for (const w of summary.warnings) this.warnLine(`${summary.file}: ${w}`);
        if (error !== undefined) {
          this.errorLine(error);
          failed = error;
        }
      } catch (err) {
        if (!(err as InputError).exitCode) throw err;
        this.errorLine(err as InputError);
        failed = err as InputError;
      }
    }
    // Bad inputs do not stop the batch; the exit code says one was bad.
    if (failed !== undefined) process.exitCode = ExitCode.input;
    return { files: summaries };
  }
}

/**
 * Output format and order, and whether rows stream as files are scanned: NDJSON and CSV
 * default to time order, so that they stream (memory stays bounded).
 */
function outputMode(
  formatFlag: string,
  sortFlag: string | undefined,
  top: number | undefined,
): { format: 'table' | 'json' | 'ndjson' | 'csv'; sort: 'score' | 'time'; stream: boolean } {
  const format = formatFlag as 'table' | 'json' | 'ndjson' | 'csv';
  const rowFormat = format === 'ndjson' || format === 'csv';
  const sort = (sortFlag ?? (rowFormat ? 'time' : 'score')) as 'score' | 'time';
  return { format, sort, stream: rowFormat && sort === 'time' && top === undefined };
}

/** One NDJSON or CSV row. */
function rowLine(format: string, r: ScanRecord): string {
  return format === 'csv' ? scanCsvLine(r) : scanJsonLine(r);
}

function withoutRecords(f: ScanFileResult): Omit<ScanFileResult, 'records'> {
  const { records: _records, ...rest } = f;
  return rest;
}

/** Parses a 0–1 flag value; UsageError (exit 2) otherwise. */
function probability(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const p = Number(value);
  if (value.trim() === '' || !Number.isFinite(p) || p < 0 || p > 1) {
    throw new UsageError(`${flag} must be a number between 0 and 1, got "${value}"`, {
      hint: `e.g. ${flag} 0.9`,
    });
  }
  return p;
}

export type { ScanRecord };
