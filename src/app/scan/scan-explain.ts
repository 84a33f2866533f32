/**
 * A scored row of `nad scan` as a ScanRecord: its endpoints, score, class, all 41 features, and
 * `why` — the features that pushed it towards attack (or, for a normal row, back), memoised per
 * encoded row.
 */
import { isoMicros, type FeatureRow } from '../../features/kdd.js';
import { KDD_FEATURE_NAMES } from '../../features/schema.js';
import { formatHost } from '../../flow/key.js';
import { bareLabel } from '../../kdd/labels.js';
import { attackContributions, topFeatures } from '../../model/explain.js';
import type { ModelFile } from '../../model/serialize.js';
import { malformedField, usesMalformedRule } from '../../rows/malformed-rule.js';
import { columnText } from '../../rows/novelty-scorer.js';
import type { ScanRecord } from '../../rows/scan-record.js';
import type { ScoredRow } from '../../rows/scorer.js';

/** Scores are reported to 4 decimals. */
export function roundScore(score: number): number {
  return Math.round(score * 1e4) / 1e4;
}

/** Number of feature values shown in `why`. */
const WHY_FEATURES = 3;

/** The record of a scored row, named as a row of `file`. */
export function toRecord(s: ScoredRow, file: string, why: Why): ScanRecord {
  const row = s.row;
  const e = row.endpoints;
  return {
    file,
    startTime: isoMicros(e.startMicros),
    startMicros: e.startMicros,
    srcAddr: formatHost(e.srcHost, e.ipVersion),
    srcPort: e.srcPort,
    dstAddr: formatHost(e.dstHost, e.ipVersion),
    dstPort: e.dstPort,
    protocol: row.symbols[0],
    service: row.symbols[1],
    flag: row.symbols[2],
    durationSec: row.numbers[0]!,
    srcBytes: row.numbers[4]!,
    dstBytes: row.numbers[5]!,
    attackLabel: s.score > 0 ? s.attackLabel : 'normal',
    category: s.score > 0 ? s.attackCategory : 'normal',
    score: roundScore(s.score),
    why: explainRow(s, row, why),
    features: featureObject(row),
  };
}

/** The features `why` names, by encoded row (they depend on the model input only). */
export type WhyMemo = Map<string, number[]>;
/** Entries kept at most in a WhyMemo (cleared when full). */
const WHY_MEMO_ROWS = 1 << 16;

/** What `why` needs: the model, the features named per encoded row, the threshold. */
export interface Why {
  model: ModelFile;
  memo: WhyMemo;
  threshold: number;
  /** The model applies the malformed-packet rule. */
  malformed: boolean;
}

/** A new Why for `model` at `threshold`. */
export function whyOf(model: ModelFile, threshold: number): Why {
  return { model, memo: new Map(), threshold, malformed: usesMalformedRule(model.info) };
}

function explainRow(s: ScoredRow, row: FeatureRow, w: Why): string {
  const { model, memo, threshold } = w;
  const broken = w.malformed ? malformedField(row.numbers, 0, row.symbols[0] === 'tcp') : undefined;
  if (broken !== undefined) return `malformed packet: ${broken}`;
  const key = s.key; // built on each access
  let top = memo.get(key);
  if (top === undefined) {
    // An anomaly names what pushed it towards attack; a normal row (--all) what pushed it back.
    const c = attackContributions(model.forest, s.x, normalClassOf(model));
    if (s.score < threshold) for (let i = 0; i < c.length; i++) c[i] = -c[i]!;
    top = topFeatures(c, WHY_FEATURES);
    if (memo.size >= WHY_MEMO_ROWS) memo.clear();
    memo.set(key, top);
  }
  let why = '';
  for (const i of top) why += `${why === '' ? '' : ' '}${columnText(row, i)}`;
  return why;
}

function normalClassOf(model: ModelFile): number {
  return model.info.classNames.findIndex((n) => bareLabel(n) === 'normal');
}

function featureObject(row: FeatureRow): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  const names = KDD_FEATURE_NAMES;
  const numbers = row.numbers;
  out[names[0]!] = numbers[0]!;
  out[names[1]!] = row.symbols[0];
  out[names[2]!] = row.symbols[1];
  out[names[3]!] = row.symbols[2];
  for (let i = 4; i < names.length; i++) out[names[i]!] = numbers[i]!;
  return out;
}
