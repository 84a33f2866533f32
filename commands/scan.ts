import { Args, Flags } from '@oclif/core';
import { summarizeCapture, type CaptureSummary } from '../src/app/summarize.js';
import { BaseCommand } from '../src/cli/base-command.js';
import { ExitCode, type InputError } from '../src/errors.js';
import { renderSummary } from '../src/report/summary.js';

/** `nad scan FILE…` — for now the capinfos-like summary; the anomaly table comes later. */
export default class Scan extends BaseCommand {
  static override summary = 'Scan captures for anomalous connections.';
  static override description = [
    'Reads pcap, pcapng (either byte order, µs or ns timestamps), tshark -T json / -T ek exports, JSON packet telemetry and gzip of any of them, detected by content, never by file name. Use - to read standard input.',
    '',
    '--summary prints a capinfos-like summary per file: format, link types, packets, bytes, first and last timestamp, packets per protocol and packets skipped by reason.',
    '',
    'A file cut short is read up to the cut (warning, exit 0). A file that is not a capture, or that cannot be read, is exit 3 — after the other files have been read.',
  ].join('\n');
  static override examples = [
    {
      description: 'Summarise a bundled capture',
      command: '<%= config.bin %> <%= command.id %> --summary fixtures/pcaps/attack/teardrop.pcap',
    },
    {
      description: 'Read from tcpdump on stdin',
      command: 'tcpdump -w - -c 100 | <%= config.bin %> <%= command.id %> --summary -',
    },
    {
      description: 'Machine-readable summary',
      command: '<%= config.bin %> <%= command.id %> --summary --json a.pcap b.pcapng.gz',
    },
  ];
  static override strict = false;
  static override enableJsonFlag = true;
  static override args = {
    file: Args.string({
      description: 'Capture files (pcap, pcapng, .gz) or - for stdin.',
      required: true,
    }),
  };
  static override flags = {
    'skip-bad-records': Flags.boolean({
      description:
        'JSON telemetry: skip records with a missing key or a bad value (counted in the summary) instead of stopping with exit 3.',
    }),
    summary: Flags.boolean({
      description: 'Print a capinfos-like summary of each capture.',
      default: true,
      allowNo: true,
    }),
  };

  async run(): Promise<{ files: CaptureSummary[] }> {
    const { argv, flags } = await this.parse(Scan);
    const files = argv as string[];
    const summaries: CaptureSummary[] = [];
    let failed: InputError | undefined;
    for (const file of files) {
      try {
        const { summary, error } = await summarizeCapture(file, {
          skipBadRecords: flags['skip-bad-records'],
        });
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
