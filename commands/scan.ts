import { Args } from '@oclif/core';
import { runScan, type ScanRun } from '../src/app/scan/scan-run.js';
import { summarizeCapture, type CaptureSummary } from '../src/app/scan/summarize.js';
import { BaseCommand } from '../src/cli/base-command.js';
import { scanExitCode, scanOutcome } from '../src/cli/exit-decision.js';
import {
  DEFAULT_TABLE_ROWS,
  outputMode,
  probability,
  scanFlags,
  type OutputMode,
} from '../src/cli/scan-flags.js';
import { stdoutReady } from '../src/cli/stdout-ready.js';
import { streamOptions } from '../src/cli/shard-flag.js';
import { ExitCode } from '../src/common/errors.js';
import { LineBuffer } from '../src/io/line-buffer.js';
import { scanCsvHeader } from '../src/rows/scan-rows.js';
import { renderScanView, scanDocument, scanRowLine } from '../src/report/scan-output.js';
import { ProgressLine } from '../src/report/scan-progress.js';
import { tableWidth } from '../src/report/scan-table-fit.js';
import { renderScanSummary } from '../src/report/scan-table.js';
import { renderSummary } from '../src/report/summary.js';

/** `nad scan FILE…` — per-connection anomaly scores for captures. */
export default class Scan extends BaseCommand {
  static override summary = 'Scan captures for anomalous connections.';
  static override description = [
    'Reads captures (pcap, pcapng, tshark -T json / -T ek exports, JSON packet telemetry, and gzip of any of them — detected by content, never by file name; files, directories, globs, - for stdin), groups packets into connections, computes their KDD Cup 1999 features and scores each with the model: score = probability that the connection is an attack.',
    '',
    `The default output is a table of the anomalous connections (score ≥ --threshold, by default the model's own threshold), most suspicious first, then a summary per file. --format json|ndjson|csv writes machine-readable rows with all 41 features. --fail-on makes the exit code 1 when a connection scores at or above it, for CI.`,
    '',
    'A file cut short is read up to the cut (warning, exit 0). A file that is not a capture, or cannot be read, is exit 3 — after the other files. A bad model file is exit 4.',
  ].join('\n');
  static override examples = [
    ['Anomalies in a bundled capture', 'fixtures/pcaps/attack/synscan_2011pkts.pcapng'],
    ['Every connection, in time order', '--all --sort time fixtures/pcaps/benign/http_browse.pcap'],
    ['CI gate over a directory', 'captures/ --fail-on 0.9 --format ndjson'],
    [
      'At least 10 findings fail the build',
      '"captures/**/*.pcapng" --fail-on 0.8 --fail-on-count 10',
    ],
    ['From tcpdump on stdin', '-', 'tcpdump -w - -c 1000 | '],
    [
      'Live: each connection written once decided, idle ones closed after 5 s without packets',
      '- --format ndjson --flush-idle 5',
      'tcpdump -U -w - | ',
    ],
    [
      'Every table column in full, even on a narrow terminal (a pipe always gets the full table; COLUMNS=N fits N columns)',
      '--wide fixtures/pcaps/attack/syn_flood_spoofed.pcap',
    ],
    ['The capinfos-like summary of the readers', '--summary fixtures/pcaps/attack/teardrop.pcap'],
    ['Also flag what departs from a baseline of normal traffic', '--baseline site.nadb captures/'],
    ['Rotated captures as one continuous capture', '--stream --format ndjson captures/'],
    [
      'Part 2 of 5 of a capture set (join the parts with nad merge)',
      '--stream --shard 2/5 --format ndjson captures/ > part-2.ndjson',
    ],
  ].map(([description, args, before]) => ({
    description: description!,
    command: `${before ?? ''}<%= config.bin %> <%= command.id %> ${args}`,
  }));
  static override strict = false;
  static override enableJsonFlag = true;
  static override args = {
    file: Args.string({
      description: 'Capture files, directories (recursive), glob patterns, or - for stdin.',
      required: true,
    }),
  };
  static override flags = scanFlags;

  async run(): Promise<unknown> {
    const { argv, flags } = await this.parse(Scan);
    const files = argv as string[];
    if (flags.summary) return this.summaries(files, flags['skip-bad-records']);
    const threshold = probability('--threshold', flags.threshold);
    const failOn = probability('--fail-on', flags['fail-on']);
    const mode = outputMode(this.jsonEnabled() ? 'json' : flags.format, flags.sort, flags.top);
    const out = new LineBuffer((chunk) => {
      process.stdout.write(chunk);
      return process.stdout.writableLength === 0; // written at once: the chunk may be reused
    });
    if (mode.format === 'csv') out.line(scanCsvHeader(flags.baseline !== undefined));
    const progress =
      process.stderr.isTTY && !this.quiet ? new ProgressLine(process.stderr) : undefined;
    const rowFormat = mode.format === 'csv' ? 'csv' : 'ndjson';
    const run = await this.withInterrupt((signal) =>
      runScan(files, {
        modelPath: flags.model,
        baselinePath: flags.baseline,
        threshold,
        all: flags.all,
        failOn,
        features: { skipBadRecords: flags['skip-bad-records'] },
        sort: mode.sort,
        top: flags.top ?? (mode.format === 'table' ? DEFAULT_TABLE_ROWS : undefined),
        jobs: flags.jobs,
        flushIdleSec: flags['flush-idle'],
        ...streamOptions(flags),
        signal,
        outputReady: () => stdoutReady(signal),
        rowText: mode.stream ? { format: rowFormat, write: (c) => out.lines(c) } : undefined,
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
    const doc = this.render(run, mode, out, flags.wide);
    if (run.interrupted)
      this.warnLine('interrupted: the results above cover only what was read before Ctrl-C');
    process.exitCode = scanExitCode(scanOutcome(run), {
      score: failOn,
      count: flags['fail-on-count'],
    });
    return doc;
  }

  /** Prints the result in the chosen format; `rows` takes NDJSON/CSV rows not yet streamed. */
  private render(run: ScanRun, mode: OutputMode, rows: LineBuffer, wide: boolean): unknown {
    const doc = scanDocument(run);
    if (mode.format === 'json') {
      if (!this.jsonEnabled()) this.log(JSON.stringify(doc, null, 2));
    } else if (mode.format === 'table') {
      const width = tableWidth({ wide, stdout: process.stdout, env: process.env });
      const text = renderScanView(run, width);
      if (text !== undefined) this.log(text);
    } else {
      if (!mode.stream) for (const r of run.records) rows.line(scanRowLine(mode.format, r));
      rows.flush();
      if (!this.quiet) process.stderr.write(`${renderScanSummary(run)}\n`);
    }
    return doc;
  }

  /** `--summary`: the capinfos-like summary of each capture; a bad input is exit 3 at the end. */
  private async summaries(files: string[], skipBadRecords: boolean): Promise<unknown> {
    const summaries: CaptureSummary[] = [];
    const failed = await this.eachInput(files, async (file) => {
      const { summary, error } = await summarizeCapture(file, { skipBadRecords });
      summaries.push(summary);
      if (!this.jsonEnabled())
        this.log((summaries.length > 1 ? '\n' : '') + renderSummary(summary));
      for (const w of summary.warnings) this.warnLine(`${summary.file}: ${w}`);
      if (error !== undefined) throw error;
    });
    if (failed) process.exitCode = ExitCode.input;
    return { files: summaries };
  }
}
