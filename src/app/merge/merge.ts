/**
 * `nad merge`: joins the NDJSON outputs of `nad scan --stream --shard i/n` (given in part order)
 * into one result and one summary. Part outputs are contiguous in time per sensor, so the merged
 * rows are the parts' rows one part after the other: the NDJSON lines are passed on unchanged
 * (byte for byte what one whole `--stream` scan writes); other orders and formats are built from
 * the parsed records.
 */
import { InputError } from '../../common/errors.js';
import { openSource } from '../../io/source.js';
import { RecordCollector, type ScanSort } from '../../rows/collect.js';
import type { MergeSummary } from '../../rows/merge-summary.js';
import type { ScanRecord } from '../../rows/scan-record.js';

export type { MergeSummary };

/** One part's output: a path (`-`: stdin; gzip is read too) or its text. */
export type MergeInput = string | { name: string; text: string };

/** How to merge. */
export interface MergeOptions {
  /** Rows scoring at least this are counted as anomalies (with a baseline: verdict ≠ normal). */
  threshold: number;
  /** Receives each NDJSON line (without its newline) in merged order instead of collecting records. */
  onLine?: (line: string) => void | Promise<void>;
  /** Without onLine: the order and limit of the collected records (default: time, all). */
  sort?: ScanSort;
  top?: number;
}

/** The merged rows (empty when they went to onLine) and the summary. */
export interface MergeResult {
  records: ScanRecord[];
  /** Records that `top` left out. */
  omitted: number;
  summary: MergeSummary;
}

/** Merges part outputs. A line that is not a row of `nad scan --format ndjson` → InputError. */
export async function mergeShardOutputs(
  inputs: readonly MergeInput[],
  options: MergeOptions,
): Promise<MergeResult> {
  const collector = new RecordCollector(options.sort ?? 'time', options.top);
  const summary: MergeSummary = {
    inputs: [],
    rows: 0,
    anomalies: 0,
    anomaliesByCategory: {},
    maxScore: 0,
    firstMicros: null,
    lastMicros: null,
  };
  for (const input of inputs) {
    const name = typeof input === 'string' ? (input === '-' ? '<stdin>' : input) : input.name;
    let rows = 0;
    for await (const [line, n] of linesOf(input)) {
      if (line.trim() === '') continue;
      const r = parseRow(line, name, n);
      count(summary, r, options.threshold);
      rows++;
      if (options.onLine !== undefined) {
        const wait = options.onLine(line);
        if (wait !== undefined) await wait;
      } else if (!collector.rejects(r.score, r.startMicros)) collector.add(r);
    }
    summary.inputs.push({ name, rows });
  }
  const kept = collector.finish();
  return { records: kept.records, omitted: kept.omitted, summary };
}

/** Adds row `r` to the summary. */
function count(s: MergeSummary, r: ScanRecord, threshold: number): void {
  s.rows++;
  const anomalous = r.verdict !== undefined ? r.verdict !== 'normal' : r.score >= threshold;
  if (anomalous) {
    s.anomalies++;
    s.anomaliesByCategory[r.category] = (s.anomaliesByCategory[r.category] ?? 0) + 1;
  }
  s.maxScore = Math.max(s.maxScore, r.score);
  s.firstMicros = s.firstMicros === null ? r.startMicros : Math.min(s.firstMicros, r.startMicros);
  s.lastMicros = s.lastMicros === null ? r.startMicros : Math.max(s.lastMicros, r.startMicros);
}

/** Fields every row must have, and their type. */
const REQUIRED: readonly [keyof ScanRecord, 'string' | 'number' | 'object'][] = [
  ['file', 'string'],
  ['startTime', 'string'],
  ['startMicros', 'number'],
  ['score', 'number'],
  ['category', 'string'],
  ['features', 'object'],
];

/** Parses one NDJSON row of `nad scan`. */
function parseRow(line: string, name: string, n: number): ScanRecord {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    v = undefined;
  }
  const o = v as Record<string, unknown> | undefined;
  const missing =
    o === undefined || o === null || typeof o !== 'object'
      ? 'not a JSON object'
      : REQUIRED.filter(([k, t]) => typeof o[k] !== t || o[k] === null)
          .map(([k]) => k)
          .join(', ');
  if (missing !== '') {
    throw new InputError(
      `line ${n} is not a row of \`nad scan --format ndjson\` (${o === undefined || typeof o !== 'object' ? missing : `missing or bad: ${missing}`})`,
      {
        location: { file: name },
        hint: 'Merge the NDJSON outputs of nad scan --stream --shard I/N --format ndjson.',
      },
    );
  }
  return o as unknown as ScanRecord;
}

/** The lines of an input with their numbers (1-based). */
async function* linesOf(input: MergeInput): AsyncGenerator<[string, number]> {
  if (typeof input !== 'string') {
    const lines = input.text.split('\n');
    for (let i = 0; i < lines.length; i++) yield [lines[i]!, i + 1];
    return;
  }
  const source = await openSource(input);
  const decoder = new TextDecoder();
  let rest = '';
  let n = 0;
  for await (const chunk of source.chunks) {
    const text = rest + decoder.decode(chunk, { stream: true });
    const lines = text.split('\n');
    rest = lines.pop()!;
    for (const line of lines) yield [line, ++n];
  }
  rest += decoder.decode();
  if (rest !== '') yield [rest, ++n];
}
