/**
 * `npm run fuzz -- --runs N [--kind K] [--jobs J] [--seed S]`: the long fuzz campaign of issue 8.
 * Each kind (bench/fuzz-kinds.ts) runs N inputs with fast-check; a failure is shrunk to a
 * minimal input, written to .bench-data/fuzz-findings/, printed, and the campaign goes on with
 * the next seed until N inputs ran. Kinds run in parallel child processes (--jobs, default 2).
 * (Coverage-guided fuzzing with @jazzer.js/core was tried: its prebuilt native module needs
 * glibc 2.38, which these machines do not have.)
 */
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { KINDS } from './fuzz-kinds.js';
import { ROOT } from './fuzz-mutate.js';

interface KindReport {
  kind: string;
  runs: number;
  failures: { seed: number; error: string; file: string }[];
  seconds: number;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

/** Runs `total` inputs of one kind, restarting after each (shrunk) failure. */
async function runKind(name: string, total: number, firstSeed: number): Promise<KindReport> {
  const kind = KINDS[name];
  if (kind === undefined)
    throw new Error(`unknown kind ${name}; kinds: ${Object.keys(KINDS).join(', ')}`);
  const started = Date.now();
  const report: KindReport = { kind: name, runs: 0, failures: [], seconds: 0 };
  const arb = kind.arb();
  let seed = firstSeed;
  while (report.runs < total) {
    const numRuns = Math.min(total - report.runs, 10_000);
    const result = await fc.check(
      fc.asyncProperty(arb, (x) => kind.run(x)),
      { numRuns, seed, timeout: 5_000, endOnFailure: false },
    );
    report.runs += result.numRuns;
    if (result.failed) {
      const dir = join(ROOT, '.bench-data/fuzz-findings');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${name}-${seed}.bin`);
      const example = result.counterexample?.[0];
      const bytes =
        example instanceof Uint8Array
          ? example
          : Array.isArray(example)
            ? example.find((v) => v instanceof Uint8Array)
            : undefined;
      if (bytes instanceof Uint8Array) writeFileSync(file, bytes);
      const error = String(
        (result.errorInstance as Error | undefined)?.stack ?? result.errorInstance,
      )
        .split('\n')
        .slice(0, 4)
        .join(' | ');
      report.failures.push({ seed, error, file });
      process.stderr.write(`[${name}] FAILURE seed ${seed}: ${error}\n  → ${file}\n`);
    }
    seed++;
  }
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

async function main(): Promise<void> {
  const runs = Number(arg('runs', '100000'));
  const only = arg('kind', '');
  const jobs = Number(arg('jobs', '2'));
  const seed = Number(arg('seed', String(Date.now() % 1_000_000)));
  if (process.env.NAD_FUZZ_CHILD !== undefined) {
    const r = await runKind(only, runs, seed);
    process.send?.(r);
    return;
  }
  const kinds = only !== '' ? only.split(',') : Object.keys(KINDS);
  console.log(
    `fuzz: ${runs} inputs per kind, kinds ${kinds.join(', ')}, ${jobs} jobs, seed ${seed}`,
  );
  const reports: KindReport[] = [];
  const queue = [...kinds];
  const worker = async (): Promise<void> => {
    for (let k = queue.shift(); k !== undefined; k = queue.shift()) {
      const args = ['--runs', String(runs), '--kind', k, '--seed', String(seed)];
      const child = fork(process.argv[1]!, args, { env: { ...process.env, NAD_FUZZ_CHILD: '1' } });
      const r = await new Promise<KindReport>((resolve, reject) => {
        let got: KindReport | undefined;
        child.on('message', (m) => (got = m as KindReport));
        child.on('exit', (code) =>
          got !== undefined ? resolve(got) : reject(new Error(`${k}: child exited ${code}`)),
        );
      });
      console.log(
        `${r.kind.padEnd(12)} ${String(r.runs).padStart(8)} inputs  ${r.failures.length} failing seeds  ${r.seconds.toFixed(1)} s`,
      );
      reports.push(r);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
  const failures = reports.flatMap((r) => r.failures.map((f) => ({ kind: r.kind, ...f })));
  for (const f of failures)
    console.log(`FAILURE ${f.kind} seed ${f.seed}: ${f.error}\n  ${f.file}`);
  console.log(
    `total: ${reports.reduce((s, r) => s + r.runs, 0)} inputs, ${failures.length} failures`,
  );
  process.exitCode = failures.length > 0 ? 1 : 0;
}

await main();
