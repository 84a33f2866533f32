/**
 * Ground truth for detection checks: a labels file (fixtures/detection/labels.tsv) says, per
 * capture, which connections belong to an attack (or that all are benign) by rules on protocol,
 * addresses and ports, so "belongs to the attack" is written down rather than guessed in code.
 * `evaluateDetection` scans each listed capture and measures the flagged share.
 */
import { InputError } from '../../src/common/errors.js';
import { KDD_CATEGORIES } from '../../src/kdd/labels.js';
import type { ModelFile } from '../../src/model/serialize.js';
import { scanFile, type ScanRecord } from '../../src/app/scan/scan-file.js';

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
export function matches(rule: LabelRule, r: ScanRecord): boolean {
  const c = rule.conditions;
  return (
    (c.proto === undefined || c.proto === r.protocol) &&
    (c.src === undefined || c.src === r.srcAddr) &&
    (c.dst === undefined || c.dst === r.dstAddr) &&
    (c.sport === undefined || Number(c.sport) === r.srcPort) &&
    (c.dport === undefined || Number(c.dport) === r.dstPort)
  );
}

/** Detection outcome of one capture. */
export interface DetectionResult {
  capture: string;
  kind: 'attack' | 'benign';
  /** Connections the rules select (the attack's, or all of a benign capture). */
  selected: number;
  /** Of those, how many scored at or above the threshold. */
  flagged: number;
  rate: number;
  /** Flagged attack connections whose predicted category is the expected one. */
  categoryHits: number;
  /** Predicted categories of the flagged selected connections. */
  predicted: Record<string, number>;
}

/** Scans every capture of `rules` (paths under `root`) with `model` and measures detection. */
export async function evaluateDetection(
  rules: readonly LabelRule[],
  root: string,
  model: ModelFile,
  threshold: number,
): Promise<DetectionResult[]> {
  const captures = [...new Set(rules.map((r) => r.capture))];
  const out: DetectionResult[] = [];
  for (const capture of captures) {
    const own = rules.filter((r) => r.capture === capture);
    const res: DetectionResult = {
      capture,
      kind: own[0]!.kind,
      selected: 0,
      flagged: 0,
      rate: 0,
      categoryHits: 0,
      predicted: {},
    };
    const onRecord = (rec: ScanRecord): void => {
      const rule = own.find((r) => matches(r, rec));
      if (rule === undefined) return;
      res.selected++;
      if (rec.score < threshold) return;
      res.flagged++;
      res.predicted[rec.category] = (res.predicted[rec.category] ?? 0) + 1;
      if (rec.category === rule.category) res.categoryHits++;
    };
    await scanFile(`${root}/${capture}`, model, {
      threshold,
      all: true,
      failOn: undefined,
      onRecord,
    });
    res.rate = res.selected === 0 ? 0 : res.flagged / res.selected;
    out.push(res);
  }
  return out;
}
