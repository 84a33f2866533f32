import { Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { queueFlags, queueTarget, redactedArgs } from '../../src/cli/queue-flags.js';
import { ExitCode, UsageError } from '../../src/common/errors.js';
import { ScanNdjsonReader, writeHtmlReport } from '../../src/app/report/report.js';
import { shellCommand } from '../../src/app/scan/scan-meta.js';
import { collectedMeta } from '../../src/queue/collect-report.js';
import { openOutput } from '../../src/io/atomic-output.js';
import { collectScan, type CollectResult } from '../../src/queue/collect.js';
import { renderCollected, renderFailedSlice, renderQueueProgress } from '../../src/report/queue.js';
import { renderScanSummary } from '../../src/report/scan-table.js';

/** `nad queue collect --redis URL -o out.ndjson` — the rows of a queued scan, in order. */
export default class QueueCollect extends BaseCommand {
  static override summary = 'Wait for the workers, then write the rows of the queued scan.';
  static override description = [
    'Writes the rows of the slices of the scan queued with nad queue add in their order, each slice as soon as it and those before it are done, waiting for the others meanwhile (printing how many are done, on stderr): the same NDJSON as one nad scan --stream --format ndjson of the same files (with the add flags: --all, --threshold, --model, --sensor-from). The summary per slice follows on stderr, as nad scan prints it. The output file appears only once it is complete.',
    '',
    'With --html FILE it also writes the self-contained HTML report of those rows, as nad report and nad scan --html make it: its header lists the slices (bytes, the sha256 of a slice of one file, counts, or why a slice failed), the model and the nad queue add command line. Rows are kept in memory for it. Give -o, --html or both.',
    '',
    'Exit codes: 0 written; 2 bad flag, Redis URL or queue name, or no scan in the queue; 3 a slice met bad input (not a capture…) or failed on an unreadable or changed file, as nad scan exits 3 for bad files — the other rows are still written; 4 a model problem on the workers; 69 Redis unreachable within --connect-timeout, slices not done by --timeout (or at once with --no-wait), or rows missing from Redis; 70 a slice failed for another reason (a crash: see its message).',
  ].join('\n');
  static override examples = [
    {
      description: 'Wait for the scan and write its rows',
      command: '<%= config.bin %> <%= command.id %> --redis redis://127.0.0.1:6379 -o out.ndjson',
    },
    {
      description: 'The HTML report of the queued scan (queue it with --all for every connection in the timeline)',
      command: '<%= config.bin %> <%= command.id %> --redis redis://127.0.0.1:6379 --html report.html',
    },
    {
      description: 'Only check: exit 69 at once when slices are still to do',
      command: '<%= config.bin %> <%= command.id %> --redis redis://queue.lan:6379 --queue monday --no-wait -o monday.ndjson',
    },
  ]; // prettier-ignore
  static override flags = {
    ...queueFlags,
    output: Flags.string({ char: 'o', description: 'NDJSON output file (- for stdout), written to a temporary name and renamed when complete. e.g. -o rows.ndjson' }),
    html: Flags.string({ description: 'Also write the HTML report of the collected rows to this file (what nad report makes: header, timeline, top talkers, table, drill-down). e.g. --html report.html' }),
    wait: Flags.boolean({ description: 'Wait for slices not done yet; --no-wait exits 69 at once instead.', default: true, allowNo: true }),
    timeout: Flags.integer({ description: 'Give up waiting after this many seconds (exit 69); default: wait as long as it takes.', min: 1 }),
    poll: Flags.integer({ description: 'Milliseconds between looks at the queue while waiting.', min: 10, default: 500 }),
  }; // prettier-ignore

  async run(): Promise<void> {
    const { flags } = await this.parse(QueueCollect);
    const { target, queue } = queueTarget(flags);
    if (flags.output === undefined && flags.html === undefined)
      throw new UsageError('nad queue collect needs -o FILE, --html FILE or both', {
        hint: 'e.g. nad queue collect --redis URL -o rows.ndjson --html report.html',
      });
    const out = flags.output === undefined ? undefined : await openOutput(flags.output);
    const rows = flags.html === undefined ? undefined : new ScanNdjsonReader(`queue ${queue}`);
    let result: CollectResult;
    try {
      result = await collectScan(target, {
        queue,
        wait: flags.wait,
        timeoutMs: flags.timeout === undefined ? undefined : flags.timeout * 1000,
        pollMs: flags.poll,
        write: (chunk) => {
          rows?.chunk(chunk);
          return out?.write(chunk);
        },
        onProgress: (p) => this.warnProgress(renderQueueProgress(p)),
      });
      await out?.commit();
    } catch (err) {
      await out?.discard();
      throw err;
    }
    if (rows !== undefined && flags.html !== undefined) {
      const meta = collectedMeta(result, {
        version: this.config.version,
        command: shellCommand(redactedArgs(process.argv.slice(2), target)),
      });
      await writeHtmlReport({ records: rows.input.records, meta }, 'nad queue collect', flags.html);
    }
    this.report(result, [flags.output, flags.html].filter((f) => f !== undefined).join(' and '));
  }

  /** The errors, summary and last line on stderr; the exit code. */
  private report(r: CollectResult, output: string): void {
    for (const f of r.failed) process.stderr.write(`error: ${renderFailedSlice(f)}\n`);
    const errors = r.errors;
    for (const e of errors) {
      process.stderr.write(`error: ${e.message}\n`);
      if (e.hint !== undefined && !this.quiet) process.stderr.write(`hint: ${e.hint}\n`);
    }
    const first = r.slices[0]?.result;
    if (!this.quiet && first !== undefined)
      process.stderr.write(`${renderScanSummary({ files: r.slices.flatMap(({ result: s }) => s.files.map((f) => ({ ...f, records: [] }))), threshold: first.threshold, modelThreshold: first.modelThreshold })}\n`); // prettier-ignore
    if (!this.quiet)
      process.stderr.write(`${renderCollected({ rows: r.rows, slices: r.manifest.jobs.length, retried: r.retried, failed: r.failed.length }, output)}\n`); // prettier-ignore
    const kinds = new Set(r.failed.map((f) => f.kind));
    if (kinds.has('other')) process.exitCode = ExitCode.internal;
    else if (kinds.has('model')) process.exitCode = ExitCode.model;
    else if (kinds.has('input') || errors.length > 0) process.exitCode = ExitCode.input;
  }

  private warnProgress(line: string): void {
    if (!this.quiet) process.stderr.write(`${line}\n`);
  }
}
