/** What `nad merge` prints after the rows: rows per part, then the merged totals. */
import { sanitize } from '../common/sanitize.js';
import { isoMicros } from '../features/kdd.js';
import type { MergeSummary } from '../rows/merge-summary.js';

export type { MergeSummary };

/** The summary lines of a merge, e.g. `merged 4 parts: 2,024 rows, 2,013 anomalies (…)`. */
export function renderMergeSummary(s: MergeSummary, threshold: number): string {
  const lines = s.inputs.map((i) => `${sanitize(i.name)}: ${i.rows.toLocaleString('en-US')} rows`);
  const cats = Object.entries(s.anomaliesByCategory)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const span =
    s.firstMicros === null || s.lastMicros === null
      ? ''
      : `, starts ${isoMicros(s.firstMicros)} … ${isoMicros(s.lastMicros)}`;
  const parts = s.inputs.length === 1 ? 'part' : 'parts';
  lines.push(
    `merged ${s.inputs.length} ${parts}: ${s.rows.toLocaleString('en-US')} rows, ` +
      `${s.anomalies.toLocaleString('en-US')} ${s.anomalies === 1 ? 'anomaly' : 'anomalies'}` +
      `${cats === '' ? '' : ` (${cats})`} at score ≥ ${threshold}, max score ${s.maxScore}${span}`,
  );
  return lines.join('\n');
}
