import { Args, Flags } from '@oclif/core';
import { mergeShardOutputs } from '../src/app/merge/merge.js';
import { BaseCommand } from '../src/cli/base-command.js';
import { probability } from '../src/cli/scan-flags.js';
import { SCAN_MODEL_NAME, defaultModelPath, readModelFile } from '../src/io/model-file.js';
import { openTextOutput } from '../src/io/output-file.js';
import { renderMergeSummary } from '../src/report/merge-summary.js';
import { scanRowLine } from '../src/report/scan-output.js';
import { scanCsvHeader } from '../src/rows/scan-rows.js';
import { FALLBACK_THRESHOLD, scanThresholdOf } from '../src/rows/scan-threshold.js';

/** `nad merge PART…` — joins the NDJSON outputs of `nad scan --shard` into one result. */
export default class Merge extends BaseCommand {
  static override summary = 'Join the NDJSON outputs of nad scan --shard into one result.';
  static override description = [
    'Reads the NDJSON outputs of `nad scan --stream --shard I/N --format ndjson` (or gzip of them; - for stdin), given in part order 1 … N, and writes their rows as one result: the same rows, in the same order and byte for byte, as one whole `nad scan --stream` of the same files. Then a summary (rows per part, anomalies by category, the time span) on stderr.',
    '',
    'A line that is not a row of nad scan is exit 3.',
  ].join('\n');
  static override examples = [
    {
      description: 'Join four parts into one file',
      command:
        '<%= config.bin %> <%= command.id %> part-1.ndjson part-2.ndjson part-3.ndjson part-4.ndjson -o all.ndjson',
    },
    {
      description: 'The 20 most suspicious connections of all parts as CSV',
      command:
        '<%= config.bin %> <%= command.id %> part-*.ndjson --format csv --sort score --top 20',
    },
  ];
  static override strict = false;
  static override enableJsonFlag = true;
  static override args = {
    part: Args.string({
      description: 'NDJSON outputs of nad scan --shard, in part order (- for stdin).',
      required: true,
    }),
  };
  static override flags = {
    output: Flags.string({
      char: 'o',
      description: 'Write the rows to FILE instead of stdout. e.g. -o all.ndjson',
    }),
    format: Flags.string({
      char: 'f',
      description:
        'Rows as ndjson (default: the lines as the parts wrote them) or csv. e.g. --format csv',
      options: ['ndjson', 'csv'],
      default: 'ndjson',
    }),
    sort: Flags.string({
      description:
        'Order: time (default: the parts one after the other, as one whole scan) or score (most suspicious first). e.g. --sort score',
      options: ['time', 'score'],
      default: 'time',
    }),
    top: Flags.integer({
      char: 'n',
      description: 'Only the N highest-ranked rows. e.g. --top 50',
      min: 1,
    }),
    threshold: Flags.string({
      char: 't',
      description: `Score from which a row counts as an anomaly in the summary, 0–1 (default: the threshold stored in --model, else ${FALLBACK_THRESHOLD}). e.g. --threshold 0.9`,
    }),
    model: Flags.string({
      char: 'm',
      description:
        'The model the parts were scanned with, for its threshold (default: the shipped scan model). e.g. -m site.nadm',
    }),
  };

  async run(): Promise<unknown> {
    const { argv, flags } = await this.parse(Merge);
    const threshold =
      probability('--threshold', flags.threshold) ?? (await this.modelThreshold(flags.model));
    const out = await openTextOutput(flags.output);
    const csv = flags.format === 'csv';
    const streamed = !csv && flags.sort === 'time' && flags.top === undefined;
    if (csv) out.write(`${scanCsvHeader()}\n`);
    const result = await mergeShardOutputs(argv as string[], {
      threshold,
      sort: flags.sort as 'time' | 'score',
      top: flags.top,
      onLine: streamed
        ? (line) => {
            out.write(`${line}\n`);
            return out.ready();
          }
        : undefined,
    });
    for (const r of result.records) out.write(`${scanRowLine(csv ? 'csv' : 'ndjson', r)}\n`);
    await out.close();
    if (!this.quiet && !this.jsonEnabled())
      process.stderr.write(`${renderMergeSummary(result.summary, threshold)}\n`);
    return { threshold, summary: result.summary, omitted: result.omitted };
  }

  /** The threshold stored in the model (the shipped scan model by default). */
  private async modelThreshold(path: string | undefined): Promise<number> {
    const model = await readModelFile(path ?? defaultModelPath(SCAN_MODEL_NAME));
    return scanThresholdOf(model.info)?.value ?? FALLBACK_THRESHOLD;
  }
}
