/**
 * The lab rows the baseline benches use (fixtures/lab/, labels.tsv): the benign TRAIN runs as
 * training rows (TrainingRows: the baseline's encoding and vocabularies), and the VALIDATION
 * runs as test rows encoded with those vocabularies — every connection of a benign capture
 * (label 0), and the connections an attack capture's rules select (label 1, with its scenario).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractFeatures } from '../../src/app/features/features.js';
import { formatHost } from '../../src/flow/key.js';
import type { FeatureRow } from '../../src/features/kdd.js';
import { matches } from '../../src/kdd/label-rules.js';
import { BASELINE_FEATURES, TrainingRows } from '../../src/rows/baseline-rows.js';
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
