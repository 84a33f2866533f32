/**
 * The base of every nad command: shared flags (--no-color, --quiet), colour policy, quiet
 * EPIPE handling, and the one place where errors become messages and exit codes
 * (DESIGN.md, "Errors and exit codes").
 */
import { Command, Flags, type Interfaces } from '@oclif/core';
import chalk from 'chalk';
import { ExitCode, InputError, NadError } from '../common/errors.js';
import { expandInputs } from '../io/inputs.js';
import { sanitizeLine } from '../common/sanitize.js';

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<
  (typeof BaseCommand)['baseFlags'] & T['flags']
>;

/** Shared behaviour of nad commands. */
export abstract class BaseCommand extends Command {
  static override baseFlags = {
    'no-color': Flags.boolean({
      description:
        'Plain text: no colours (also when NO_COLOR is set or stdout is not a terminal).',
      helpGroup: 'GLOBAL',
    }),
    quiet: Flags.boolean({
      char: 'q',
      description: 'Print only results and errors: no warnings, progress or summaries on stderr.',
      helpGroup: 'GLOBAL',
    }),
  };

  /** True when --quiet was given. */
  protected quiet = false;

  override async init(): Promise<void> {
    await super.init();
    const argv = this.argv;
    this.quiet = argv.includes('--quiet') || argv.includes('-q');
    const noColor =
      argv.includes('--no-color') || process.env.NO_COLOR !== undefined || !process.stdout.isTTY;
    if (noColor) chalk.level = 0;
    // `nad scan big.pcap | head`: the reader went away; stop quietly.
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
    });
  }

  /** Writes a warning line to stderr unless --quiet. */
  protected warnLine(message: string): void {
    if (!this.quiet) process.stderr.write(`${chalk.yellow('warning:')} ${sanitizeLine(message)}\n`);
  }

  /** Writes an error line (and its hint) to stderr; the caller decides the exit code. */
  protected errorLine(err: NadError): void {
    process.stderr.write(`${chalk.red('error:')} ${err.describe()}\n`);
    if (err.hint !== undefined && !this.quiet)
      process.stderr.write(`${chalk.dim('hint:')} ${err.hint}\n`);
  }

  /**
   * Runs `work` on each file the inputs name (files, directories, globs, `-`; src/io/inputs.ts),
   * in turn. An InputError (not a capture, unreadable, corrupt) is reported and the next file is
   * still read; any other error stops the command. Inputs that name no file are warned about at
   * the end. Returns true when a file failed or nothing was read though something was asked
   * for, so that the command can exit 3 after the others.
   */
  protected async eachInput(
    inputs: readonly string[],
    work: (file: string) => Promise<void>,
  ): Promise<boolean> {
    const { files, problems } = await expandInputs(inputs);
    let failed = false;
    for (const file of files) {
      try {
        await work(file);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        this.errorLine(err);
        failed = true;
      }
    }
    for (const p of problems) this.warnLine(`${p.input}: ${p.reason}`);
    return failed || (files.length === 0 && problems.length > 0);
  }

  /**
   * Runs `work` with a signal that the first Ctrl-C (SIGINT) aborts: reading stops, what was
   * done is reported, and the command exits 130. A second Ctrl-C exits at once.
   */
  protected async withInterrupt<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const onSigint = (): void => {
      if (controller.signal.aborted) process.exit(ExitCode.interrupted);
      controller.abort();
    };
    process.on('SIGINT', onSigint);
    try {
      return await work(controller.signal);
    } finally {
      process.off('SIGINT', onSigint);
    }
  }

  /** Maps errors to exit codes: expected errors get one line + hint; bugs exit 70. */
  protected override async catch(
    err: Error & { exitCode?: number; oclif?: { exit?: number } },
  ): Promise<unknown> {
    if (err instanceof NadError) {
      this.errorLine(err);
      if (process.env.DEBUG) process.stderr.write(`${err.stack ?? ''}\n`);
      this.exit(err.exitCode);
    }
    // oclif's own errors (bad flags, missing arguments, this.exit) keep their handling.
    if (err.oclif !== undefined || (err as { code?: string }).code === 'EEXIT')
      return super.catch(err);
    process.stderr.write(`${chalk.red('internal error:')} ${err.message}\n`);
    process.stderr.write(
      process.env.DEBUG
        ? `${err.stack ?? ''}\n`
        : 'This is a bug in nad; run with DEBUG=1 for the stack trace and report it.\n',
    );
    this.exit(ExitCode.internal);
  }
}
