/**
 * The lab rows the baseline benches use (fixtures/lab/, labels.tsv): the benign TRAIN runs as
 * training rows (TrainingRows: the baseline's encoding and vocabularies), and the VALIDATION
 * runs as test rows encoded with those vocabularies — every connection of a benign capture
 * (label 0), and the connections an attack capture's rules select (label 1, with its scenario);
 * and `nad scan --baseline` over the captures of a split, counted per capture.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractFeatures } from '../../src/app/features/features.js';
import { formatHost } from '../../src/flow/key.js';
import type { FeatureRow } from '../../src/features/kdd.js';
import { matches } from '../../src/kdd/label-rules.js';
import { scanFile } from '../../src/app/scan/scan-file.js';
import type { Baseline } from '../../src/model/baseline-file.js';
import type { ModelFile } from '../../src/model/serialize.js';
import { BASELINE_FEATURES, TrainingRows, baselineScale } from '../../src/rows/baseline-rows.js';
import { RowEncoder } from '../../src/rows/row-encoder.js';
import { parseLabLabels, type RealworldRule } from '../lib/realworld-labels.js';

/** fixtures/ */
export const FIXTURES = 'fixtures';

/** The rules of fixtures/lab/labels.tsv. */
export function labRules(): RealworldRule[] {
  return parseLabLabels(readFileSync(join(FIXTURES, 'lab/labels.tsv'), 'utf8'));
}

/** Encoded rows of the benign captures of one split. */
export async function benignRows(split: 'train' | 'validation'): Promise<TrainingRows> {
  const rows = new TrainingRows();
  const captures = [
    ...new Set(
      labRules()
        .filter((r) => r.kind === 'benign' && r.split === split)
        .map((r) => r.capture),
    ),
  ].sort(); // path order, as `nad baseline train DIR/benign_*` reads them
  for (const c of captures)
    await extractFeatures(join(FIXTURES, c), (row) => rows.add(row), { set: 'extended' });
  return rows;
}

/** Labelled test rows: X (row-major), label (1 attack), scenario and capture of each row. */
export interface LabelledMatrix {
  X: Float32Array;
  n: number;
  label: Uint8Array;
  scenario: string[];
  capture: string[];
}

/** The connections of the validation captures, encoded with `train`'s vocabularies. */
export async function validationRows(train: TrainingRows): Promise<LabelledMatrix> {
  const encoder = new RowEncoder({
    featureNames: BASELINE_FEATURES,
    featureCategories: train.categories(),
  });
  const w = encoder.width;
  const chunks: Float32Array[] = [];
  const label: number[] = [];
  const scenario: string[] = [];
  const capture: string[] = [];
  const rules = labRules().filter((r) => r.split === 'validation');
  for (const c of [...new Set(rules.map((r) => r.capture))]) {
    const own = rules.filter((r) => r.capture === c);
    const benign = own.every((r) => r.kind === 'benign');
    await extractFeatures(
      join(FIXTURES, c),
      (row) => {
        const rule = benign
          ? own[0]
          : own.find((r) => r.kind === 'attack' && matches(r, rowEnds(row)));
        if (rule === undefined) return;
        const x = new Float32Array(w);
        encoder.encode(row, x, 0);
        baselineScale(x, 0, w);
        chunks.push(x);
        label.push(benign ? 0 : 1);
        scenario.push(rule.scenario);
        capture.push(c);
      },
      { set: 'extended' },
    );
  }
  const X = new Float32Array(chunks.length * w);
  chunks.forEach((x, i) => X.set(x, i * w));
  return { X, n: chunks.length, label: Uint8Array.from(label), scenario, capture };
}

/** What a label rule looks at in a feature row. */
export function rowEnds(row: FeatureRow): Parameters<typeof matches>[1] {
  const e = row.endpoints;
  return {
    protocol: row.symbols[0],
    srcAddr: formatHost(e.srcHost, e.ipVersion),
    srcPort: e.srcPort,
    dstAddr: formatHost(e.dstHost, e.ipVersion),
    dstPort: e.dstPort,
  };
}

/** What `nad scan --baseline` found in one lab capture (connections its rules select). */
export interface LabScan {
  capture: string;
  benign: boolean;
  /** Connections counted: all of a benign capture, those of the attack otherwise. */
  n: number;
  /** Novelty at or above the baseline's threshold. */
  flagged: number;
  /** Supervised score at or above its threshold; below it, and of those how many are novel. */
  sup: number;
  missed: number;
  missedFlagged: number;
  /** Combined verdict attack or novel; supervised detections whose verdict is not attack. */
  combined: number;
  lost: number;
}

/** Scans the captures of a split with the scan model and a baseline (nad scan --baseline). */
export async function scanLab(
  split: 'train' | 'validation',
  baseline: Baseline,
  model: ModelFile,
  threshold: number,
): Promise<LabScan[]> {
  const rules = labRules().filter((r) => r.split === split);
  const out: LabScan[] = [];
  const noveltyThreshold = baseline.info.threshold.value;
  for (const capture of [...new Set(rules.map((r) => r.capture))]) {
    const own = rules.filter((r) => r.capture === capture);
    const benign = own.every((r) => r.kind === 'benign');
    const c: LabScan = { capture, benign, n: 0, flagged: 0, sup: 0, missed: 0, missedFlagged: 0, combined: 0, lost: 0 }; // prettier-ignore
    await scanFile(join(FIXTURES, capture), model, {
      threshold,
      all: true,
      failOn: undefined,
      baseline,
      onRecord: (r) => {
        if (!benign && !own.some((x) => x.kind === 'attack' && matches(x, r))) return;
        const novel = r.novelty! >= noveltyThreshold;
        c.n++;
        if (novel) c.flagged++;
        if (r.score >= threshold) c.sup++;
        else if (novel) c.missedFlagged++;
        if (r.score < threshold) c.missed++;
        if (r.verdict !== 'normal') c.combined++;
        if (r.score >= threshold && r.verdict !== 'attack') c.lost++;
      },
    });
    out.push(c);
  }
  return out;
}

/** The sum of some captures' counts. */
export function sumScans(scans: readonly LabScan[]): LabScan {
  const s: LabScan = { capture: 'all', benign: false, n: 0, flagged: 0, sup: 0, missed: 0, missedFlagged: 0, combined: 0, lost: 0 }; // prettier-ignore
  for (const c of scans)
    for (const k of ['n', 'flagged', 'sup', 'missed', 'missedFlagged', 'combined', 'lost'] as const)
      s[k] += c[k];
  return s;
}
