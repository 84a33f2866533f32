/**
 * The whole-command part of `npm run bench:forest` (issue 13): `nad train` on the KDD 10 % file
 * as a user runs it — process start, read and validate, fit, out-of-bag scoring, model written —
 * against scikit-learn's read (pandas) + fit of the same file (bench/peers/sklearn_forest.py
 * `whole`), one after the other in the same run. The nad model is then scored on `corrected`
 * with `nad eval`, so a faster command that learned something else shows.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Flags of the timed `nad train`: nad's defaults (scikit-learn's forest defaults) on 2 cores. */
export const NAD_TRAIN_FLAGS = ['--trees', '100', '--jobs', '2'];

/** Times of one whole `nad train`, seconds. */
export interface NadWhole {
  readonly command: string;
  readonly wallSeconds: number;
  /** Reading and validating the KDD rows, as `nad train --json` reports it. */
  readonly readSeconds: number;
  readonly fitSeconds: number;
  /** 5-class accuracy of the model on `corrected` (`nad eval --json`). */
  readonly accuracy: number;
  readonly costPerExample: number;
}

/** Times of scikit-learn's read + fit, seconds (interpreter start and imports excluded). */
export interface SklearnWhole {
  readonly readSeconds: number;
  readonly fitSeconds: number;
  readonly wallSeconds: number;
}

/** Runs `node bin/run.js train <train> -o <tmp> …flags --json` and scores its model on `test`. */
export function timeNadTrain(train: string, test: string): NadWhole | string {
  const dir = mkdtempSync(join(tmpdir(), 'nad-bench-whole-'));
  try {
    const model = join(dir, 'whole.nadm');
    const args = ['bin/run.js', 'train', train, '-o', model, ...NAD_TRAIN_FLAGS, '--json'];
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
    const wallSeconds = (performance.now() - t0) / 1000;
    if (r.status !== 0) return `nad train: failed (${r.stderr.trim().split('\n').at(-1)})`;
    const trained = JSON.parse(r.stdout) as { readSeconds: number; fitSeconds: number };
    const e = spawnSync(process.execPath, ['bin/run.js', 'eval', '-m', model, test, '--json'], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    if (e.status !== 0) return `nad eval: failed (${e.stderr.trim().split('\n').at(-1)})`;
    const scored = JSON.parse(e.stdout) as { accuracy: number; costPerExample: number };
    return {
      command: `nad train ${train} -o <tmp> ${NAD_TRAIN_FLAGS.join(' ')}`,
      wallSeconds,
      readSeconds: trained.readSeconds,
      fitSeconds: trained.fitSeconds,
      accuracy: scored.accuracy,
      costPerExample: scored.costPerExample,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs scikit-learn's read + fit of `train` with `trees` trees on 2 jobs. */
export function timeSklearnWhole(
  python: string,
  train: string,
  trees: number,
): SklearnWhole | string {
  const t0 = performance.now();
  const r = spawnSync(python, ['bench/peers/sklearn_forest.py', 'whole', train, String(trees)], {
    encoding: 'utf8',
  });
  const wallSeconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) return `scikit-learn whole: failed (${r.stderr.trim().split('\n').at(-1)})`;
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Omit<SklearnWhole, 'wallSeconds'>;
  return { ...out, wallSeconds };
}

/** The lines bench:forest prints for the whole command, with the ratio and the checks. */
export function wholeReport(nad: NadWhole, sk: SklearnWhole | undefined): string[] {
  const s = (x: number): string => `${x.toFixed(2)} s`;
  const lines = [
    `whole command: ${nad.command}`,
    `  nad train, whole process:        ${s(nad.wallSeconds)} (read ${s(nad.readSeconds)}, fit ${s(nad.fitSeconds)}); model on corrected: ${(nad.accuracy * 100).toFixed(2)} % 5-class, cost ${nad.costPerExample.toFixed(4)}`,
  ];
  const checks: [string, boolean][] = [['nad KDD read ≤ 2 s', nad.readSeconds <= 2]];
  if (sk) {
    const ratio = nad.wallSeconds / (sk.readSeconds + sk.fitSeconds);
    lines.push(
      `  scikit-learn read + fit:         ${s(sk.readSeconds + sk.fitSeconds)} (read ${s(sk.readSeconds)}, fit ${s(sk.fitSeconds)}; process ${s(sk.wallSeconds)})`,
      `  ratio nad / scikit-learn:        ${ratio.toFixed(2)}`,
    );
    checks.push(['whole nad train ≤ 1.0 × scikit-learn read + fit', ratio <= 1]);
  }
  return [...lines, '', ...checks.map(([what, ok]) => `${ok ? 'PASS' : 'FAIL'}  ${what}`)];
}
