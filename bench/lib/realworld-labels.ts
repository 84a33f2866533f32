/**
 * The two labelled sets of `npm run bench:realworld` (issue 12) as one list of rules:
 * - the shared corpus (bench/realworld/corpus-labels.tsv: path, split, label, scope, reason;
 *   captures under ../shared/corpus, not part of the project), and
 * - the lab captures (fixtures/lab/labels.tsv: capture, kind, rule, category, scenario; the
 *   split is the folder, lab/train/ or lab/validation/).
 * Rules use the conditions of fixtures/detection/labels.tsv (bench/lib/ground-truth.ts).
 */
import { InputError } from '../../src/common/errors.js';
import { parseLabels, type LabelRule } from './ground-truth.js';

/** A rule with the scenario (attack kind, or benign) and split of its capture. */
export interface RealworldRule extends LabelRule {
  /** benign, scan, synflood, flood, bruteforce, dirbrute, malformed, slowdos, tunnel, exploit, other-attack. */
  scenario: string;
  split: 'train' | 'validation';
  /** Which set the capture belongs to. */
  set: 'corpus' | 'lab';
}

/** KDD category an attack kind is expected to be detected as. */
export const SCENARIO_CATEGORY: Record<string, string> = {
  benign: 'normal',
  scan: 'probe',
  dirbrute: 'probe',
  synflood: 'dos',
  flood: 'dos',
  malformed: 'dos',
  slowdos: 'dos',
  bruteforce: 'r2l',
  tunnel: 'r2l',
  exploit: 'r2l',
  'other-attack': 'r2l',
};

/** Kinds that are content-only: labelled, reported, but out of scope for connection features. */
export const OUT_OF_SCOPE = new Set(['exploit']);

/** Parses corpus-labels.tsv; `unusable` files are left out. */
export function parseCorpusLabels(text: string, file = 'corpus-labels.tsv'): RealworldRule[] {
  const rules: RealworldRule[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('#') || line.startsWith('path\t')) return;
    const fields = line.split('\t');
    const [path, split, label = '', scope = ''] = fields;
    const where = { file, line: i + 1 };
    if (fields.length < 5 || path === '')
      throw new InputError('expected: path, split, label, scope, reason (tab-separated)', {
        location: { ...where, column: Math.min(fields.length + 1, 5) },
      });
    if (split !== 'train' && split !== 'validation')
      throw new InputError(`split must be train or validation, got "${split}"`, {
        location: { ...where, column: 2 },
      });
    if (label === 'unusable') return;
    if (scope === '')
      throw new InputError('scope must be `file` or a rule', { location: { ...where, column: 4 } });
    if (SCENARIO_CATEGORY[label] === undefined)
      throw new InputError(`unknown label "${label}"`, { location: { ...where, column: 3 } });
    const kind = label === 'benign' ? 'benign' : 'attack';
    const rule = scope === 'file' ? '*' : scope;
    let parsed: LabelRule | undefined;
    try {
      [parsed] = parseLabels(`${path}\t${kind}\t${rule}\t${SCENARIO_CATEGORY[label]}\n`, file);
    } catch (err) {
      // the rule is column 4 here (column 3 of the detection format)
      throw new InputError((err as InputError).message, { location: { ...where, column: 4 } });
    }
    rules.push({ ...parsed!, scenario: label, split, set: 'corpus' });
  });
  return rules;
}

/** Parses fixtures/lab/labels.tsv (5th column: scenario); the split is the capture's folder. */
export function parseLabLabels(text: string, file = 'labels.tsv'): RealworldRule[] {
  const rules = parseLabels(text, file);
  const scenarios: string[] = [];
  text.split('\n').forEach((l, i) => {
    if (l.trim() === '' || l.startsWith('#') || l.startsWith('capture\t')) return;
    const scenario = l.split('\t')[4];
    const category = l.split('\t')[3];
    if (scenario === undefined || SCENARIO_CATEGORY[scenario] === undefined)
      throw new InputError(
        `scenario must be one of ${Object.keys(SCENARIO_CATEGORY).join(', ')}, got "${scenario ?? ''}"`,
        { location: { file, line: i + 1, column: 5 } },
      );
    if (category !== undefined && SCENARIO_CATEGORY[scenario] !== category)
      throw new InputError(
        `category ${category} does not match scenario ${scenario} (${SCENARIO_CATEGORY[scenario]})`,
        { location: { file, line: i + 1, column: 4 } },
      );
    scenarios.push(scenario);
  });
  return rules.map((r, i) => ({
    ...r,
    scenario: scenarios[i] ?? 'benign',
    split: r.capture.includes('/validation/') ? 'validation' : 'train',
    set: 'lab',
  }));
}
