/**
 * Rendering of `nad eval` (issue 5): the confusion matrix (rows true, columns predicted) and
 * the per-class scores as cli-table3 tables, then accuracy, KDD cost, detection and
 * false-alarm rates and ROC-AUC. Timings are left to --json so the text is reproducible.
 */
import chalk from 'chalk';
import Table from 'cli-table3';
import type { EvalResult } from '../kdd/results.js';
import type { ClassScores, Confusion } from '../kdd/metrics.js';

const PLAIN = { head: [] as string[], border: [] as string[] };

const pct = (v: number | null, digits = 2): string =>
  v === null ? '-' : `${(v * 100).toFixed(digits)} %`;
const fixed = (v: number | null, digits = 4): string => (v === null ? '-' : v.toFixed(digits));

/** The confusion matrix with row and column totals. */
export function renderConfusion(c: Confusion): string {
  const table = new Table({
    head: ['true \\ predicted', ...c.columns, 'total'],
    style: PLAIN,
    colAligns: ['left', ...c.columns.map(() => 'right' as const), 'right'],
  });
  c.rows.forEach((name, i) => {
    const row = c.counts[i]!;
    table.push([name, ...row.map(String), String(row.reduce((a, b) => a + b, 0))]);
  });
  const totals = c.columns.map((_, j) => c.counts.reduce((a, row) => a + row[j]!, 0));
  table.push(['total', ...totals.map(String), String(totals.reduce((a, b) => a + b, 0))]);
  return table.toString();
}

/** Precision, recall, F1 and support per class. */
export function renderClassScores(scores: readonly ClassScores[]): string {
  const table = new Table({
    head: ['class', 'precision', 'recall', 'F1', 'support'],
    style: PLAIN,
    colAligns: ['left', 'right', 'right', 'right', 'right'],
  });
  for (const s of scores)
    table.push([s.name, fixed(s.precision), fixed(s.recall), fixed(s.f1), String(s.support)]);
  return table.toString();
}

/** The whole text report. */
export function renderEval(r: EvalResult): string {
  const m = r.model;
  const out: string[] = [];
  const source = m.trainedOn === null ? '' : `, trained on ${m.trainedOn}`;
  out.push(
    `${chalk.bold('model')} ${m.path}${m.isDefault ? ' (default)' : ''}: ${m.target} target, ` +
      `${m.classes.length} classes, ${m.trees} trees${source}`,
  );
  for (const f of r.files)
    out.push(
      `${chalk.bold('data')}  ${f.file}: ${f.rows} rows${f.badRows ? `, ${f.badRows} bad rows skipped` : ''}`,
    );
  out.push(`decision rule: ${r.decision}; level: ${r.by}`);
  if (r.unknownSymbolRows > 0)
    out.push(`rows with a protocol, service or flag unseen in training: ${r.unknownSymbolRows}`);
  if (r.unseenLabels.length > 0) {
    const list = r.unseenLabels.map((u) => `${u.label} (${u.category}, ${u.rows})`).join(', ');
    out.push(`labels unseen in training, scored by category: ${list}`);
  }
  out.push(
    '',
    chalk.bold('confusion matrix (rows: true, columns: predicted)'),
    renderConfusion(r.confusion),
  );
  out.push('', chalk.bold('per class'), renderClassScores(r.perClass), '');
  out.push(`accuracy (${r.by}):      ${pct(r.accuracy)}`);
  if (r.by !== 'category' && r.categoryAccuracy !== null)
    out.push(`5-class accuracy:         ${pct(r.categoryAccuracy)}`);
  out.push(`cost per example:         ${fixed(r.costPerExample)}`);
  out.push(`detection rate:           ${pct(r.detectionRate)}`);
  out.push(`false-alarm rate:         ${pct(r.falseAlarmRate)}`);
  out.push(`ROC-AUC of P(attack):     ${fixed(r.rocAuc)}`);
  return out.join('\n');
}
