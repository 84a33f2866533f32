import { Args, Flags } from '@oclif/core';
import { extractFeatures } from '../src/app/features/features.js';
import { BaseCommand } from '../src/cli/base-command.js';
import { stdoutReady } from '../src/cli/stdout-ready.js';
import { ExitCode } from '../src/common/errors.js';
import { FEATURE_SETS, type FeatureSet } from '../src/features/extended-schema.js';
import { LineBuffer } from '../src/io/line-buffer.js';
import {
  FEATURE_FORMATS,
  checkFeatureOptions,
  featureHeader,
  featureLine,
  type FeatureFormat,
  type FeatureWriterOptions,
} from '../src/report/features-writer.js';

/** `nad features FILE…` — one KDD Cup 1999 feature row per connection (kdd-features.md). */
export default class Features extends BaseCommand {
  static override summary = 'Write KDD Cup 1999 feature rows, one per connection.';
  static override description = [
    'Reads captures (pcap, pcapng, tshark -T json / -T ek exports, JSON packet telemetry, gzip; files, directories, globs, - for stdin, as nad scan does), groups packets into connections and writes the 41 KDD Cup 1999 features of each connection, sorted by start time.',
    '',
    '--format kdd (default) writes kddcup.data lines: 41 features and a label (unknown. or --label), so `nad train` reads them. csv adds a header line; ndjson writes one JSON object per row with named fields.',
    '',
    '--with-endpoints adds the start time (ISO 8601 UTC, microseconds) and the source and destination address and port: the first five columns in csv, fields in ndjson, five columns after the label in kdd.',
    '',
    'Per-file counts (packets, rows, evicted connections) go to stderr unless --quiet. A file cut short is read up to the cut (warning); a file that is not a capture is exit 3, after the other files were written. A directory or pattern that names no file is a warning (exit 3 when nothing was read).',
  ].join('\n');
  static override examples = [
    {
      description: 'KDD rows of a capture',
      command: '<%= config.bin %> <%= command.id %> fixtures/pcaps/attack/synscan_2011pkts.pcapng',
    },
    {
      description: 'Label rows for training (--label) and append them to a KDD file',
      command:
        '<%= config.bin %> <%= command.id %> --label normal. benign.pcap >> train.data && <%= config.bin %> train train.data',
    },
    {
      description: 'Every capture below a directory, in path order',
      command: '<%= config.bin %> <%= command.id %> captures/ > rows.kdd',
    },
    {
      description: 'CSV with a header, for a spreadsheet (--format csv)',
      command: '<%= config.bin %> <%= command.id %> --format csv capture.pcapng > rows.csv',
    },
    {
      description: 'NDJSON with who talked to whom (--format ndjson --with-endpoints)',
      command:
        '<%= config.bin %> <%= command.id %> --format ndjson --with-endpoints capture.pcap | jq .',
    },
    {
      description: 'From tcpdump on stdin, without the stderr summary (--quiet)',
      command: 'tcpdump -w - -c 1000 | <%= config.bin %> <%= command.id %> --quiet -',
    },
  ];
  static override strict = false;
  static override args = {
    file: Args.string({
      description: 'Capture files, directories (recursive), glob patterns, or - for stdin.',
      required: true,
    }),
  };
  static override flags = {
    format: Flags.string({
      description: 'Row format: kdd (kddcup.data lines), csv (with header) or ndjson.',
      options: [...FEATURE_FORMATS],
      default: 'kdd',
    }),
    set: Flags.string({
      description:
        'Feature set: kdd (the 41 KDD features) or extended (those, then the columns of docs/extended-features.md; csv or ndjson only).',
      options: [...FEATURE_SETS],
      default: 'kdd',
    }),
    'with-endpoints': Flags.boolean({
      description: 'Add start time, source and destination address and port to each row.',
    }),
    'skip-bad-records': Flags.boolean({
      description:
        'JSON telemetry: skip records with a missing key or a bad value (counted in the summary) instead of stopping with exit 3.',
    }),
    label: Flags.string({
      description: 'Label written with every row (a trailing "." is added when missing).',
      default: 'unknown.',
    }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Features);
    const options: FeatureWriterOptions = {
      format: flags.format as FeatureFormat,
      withEndpoints: flags['with-endpoints'],
      label: flags.label.endsWith('.') ? flags.label : `${flags.label}.`,
      set: flags.set as FeatureSet,
    };
    checkFeatureOptions(options);
    const out = new LineBuffer((chunk) => process.stdout.write(chunk));
    const header = featureHeader(options);
    if (header !== undefined) out.line(header);
    const failed = await this.eachInput(argv as string[], async (file) => {
      const r = await extractFeatures(file, (row) => out.line(featureLine(row, options)), {
        skipBadRecords: flags['skip-bad-records'],
        set: options.set,
        hooks: { outputReady: stdoutReady },
      });
      out.flush();
      for (const w of r.warnings) this.warnLine(`${r.file}: ${w}`);
      if (!this.quiet)
        process.stderr.write(
          `${r.file}: ${r.packets} packets, ${r.rows} rows, ${r.evictions} evicted connections\n`,
        );
      if (r.error !== undefined) throw r.error;
    });
    out.flush();
    if (failed) process.exitCode = ExitCode.input;
  }
}
