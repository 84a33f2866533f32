/**
 * Rendering of `nad train` (issue 5): the progress bar drawn on stderr while trees are built
 * (only when stderr is a terminal) and the summary printed at the end.
 */
import chalk from 'chalk';
import type { TrainResult } from '../kdd/results.js';

const BAR_WIDTH = 30;

/** Seconds as `12.3s` or `4m05s`. */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '--';
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.round(s - m * 60)).padStart(2, '0')}s`;
}

/** One progress line: bar, trees built / total, elapsed, ETA (linear in trees). */
export function progressLine(built: number, total: number, elapsedSec: number): string {
  const filled = Math.round((built / total) * BAR_WIDTH);
  const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
  const eta = built === 0 ? NaN : (elapsedSec / built) * (total - built);
  return `trees ${bar} ${built}/${total}  elapsed ${formatSeconds(elapsedSec)}  ETA ${formatSeconds(eta)}`;
}

const pct = (v: number | null): string => (v === null ? '-' : `${(v * 100).toFixed(3)} %`);

/** The end-of-training summary (plain text; chalk only for headings). */
export function renderTrainSummary(r: TrainResult): string {
  const out: string[] = [];
  out.push(chalk.bold(`model written to ${r.out}`) + ` (${(r.modelBytes / 1024).toFixed(0)} KiB)`);
  for (const f of r.files)
    out.push(
      `  ${f.file}: ${f.rows} rows${f.badRows > 0 ? `, ${f.badRows} bad rows skipped` : ''}`,
    );
  out.push(`rows: ${r.rows}${r.badRows > 0 ? ` (${r.badRows} bad rows skipped)` : ''}`);
  out.push(`target: ${r.target}, ${r.classes.length} classes; decision rule: ${r.decision}`);
  const width = Math.max(...r.classes.map((c) => c.name.length));
  for (const c of [...r.classes].sort((a, b) => b.count - a.count)) {
    const w = c.weight !== 1 ? `  weight ${c.weight.toPrecision(3)}` : '';
    out.push(`  ${c.name.padEnd(width)}  ${String(c.count).padStart(8)}${w}`);
  }
  const p = r.params;
  out.push(
    `forest: ${p.nEstimators} trees, criterion ${p.criterion}, max depth ${p.maxDepth ?? 'none'}, ` +
      `min samples/leaf ${p.minSamplesLeaf}, max features ${p.maxFeatures}, seed ${p.seed}`,
  );
  out.push(`read: ${formatSeconds(r.readSeconds)}, fit: ${formatSeconds(r.fitSeconds)}`);
  if (r.oob !== null) {
    const cost =
      r.oob.costPerExample === null ? '' : `, cost/example ${r.oob.costPerExample.toFixed(5)}`;
    out.push(`out-of-bag (${r.oob.rows} rows): accuracy ${pct(r.oob.accuracy)}${cost}`);
  }
  out.push('top features (impurity importance):');
  for (const f of r.topFeatures) out.push(`  ${f.name.padEnd(28)} ${f.importance.toFixed(4)}`);
  return out.join('\n');
}
