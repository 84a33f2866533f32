/**
 * Labelled feature rows from labelled captures (issue 12): each capture of a rule list is read
 * with the extended feature set, each connection gets the first rule it matches (benign → normal,
 * an attack kind → its category) and connections an attack capture's rules do not name
 * (background, answers of their own) are left out, as bench:realworld leaves them out.
 */
import { join } from 'node:path';
import { extractFeatures } from '../../src/app/features/features.js';
import { InputError } from '../../src/common/errors.js';
import { cloneRow, type FeatureRow } from '../../src/features/kdd.js';
import { formatHost } from '../../src/flow/key.js';
import type { ScanRecord } from '../../src/rows/scan-record.js';
import { matches } from '../lib/ground-truth.js';
import type { RealworldRule } from '../lib/realworld-labels.js';

/** One labelled connection: its feature row (a stable copy) and the rule it matched. */
export interface LabelledRow {
  row: FeatureRow;
  rule: RealworldRule;
}

/** The rows of one capture. */
export interface LabelledCapture {
  capture: string;
  set: 'corpus' | 'lab';
  rows: LabelledRow[];
  /** Why the capture could not be read, if it could not. */
  error?: string;
}

/** The endpoint fields `matches` reads, from a feature row. */
function endpointsOf(row: FeatureRow): ScanRecord {
  const e = row.endpoints;
  return {
    protocol: row.symbols[0],
    srcAddr: formatHost(e.srcHost, e.ipVersion),
    dstAddr: formatHost(e.dstHost, e.ipVersion),
    srcPort: e.srcPort,
    dstPort: e.dstPort,
  } as ScanRecord;
}

/** Where a rule's capture is on disk. */
export function capturePath(rule: RealworldRule, corpusDir: string): string {
  return rule.set === 'corpus' ? join(corpusDir, rule.capture) : join('fixtures', rule.capture);
}

/** Reads every capture named by `rules` (in order of first mention) with its labels. */
export async function labelledCaptures(
  rules: readonly RealworldRule[],
  corpusDir: string,
): Promise<LabelledCapture[]> {
  const byCapture = new Map<string, RealworldRule[]>();
  for (const r of rules) {
    const key = `${r.set}\t${r.capture}`;
    const list = byCapture.get(key) ?? [];
    list.push(r);
    byCapture.set(key, list);
  }
  const out: LabelledCapture[] = [];
  for (const own of byCapture.values()) {
    const first = own[0]!;
    const got: LabelledCapture = { capture: first.capture, set: first.set, rows: [] };
    try {
      const r = await extractFeatures(
        capturePath(first, corpusDir),
        (row) => {
          const where = endpointsOf(row);
          const rule = own.find((x) => matches(x, where));
          if (rule !== undefined) got.rows.push({ row: cloneRow(row), rule });
        },
        { set: 'extended' },
      );
      if (r.error !== undefined) got.error = r.error.message;
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      got.error = err.message;
    }
    out.push(got);
  }
  return out;
}
