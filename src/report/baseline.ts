/**
 * Rendering of `nad baseline train` and `nad baseline eval` (issue 14): the summaries printed at
 * the end (plain text; chalk only for headings).
 */
import chalk from 'chalk';
import type { BaselineEvalResult, BaselineTrainResult } from '../rows/baseline-results.js';
import { sanitizeLine } from '../common/sanitize.js';

/** Percent with two decimals, e.g. `0.93 %`. */
const pct = (v: number): string => `${(v * 100).toFixed(2)} %`;

/** The end-of-training summary. */
export function renderBaselineTrain(r: BaselineTrainResult): string {
  const t = r.threshold;
  const p = r.params;
  const kind =
    p.extensionLevel > 0
      ? `extended isolation forest (extension level ${p.extensionLevel})`
      : 'isolation forest';
  return [
    chalk.bold(`baseline written to ${sanitizeLine(r.out)}`) +
      ` (${(r.fileBytes / 1024).toFixed(0)} KiB)`,
    ...r.inputs.map((i) => `  ${sanitizeLine(i.name)}: ${i.connections} connections`),
    `connections: ${r.connections} of ${r.kinds} kinds (protocol/service/flag; any other kind is novel)`,
    `model: ${kind}, ${p.nTrees} trees of ψ = ${r.psi} rows, seed ${p.seed}`,
    `threshold ${t.value}: ${pct(t.holdoutShare)} of ${t.holdoutRows} training connections flagged, each scored by a forest of the other ${t.folds - 1} of ${t.folds} folds (chosen for ≤ ${pct(t.target)})`,
    `read ${r.readSeconds.toFixed(1)}s, fit ${r.fitSeconds.toFixed(1)}s`,
  ].join('\n');
}

/** The evaluation summary: false alarms, detection, ROC-AUC, per attack file. */
export function renderBaselineEval(r: BaselineEvalResult): string {
  const side = (name: string, s: BaselineEvalResult['benign']): string =>
    `${name}: ${s.flagged} of ${s.connections} connections flagged (${pct(s.share)}) in ${s.files} files`;
  const out = [
    chalk.bold(`baseline ${sanitizeLine(r.baseline)}, threshold ${r.threshold}`),
    side('benign', r.benign),
    side('attack', r.attack),
    `false-alarm rate ${pct(r.falseAlarmRate)}, detection ${pct(r.detectionRate)}, ROC-AUC ${r.rocAuc === null ? '-' : r.rocAuc.toFixed(4)}`,
  ];
  if (r.attackFiles.length > 0) out.push('per attack file:');
  for (const f of r.attackFiles)
    out.push(
      `  ${sanitizeLine(f.file)}: ${f.flagged} of ${f.connections} flagged (${pct(f.connections === 0 ? 0 : f.flagged / f.connections)})`,
    );
  return out.join('\n');
}
