import { Args, Flags } from '@oclif/core';
import { readScanNdjson, writeHtmlReport } from '../src/app/report/report.js';
import { BaseCommand } from '../src/cli/base-command.js';
import { sanitizeLine } from '../src/common/sanitize.js';

/** `nad report FINDINGS.ndjson -o report.html` — a saved scan as one HTML file. */
export default class Report extends BaseCommand {
  static override summary = 'Render a saved NDJSON scan as a self-contained HTML report.';
  static override description = [
    'Reads the rows of `nad scan --format ndjson` (a file, or - for stdin) and writes one HTML file that opens offline in a browser, from file:// — no request leaves the page (its Content-Security-Policy allows only its own inline script and style).',
    '',
    'The report shows a header (inputs with size and sha256, time span, packets, connections, model and threshold, nad version, command line), a timeline of connections and anomalies per category (drag across it to filter), categories and classes, top talkers, a sortable, filterable table of every row (fast at 100,000), a drill-down per connection with every feature, the score and its why, the Community ID and a Wireshark display filter to copy, and export of the filtered rows as CSV or JSON.',
    '',
    'The header figures come from the summary line that `nad scan --format ndjson --with-summary` adds; without it, the report shows what the rows say and marks the rest as not recorded. Scan with --all for every connection in the timeline, not only the anomalies. `nad scan --html FILE` writes the same report straight from a scan.',
    '',
    'A line that is not a scan row is exit 3; the same input always gives the same bytes.',
  ].join('\n');
  static override examples = [
    {
      description: 'Save a scan, render it later',
      command:
        'nad scan --all --format ndjson --with-summary captures/ > findings.ndjson && <%= config.bin %> <%= command.id %> findings.ndjson -o report.html',
    },
    {
      description: 'From a scan on stdin',
      command:
        'nad scan --all -f ndjson --with-summary fixtures/pcaps/attack/teardrop.pcap | <%= config.bin %> <%= command.id %> - -o teardrop.html',
    },
  ];
  static override args = {
    file: Args.string({
      description: 'NDJSON rows of `nad scan --format ndjson` (best with --with-summary), or -.',
      required: true,
    }),
  };
  static override flags = {
    output: Flags.string({
      char: 'o',
      description: 'The HTML file to write (replaced if it exists).',
      required: true,
    }),
  };

  async run(): Promise<unknown> {
    const { args, flags } = await this.parse(Report);
    const input = await readScanNdjson(args.file);
    const source = args.file === '-' ? 'stdin' : args.file;
    const done = await writeHtmlReport(input, source, flags.output);
    if (!this.quiet)
      process.stderr.write(
        `${sanitizeLine(flags.output)}: ${done.rows} rows, ${done.bytes} bytes${input.meta === null ? ' (no summary line: header figures not recorded)' : ''}\n`,
      );
    return { output: flags.output, ...done };
  }
}
