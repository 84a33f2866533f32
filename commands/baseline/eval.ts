import { Args, Flags } from '@oclif/core';
import { evaluateBaseline, type BaselineEvalResult } from '../../src/app/baseline/baseline-eval.js';
import { BaseCommand } from '../../src/cli/base-command.js';
import { ExitCode } from '../../src/common/errors.js';
import { readLabelsText } from '../../src/io/baseline-file.js';
import { parseLabels } from '../../src/kdd/label-rules.js';
import { renderBaselineEval } from '../../src/report/baseline.js';

/** `nad baseline eval FILE.nadb BENIGN [ATTACKS]` — how a baseline does on labelled traffic. */
export default class BaselineEval extends BaseCommand {
  static override summary =
    'Evaluate a baseline: false alarms on benign captures, detection on attack captures.';
  static override description = [
    'Scores every connection of the benign and attack inputs (files, directories, globs) with the baseline and reports the false-alarm rate (benign connections at or above the baseline threshold), the detection rate (attack connections at or above it) and the ROC-AUC of the novelty score, with a line per attack file.',
    '',
    "Without --labels every connection of an attack input counts as an attack. With --labels FILE (the format of fixtures/lab/labels.tsv: capture, attack|benign, rule, category), only the connections an attack capture's rules select count as attack (its background traffic is not counted), a capture labelled benign counts as benign, and an attack input the file does not list is skipped with a warning. A capture is matched when its path ends with the label's capture path.",
  ].join('\n');
  static override examples = [
    {
      description: 'Benign and attack captures of the lab, by its labels file',
      command:
        '<%= config.bin %> <%= command.id %> lab.nadb "fixtures/lab/validation/benign_*" fixtures/lab/validation/ --labels fixtures/lab/labels.tsv',
    },
    {
      description: 'False alarms only, as JSON',
      command: '<%= config.bin %> <%= command.id %> site.nadb monday/ --json',
    },
  ];
  static override enableJsonFlag = true;
  static override args = {
    baseline: Args.string({ description: 'The baseline file (.nadb) made by `nad baseline train`.', required: true }),
    benign: Args.string({ description: 'Benign captures: a file, directory or glob.', required: true }),
    attacks: Args.string({ description: 'Attack captures: a file, directory or glob (optional).' }),
  }; // prettier-ignore
  static override flags = {
    labels: Flags.string({ description: 'Labels file saying which connections of each attack capture are the attack (fixtures/lab/labels.tsv format).' }),
  }; // prettier-ignore

  async run(): Promise<BaselineEvalResult> {
    const { args, flags } = await this.parse(BaselineEval);
    const labels =
      flags.labels === undefined
        ? undefined
        : parseLabels(await readLabelsText(flags.labels), flags.labels);
    const outcome = await evaluateBaseline({
      baseline: args.baseline,
      benign: [args.benign],
      attack: args.attacks === undefined ? [] : [args.attacks],
      labels,
    });
    for (const p of outcome.problems) this.warnLine(`${p.input}: ${p.reason}`);
    for (const f of outcome.unlabelled) this.warnLine(`${f}: not in the labels file, not counted`);
    for (const e of outcome.errors) this.errorLine(e);
    if (outcome.errors.length > 0) process.exitCode = ExitCode.input;
    if (!this.jsonEnabled()) this.log(renderBaselineEval(outcome.result));
    return outcome.result;
  }
}
