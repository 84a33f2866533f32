import { Args, Flags } from '@oclif/core';
import { trainBaseline, type BaselineTrainResult } from '../../src/app/baseline/baseline-train.js';
import { BaseCommand } from '../../src/cli/base-command.js';
import { ExitCode, UsageError } from '../../src/common/errors.js';
import {
  DEFAULT_EXTENSION_LEVEL,
  DEFAULT_FALSE_ALARM_RATE,
  DEFAULT_FOLDS,
} from '../../src/model/baseline-fit.js';
import { renderBaselineTrain } from '../../src/report/baseline.js';

/** `nad baseline train CAPTURES… -o FILE.nadb` — learn a network's normal traffic (issue 14). */
export default class BaselineTrain extends BaseCommand {
  static override summary = "Learn a network's normal traffic from captures (an isolation forest).";
  static override description = [
    'Reads captures of normal traffic (every input `nad scan` reads: pcap, pcapng, tshark JSON, telemetry JSON, gzip; files, directories, globs, - for stdin; also the CSV or NDJSON output of `nad features --set extended`), turns each connection into the KDD 41 + extended features (`nad features --set extended`) and fits an isolation forest (Liu et al. 2008; seeded, ψ rows per tree). Every value is put on a log scale (ln(1 + x)) first. The connections are dealt into --folds folds, each scored by a forest fitted on the other folds: the threshold is the lowest novelty score that flags at most --false-alarm-rate of those held-out scores; the forest kept is fitted on all connections. The kinds of connection seen (protocol/service/flag) are recorded too: `nad scan --baseline` gives a connection of any other kind novelty 1. The .nadb file records the inputs (names, sha256, connections).',
    '',
    'Needs at least 256 connections. An input that cannot be read is exit 3, and no file is written.',
  ].join('\n');
  static override examples = [
    {
      description: 'A baseline of a week of normal captures',
      command: '<%= config.bin %> <%= command.id %> normal/*.pcap -o site.nadb',
    },
    {
      description:
        'An extended isolation forest (hyperplanes through 4 features), 0.5 % false alarms, 10 folds, another seed',
      command:
        '<%= config.bin %> <%= command.id %> fixtures/lab/train/ -o lab.nadb --extension-level 3 --false-alarm-rate 0.005 --folds 10 --seed 7',
    },
  ];
  static override strict = false;
  static override enableJsonFlag = true;
  static override args = {
    file: Args.string({
      description: 'Captures of normal traffic: files, directories, globs, or - for stdin.',
      required: true,
    }),
  };
  static override flags = {
    out: Flags.string({ char: 'o', description: 'Where to write the baseline (.nadb).', required: true }),
    trees: Flags.integer({ description: 'Number of trees.', default: 100, min: 1, max: 10_000 }),
    'sample-size': Flags.integer({ description: 'Connections per tree (ψ; capped at the connections fitted).', default: 256, min: 2, max: 65_536 }),
    'extension-level': Flags.integer({ description: 'Extended isolation forest (Hariri et al.): split on hyperplanes through N + 1 features; 0 (the default, chosen on the lab train runs) = the classic isolation forest (axis-parallel splits).', default: DEFAULT_EXTENSION_LEVEL, min: 0 }),
    'false-alarm-rate': Flags.string({ description: 'Share of held-out normal connections the threshold may flag (0 < r < 1).', default: String(DEFAULT_FALSE_ALARM_RATE) }),
    folds: Flags.integer({ description: 'Folds of the cross-fitting that chooses the threshold: each connection is scored held out once (up to 262,144 of them).', default: DEFAULT_FOLDS, min: 2, max: 20 }),
    seed: Flags.integer({ description: 'Random seed (subsamples, splits, folds).', default: 0, min: 0 }),
  }; // prettier-ignore

  async run(): Promise<BaselineTrainResult | undefined> {
    const { argv, flags } = await this.parse(BaselineTrain);
    const outcome = await trainBaseline({
      inputs: argv as string[],
      out: flags.out,
      params: {
        nTrees: flags.trees,
        sampleSize: flags['sample-size'],
        extensionLevel: Math.min(flags['extension-level'], 89),
        seed: flags.seed,
      },
      falseAlarmRate: share('--false-alarm-rate', flags['false-alarm-rate']),
      folds: flags.folds,
    });
    for (const file of outcome.empty)
      this.warnLine(`${file}: no connections (only non-IP packets?)`);
    for (const p of outcome.problems) this.warnLine(`${p.input}: ${p.reason}`);
    for (const e of outcome.errors) this.errorLine(e);
    if (outcome.result === undefined) {
      this.errorLine(new UsageError('no baseline written: an input could not be read'));
      process.exitCode = ExitCode.input;
      return undefined;
    }
    if (!this.jsonEnabled()) this.log(renderBaselineTrain(outcome.result));
    return outcome.result;
  }
}

/** A share strictly between 0 and 1, else a usage error. */
function share(flag: string, text: string): number {
  const v = Number(text);
  if (!(v > 0 && v < 1))
    throw new UsageError(`${flag} must be a number between 0 and 1 (exclusive), got ${text}`);
  return v;
}
