/**
 * Ground truth in labels files (fixtures/lab/labels.tsv, fixtures/detection/labels.tsv): per
 * capture, which connections belong to an attack (or that all are benign), by rules on protocol,
 * addresses and ports. Read by `nad baseline eval --labels` and the detection benches.
 */
import { InputError } from '../common/errors.js';
import { KDD_CATEGORIES } from './labels.js';

/** What a rule looks at in a connection (a ScanRecord has these fields). */
export interface ConnectionEnds {
  readonly protocol: string;
  readonly srcAddr: string;
  readonly srcPort: number;
  readonly dstAddr: string;
  readonly dstPort: number;
}

/** One rule of the labels file. */
export interface LabelRule {
  capture: string;
  kind: 'attack' | 'benign';
  conditions: Record<string, string>;
  category: string;
}

const CONDITION_KEYS = new Set(['proto', 'src', 'dst', 'sport', 'dport']);

/** Parses the labels file (TSV with a header; `#` lines are comments). */
export function parseLabels(text: string, file = 'labels.tsv'): LabelRule[] {
  const rules: LabelRule[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('#') || line.startsWith('capture\t')) return;
    const fields = line.split('\t');
    const [capture, kind, rule, category] = fields;
    const at = (column: number) => ({ location: { file, line: i + 1, column } });
    if (fields.length < 4 || capture === '')
      throw new InputError(
        'expected: capture, attack|benign, rule, category (tab-separated)',
        at(Math.min(fields.length + 1, 4)),
      );
    if (kind !== 'attack' && kind !== 'benign')
      throw new InputError(`kind must be attack or benign, got "${kind}"`, at(2));
    if (!(KDD_CATEGORIES as readonly string[]).includes(category!))
      throw new InputError(
        `category must be one of ${KDD_CATEGORIES.join(', ')}, got "${category}"`,
        at(4),
      );
    const conditions: Record<string, string> = {};
    for (const term of rule === '*' ? [] : rule!.split(' ')) {
      const [k, v] = term.split('=');
      if (k === undefined || v === undefined || v === '' || !CONDITION_KEYS.has(k))
        throw new InputError(
          `bad condition "${term}" (expected proto=, src=, dst=, sport= or dport=)`,
          at(3),
        );
      if ((k === 'sport' || k === 'dport') && !/^\d{1,5}$/.test(v))
        throw new InputError(`bad port in "${term}"`, at(3));
      conditions[k] = v;
    }
    rules.push({ capture: capture!, kind, conditions, category: category! });
  });
  return rules;
}

/** True when `r` satisfies every condition of `rule`. */
export function matches(rule: LabelRule, r: ConnectionEnds): boolean {
  const c = rule.conditions;
  return (
    (c.proto === undefined || c.proto === r.protocol) &&
    (c.src === undefined || c.src === r.srcAddr) &&
    (c.dst === undefined || c.dst === r.dstAddr) &&
    (c.sport === undefined || Number(c.sport) === r.srcPort) &&
    (c.dport === undefined || Number(c.dport) === r.dstPort)
  );
}

/** The rules of the capture at `path`: those whose capture is `path` or ends it after a `/`. */
export function rulesFor(rules: readonly LabelRule[], path: string): LabelRule[] {
  const p = path.replace(/\\/g, '/');
  return rules.filter((r) => p === r.capture || p.endsWith(`/${r.capture}`));
}
