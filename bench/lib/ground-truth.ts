/**
 * Ground truth for detection checks: a labels file (fixtures/detection/labels.tsv) says, per
 * capture, which connections belong to an attack (or that all are benign) by rules on protocol,
 * addresses and ports, so "belongs to the attack" is written down rather than guessed in code.
 * `evaluateDetection` scans each listed capture and measures the flagged share.
 */
import { matches, type LabelRule } from '../../src/kdd/label-rules.js';
import type { ModelFile } from '../../src/model/serialize.js';
import { scanFile, type ScanRecord } from '../../src/app/scan/scan-file.js';

export { matches, parseLabels, type LabelRule } from '../../src/kdd/label-rules.js';

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
