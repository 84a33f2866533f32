/**
 * `nad baseline eval` (issue 14): scores benign and attack captures with a baseline and reports
 * the false-alarm rate (benign connections flagged), the detection rate (attack connections
 * flagged) and the ROC-AUC of the novelty score. With a labels file (fixtures/lab/labels.tsv
 * format), only the connections an attack capture's rules select count as attack, and a capture
 * labelled benign counts as benign wherever it was given.
 */
import { InputError } from '../../common/errors.js';
import { formatHost } from '../../flow/key.js';
import type { FeatureRow } from '../../features/kdd.js';
import { readBaselineFile } from '../../io/baseline-file.js';
import { expandInputs, type InputProblem } from '../../io/inputs.js';
import { matches, rulesFor, type LabelRule } from '../../kdd/label-rules.js';
import { rocAuc } from '../../kdd/metrics.js';
import type { BaselineEvalResult, BaselineEvalSide } from '../../rows/baseline-results.js';
import { NoveltyScorer } from '../../rows/novelty-scorer.js';
import { extractFeatures } from '../features/features.js';

export type { BaselineEvalResult };

/** What to evaluate. */
export interface BaselineEvalOptions {
  readonly baseline: string;
  readonly benign: readonly string[];
  readonly attack: readonly string[];
  /** Rules of a labels file; undefined: every connection of an attack input is an attack. */
  readonly labels?: readonly LabelRule[];
}

/** The result, and the inputs that could not be read (reported, then exit 3). */
export interface BaselineEvalOutcome {
  readonly result: BaselineEvalResult;
  readonly errors: readonly InputError[];
  readonly problems: readonly InputProblem[];
  /** Attack inputs the labels file says nothing of (not counted). */
  readonly unlabelled: readonly string[];
}

/** Which side a connection of a file counts on: attack, benign, or not counted. */
type Side = (row: FeatureRow) => 'attack' | 'benign' | undefined;

/** Evaluates a baseline on benign and attack inputs. */
export async function evaluateBaseline(o: BaselineEvalOptions): Promise<BaselineEvalOutcome> {
  const scorer = new NoveltyScorer(await readBaselineFile(o.baseline));
  const scores: number[] = [];
  const positive: number[] = [];
  const errors: InputError[] = [];
  const problems: InputProblem[] = [];
  const unlabelled: string[] = [];
  const sides = { benign: side(), attack: side() };
  const attackFiles: BaselineEvalResult['attackFiles'][number][] = [];
  const seen = new Set<string>(); // a file given twice (benign glob and attack directory) counts once
  const run = async (inputs: readonly string[], given: 'benign' | 'attack'): Promise<void> => {
    const expanded = await expandInputs(inputs);
    problems.push(...expanded.problems);
    for (const file of expanded.files) {
      if (seen.has(file)) continue;
      seen.add(file);
      const sideOf = sideFor(file, given, o.labels);
      if (sideOf === undefined) {
        unlabelled.push(file);
        continue;
      }
      const counted = new Set<'benign' | 'attack'>();
      const perFile = { file, connections: 0, flagged: 0 };
      try {
        const r = await extractFeatures(
          file,
          (row) => {
            const s = sideOf(row);
            if (s === undefined) return;
            const score = scorer.score(row);
            const hit = score >= scorer.threshold;
            scores.push(score);
            positive.push(s === 'attack' ? 1 : 0);
            sides[s].connections++;
            if (hit) sides[s].flagged++;
            counted.add(s);
            if (s === 'attack') {
              perFile.connections++;
              if (hit) perFile.flagged++;
            }
          },
          { set: scorer.featureSet },
        );
        if (r.error !== undefined) errors.push(r.error);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        errors.push(err);
      }
      for (const s of counted) sides[s].files++;
      if (counted.has('attack')) attackFiles.push(perFile);
    }
  };
  await run(o.benign, 'benign');
  await run(o.attack, 'attack');
  const benign = finish(sides.benign);
  const attack = finish(sides.attack);
  const result: BaselineEvalResult = {
    baseline: o.baseline,
    threshold: scorer.threshold,
    benign,
    attack,
    falseAlarmRate: benign.share,
    detectionRate: attack.share,
    rocAuc: rocAuc(scores, positive),
    attackFiles,
  };
  return { result, errors, problems, unlabelled };
}

function side(): { files: number; connections: number; flagged: number } {
  return { files: 0, connections: 0, flagged: 0 };
}

function finish(s: { files: number; connections: number; flagged: number }): BaselineEvalSide {
  return { ...s, share: s.connections === 0 ? 0 : s.flagged / s.connections };
}

/** How the connections of `file` count; undefined when the labels file does not list it. */
function sideFor(
  file: string,
  given: 'benign' | 'attack',
  labels: readonly LabelRule[] | undefined,
): Side | undefined {
  if (labels === undefined) return () => given;
  const rules = rulesFor(labels, file);
  if (rules.length === 0) return given === 'benign' ? () => 'benign' : undefined;
  if (rules.every((r) => r.kind === 'benign')) return () => 'benign';
  const attack = rules.filter((r) => r.kind === 'attack');
  return (row) => {
    const e = row.endpoints;
    const ends = {
      protocol: row.symbols[0],
      srcAddr: formatHost(e.srcHost, e.ipVersion),
      srcPort: e.srcPort,
      dstAddr: formatHost(e.dstHost, e.ipVersion),
      dstPort: e.dstPort,
    };
    return attack.some((r) => matches(r, ends)) ? 'attack' : undefined;
  };
}
