import { Args, Flags } from '@oclif/core';
import { DECISION_RULES, type DecisionRule } from '../src/kdd/decision.js';
import { EVAL_LEVELS, type EvalLevel } from '../src/kdd/eval-levels.js';
import { evaluateModel, type EvalResult } from '../src/app/eval/eval.js';
import { BaseCommand } from '../src/cli/base-command.js';
import { renderEval } from '../src/report/eval.js';

/** `nad eval DATA… [--model FILE]` — score a model on labelled KDD rows (issue 5). */
export default class Eval extends BaseCommand {
  static override summary = 'Score a model on labelled KDD Cup 1999 rows.';
  static override description = [
    'Reads kddcup.data-format rows (.gz transparent; - for stdin) and prints the confusion matrix (rows: true, columns: predicted), per-class precision, recall, F1 and support, accuracy, the KDD Cup cost per example, detection and false-alarm rates (attack vs normal) and the ROC-AUC of P(attack) = 1 − P(normal).',
    '',
    'Labels the model never saw (17 attack types of corrected) are scored through their category. Without --model the shipped models/kdd-default.nadm is used; without --decision the rule stored in the model.',
  ].join('\n');
  static override examples = [
    {
      description: 'The default model on the KDD test file',
      command: '<%= config.bin %> <%= command.id %> fixtures/kdd/corrected.gz',
    },
    {
      description: 'Per label, with argmax decisions, as JSON',
      command:
        '<%= config.bin %> <%= command.id %> corrected.gz --model my.nadm --by label --decision argmax --json',
    },
  ];
  static override strict = false;
  static override enableJsonFlag = true;
  static override args = {
    file: Args.string({ description: 'KDD files (.gz or plain) or - for stdin.', required: true }),
  };
  static override flags = {
    model: Flags.string({
      char: 'm',
      description: 'Model file (default: the shipped models/kdd-default.nadm).',
    }),
    by: Flags.string({
      description: 'Level of the confusion matrix (default: category; binary for binary models).',
      options: [...EVAL_LEVELS],
    }),
    decision: Flags.string({
      description: 'Decision rule (default: the one stored in the model).',
      options: [...DECISION_RULES],
    }),
    jobs: Flags.integer({ char: 'j', description: 'Worker threads (default: all cores).', min: 1 }),
    'skip-bad-rows': Flags.boolean({
      description: 'Count and skip malformed rows instead of failing.',
    }),
  };

  async run(): Promise<EvalResult> {
    const { argv, flags } = await this.parse(Eval);
    const result = await evaluateModel({
      files: argv as string[],
      model: flags.model,
      by: flags.by as EvalLevel | undefined,
      decision: flags.decision as DecisionRule | undefined,
      jobs: flags.jobs,
      skipBadRows: flags['skip-bad-rows'],
    });
    for (const e of result.badExamples) this.warnLine(`skipped: ${e}`);
    if (!this.jsonEnabled()) this.log(renderEval(result));
    return result;
  }
}
