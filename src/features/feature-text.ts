/**
 * Feature rows read back from `nad features --set extended --format csv|ndjson` output (issue
 * 14: a baseline also learns from feature files): a CSV header or an NDJSON object names the
 * columns; the 41 KDD columns and the 49 extended ones must all be there (other columns, such
 * as `--with-endpoints`' or a label, are ignored), numbers finite, symbols non-empty.
 */
import { InputError } from '../common/errors.js';
import { EXTENDED_FEATURE_COUNT, EXTENDED_FEATURE_NAMES } from './extended-schema.js';
import { FeatureRow } from './kdd.js';
import { KDD_FEATURE_COUNT, KDD_FEATURE_NAMES } from './schema.js';

/** The kind of a feature file, from its first bytes; undefined: not one (a capture?). */
export function featureTextKind(head: string): 'csv' | 'ndjson' | undefined {
  if (head.startsWith('duration,protocol_type,service,flag,')) return 'csv';
  if (head.startsWith('{"duration":')) return 'ndjson';
  return undefined;
}

const ALL_NAMES = [...KDD_FEATURE_NAMES, ...EXTENDED_FEATURE_NAMES];

/** Parses the lines of one feature file into rows (one FeatureRow object, reused). */
export class FeatureTextParser {
  private readonly row = new FeatureRow();
  /** CSV: the cell index of each of ALL_NAMES. */
  private cells: number[] | undefined;
  private line = 0;

  constructor(
    private readonly kind: 'csv' | 'ndjson',
    private readonly file: string,
  ) {}

  /** The row of one line (reused object), or undefined for the CSV header and blank lines. */
  parse(text: string): FeatureRow | undefined {
    this.line++;
    if (text.trim() === '') return undefined;
    if (this.kind === 'csv' && this.cells === undefined) {
      const names = text.split(',');
      this.cells = ALL_NAMES.map((n) => names.indexOf(n));
      const missing = ALL_NAMES.find((_, i) => this.cells![i]! < 0);
      if (missing !== undefined) throw this.missing(missing);
      return undefined;
    }
    const get = this.kind === 'csv' ? this.csvGetter(text) : this.jsonGetter(text);
    const row = this.row;
    row.extended ??= new Float64Array(EXTENDED_FEATURE_COUNT);
    for (let i = 0; i < ALL_NAMES.length; i++) {
      const v = get(i);
      if (v === undefined) throw this.missing(ALL_NAMES[i]!);
      if (i >= 1 && i <= 3) {
        if (typeof v !== 'string' || v === '') throw this.bad(i, v);
        row.symbols[i - 1] = v;
        continue;
      }
      const x = typeof v === 'number' ? v : v.trim() === '' ? NaN : Number(v);
      if (!Number.isFinite(x)) throw this.bad(i, v);
      if (i < KDD_FEATURE_COUNT) row.numbers[i] = x;
      else row.extended[i - KDD_FEATURE_COUNT] = x;
    }
    return row;
  }

  private csvGetter(text: string): (i: number) => string | undefined {
    const cells = text.split(',');
    return (i) => cells[this.cells![i]!];
  }

  private jsonGetter(text: string): (i: number) => string | number | undefined {
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch {
      throw new InputError('not a JSON object', this.where());
    }
    if (typeof obj !== 'object' || obj === null)
      throw new InputError('not a JSON object', this.where());
    const o = obj as Record<string, unknown>;
    return (i) => {
      const v = Object.hasOwn(o, ALL_NAMES[i]!) ? o[ALL_NAMES[i]!] : undefined;
      return typeof v === 'number' || typeof v === 'string' ? v : undefined;
    };
  }

  private missing(name: string): InputError {
    return new InputError(`no column ${name}`, {
      ...this.where(),
      hint: 'A baseline reads feature files made by `nad features --set extended --format csv|ndjson`.',
    });
  }

  private bad(i: number, v: unknown): InputError {
    return new InputError(`bad value ${JSON.stringify(v)} for ${ALL_NAMES[i]}`, this.where());
  }

  private where(): { location: { file: string; line: number } } {
    return { location: { file: this.file, line: this.line } };
  }
}
