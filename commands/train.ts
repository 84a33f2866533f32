import { Args, Flags } from '@oclif/core';
import { TARGETS, type DecisionRule, type Target } from '../src/kdd/decision.js';
import { trainModel, type TrainResult } from '../src/app/train/train.js';
import { BaseCommand } from '../src/cli/base-command.js';
import { UsageError } from '../src/common/errors.js';
import { progressLine, renderTrainSummary } from '../src/report/train.js';

/** `nad train DATA… --out FILE` — fit a random forest on labelled KDD rows (issue 5). */
export default class Train extends BaseCommand {
  static override summary = 'Train a random-forest model on labelled KDD Cup 1999 rows.';
  static override description = [
    'Reads kddcup.data-format rows (41 features and a label ending in "."; .gz transparent; - for stdin), also the output of `nad features --label`. Every row is validated: a bad row is exit 3 naming file, line and column, unless --skip-bad-rows.',
    '',
    'The defaults are scikit-learn’s forest defaults with balanced class weights, labels as target and min-cost decisions (the scan model’s recipe); the shipped eval model adds --max-features 12 --min-samples-leaf 4 (models/README.md).',
  ].join('\n');
  static override examples = [
    {
      description: 'The shipped eval model (models/kdd-default.nadm)',
      command:
        '<%= config.bin %> <%= command.id %> fixtures/kdd/kddcup.data_10_percent.gz --max-features 12 --min-samples-leaf 4 --out models/kdd-default.nadm',
    },
    {
      description: 'A quick attack/normal model from stdin',
      command:
        'zcat a.gz b.gz | <%= config.bin %> <%= command.id %> - --target binary --trees 20 --out ab.nadm',
    },
  ];
  static override strict = false;
  static override enableJsonFlag = true;
  static override args = {
    file: Args.string({ description: 'KDD files (.gz or plain) or - for stdin.', required: true }),
  };
  static override flags = {
    out: Flags.string({ char: 'o', description: 'Where to write the model.', required: true }),
    target: Flags.string({ description: 'What to predict: attack labels, 5 categories, or attack/normal.', options: [...TARGETS], default: 'label' }),
    trees: Flags.integer({ description: 'Number of trees.', default: 100, min: 1 }),
    'max-depth': Flags.integer({ description: 'Maximum tree depth (default: unlimited).', min: 1 }),
    'min-samples-leaf': Flags.integer({ description: 'Minimum training rows per leaf.', default: 1, min: 1 }),
    'max-features': Flags.string({ description: 'Features tried per split: sqrt, log2, all or a number.', default: 'sqrt' }),
    criterion: Flags.string({ description: 'Split criterion.', options: ['gini', 'entropy'], default: 'gini' }),
    'class-weight': Flags.string({ description: 'none, balanced, or NAME=WEIGHT,… (class or category names, e.g. r2l=10,u2r=10).', default: 'balanced' }),
    decision: Flags.string({ description: 'Decision rule stored in the model (default: min-cost; argmax for --target binary).', options: ['argmax', 'min-cost'] }),
    oob: Flags.boolean({ description: 'Score the model out of bag (--no-oob skips it).', default: true, allowNo: true }),
    seed: Flags.integer({ description: 'Random seed.', default: 0, min: 0 }),
    jobs: Flags.integer({ char: 'j', description: 'Worker threads (default: all cores).', min: 1 }),
    'skip-bad-rows': Flags.boolean({ description: 'Count and skip malformed rows instead of failing.' }),
  }; // prettier-ignore

  async run(): Promise<TrainResult> {
    const { argv, flags } = await this.parse(Train);
    const target = flags.target as Target;
    const progress = this.progress();
    const result = await trainModel({
      files: argv as string[],
      out: flags.out,
      target,
      params: {
        nEstimators: flags.trees,
        maxDepth: flags['max-depth'] ?? null,
        minSamplesLeaf: flags['min-samples-leaf'],
        maxFeatures: parseMaxFeatures(flags['max-features']),
        criterion: flags.criterion as 'gini' | 'entropy',
        seed: flags.seed,
      },
      classWeight: flags['class-weight'],
      decision: (flags.decision ?? (target === 'binary' ? 'argmax' : 'min-cost')) as DecisionRule,
      oob: flags.oob,
      jobs: flags.jobs,
      skipBadRows: flags['skip-bad-rows'],
      onProgress: progress,
    });
    if (progress) process.stderr.write('\n');
    for (const e of result.badExamples) this.warnLine(`skipped: ${e}`);
    if (!this.jsonEnabled()) this.log(renderTrainSummary(result));
    return result;
  }

  /** A progress callback drawing on stderr, or undefined when stderr is not a terminal. */
  private progress(): ((built: number, total: number) => void) | undefined {
    if (!process.stderr.isTTY || this.quiet || this.jsonEnabled()) return undefined;
    const start = performance.now();
    return (built, total) =>
      process.stderr.write(`\r${progressLine(built, total, (performance.now() - start) / 1000)}`);
  }
}

/** `sqrt` | `log2` | `all` | a positive integer. */
function parseMaxFeatures(v: string): 'sqrt' | 'log2' | 'all' | number {
  if (v === 'sqrt' || v === 'log2' || v === 'all') return v;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--max-features must be sqrt, log2, all or a positive integer, got ${v}`);
  return n;
}
