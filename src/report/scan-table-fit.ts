/**
 * Fitting the scan table to a terminal (issue 13): which width to fit, and a pure plan of the
 * columns for that width. The table keeps every column in full when it fits, or when there is no
 * width to fit (a pipe or a file, or `--wide`): that output is byte-identical to the table before
 * fitting existed. Otherwise the steps of NARROWING_ORDER are taken one after the other, each
 * keeping those before it, until the table fits; README "Table width" lists the same order.
 */

/** A form of a table column; a column's shorter forms are their own variants. */
export type Variant =
  | 'file'
  | 'file name'
  | 'score'
  | 'class'
  | 'label'
  | 'start'
  | 'start second'
  | 'endpoints'
  | 'endpoints no source port'
  | 'service'
  | 'service flag'
  | 'flag'
  | 'duration'
  | 'bytes'
  | 'why';

/** The columns in full, in order; `file` only with several input files. */
export const FULL_LAYOUT: readonly Variant[] = [
  'file',
  'score',
  'class',
  'start',
  'endpoints',
  'service',
  'flag',
  'duration',
  'bytes',
  'why',
];

/** One step of narrowing: columns replaced by a shorter variant or dropped (null). */
export interface NarrowingStep {
  /** What the step does, as README "Table width" says it. */
  readonly does: string;
  readonly replace?: Readonly<Partial<Record<Variant, Variant | null>>>;
  /** From this step on, `why` may be cut (ending `…`) down to this many characters. */
  readonly whyMin?: number;
  /** The last resort: the widest column cut by one character at a time until the table fits. */
  readonly cutAll?: boolean;
}

/**
 * The order in which the table gives up width, first step first; each step keeps those before
 * it. What an analyst needs to judge a row — score, class, the endpoints and a start of "why" —
 * stays longest; details of the connection and the time go first.
 */
export const NARROWING_ORDER: readonly NarrowingStep[] = [
  {
    does: 'proto/service and flag share one column (`tcp/http S0`)',
    replace: { service: 'service flag', flag: null },
  },
  {
    does: 'start time to the second, without the date when every row has the same date',
    replace: { start: 'start second' },
  },
  {
    does: 'the source without its port; the file (several inputs) without its directory',
    replace: { endpoints: 'endpoints no source port', file: 'file name' },
  },
  { does: 'no duration and bytes columns', replace: { duration: null, bytes: null } },
  { does: 'the class without its category (`neptune`)', replace: { class: 'label' } },
  { does: '"why" cut to fit (ending `…`), down to 30 characters', whyMin: 30 },
  { does: 'no start time column', replace: { 'start second': null } },
  { does: 'no service/flag column', replace: { 'service flag': null } },
  { does: '"why" cut down to 12 characters', whyMin: 12 },
  { does: 'the widest columns cut (ending `…`), down to one character each', cutAll: true },
];

/** The widest cell of each variant (head included), in terminal columns; absent: not shown. */
export type ColumnSizes = Readonly<Partial<Record<Variant, number>>>;

/** A planned column: its variant and the width of its text (padding and borders excluded). */
export interface PlannedColumn {
  variant: Variant;
  width: number;
}

/** The columns for a width. */
export interface TablePlan {
  /** Steps of NARROWING_ORDER taken: 0 when the table is drawn in full. */
  steps: number;
  columns: PlannedColumn[];
}

/**
 * Plans the columns of a table whose cells are `sizes` wide to fit `width` terminal columns
 * (undefined: no limit). The layout starts from FULL_LAYOUT (variants with a size) and takes
 * the steps of NARROWING_ORDER until it fits; below about 4 × (columns left) + 1 columns even
 * the last step cannot, and the plan returned is then the narrowest there is.
 */
export function planColumns(width: number | undefined, sizes: ColumnSizes): TablePlan {
  let layout = FULL_LAYOUT.filter((v) => sizes[v] !== undefined);
  let whyMin = Infinity;
  let cutAll = false;
  for (let steps = 0; ; steps++) {
    const widths = layout.map((v) => sizes[v] ?? 0);
    const next = NARROWING_ORDER[steps];
    if (width === undefined || fits(layout, widths, width, whyMin, cutAll) || next === undefined)
      return { steps, columns: layout.map((variant, i) => ({ variant, width: widths[i]! })) };
    layout = layout.flatMap((v) => {
      const r = next.replace?.[v];
      return r === undefined ? [v] : r === null ? [] : [r];
    });
    whyMin = next.whyMin ?? whyMin;
    cutAll ||= next.cutAll === true;
  }
}

/** The width of a drawn table: each column padded by one space each side, and n + 1 borders. */
export function drawnWidth(widths: readonly number[]): number {
  return widths.reduce((sum, w) => sum + w + 3, 1);
}

/**
 * Whether `widths` fit `width`, cutting `why` down to `whyMin` (or, with `cutAll`, the widest
 * column, down to one character) as needed: `widths` is left as the columns would be drawn.
 */
function fits(
  layout: readonly Variant[],
  widths: number[],
  width: number,
  whyMin: number,
  cutAll: boolean,
): boolean {
  let over = drawnWidth(widths) - width;
  if (over <= 0) return true;
  const why = layout.indexOf('why');
  if (why >= 0) {
    const cut = Math.min(over, widths[why]! - Math.min(whyMin, widths[why]!));
    if (cut < over && !cutAll) return false;
    widths[why]! -= cut;
    over -= cut;
  }
  if (!cutAll) return over <= 0;
  for (; over > 0; over--) {
    // The widest column, the rightmost of equals (so "why" before the endpoints).
    let widest = -1;
    widths.forEach((w, i) => {
      if (w > 1 && (widest < 0 || w >= widths[widest]!)) widest = i;
    });
    if (widest < 0) return false;
    widths[widest]!--;
  }
  return true;
}

/** What decides the width: stdout (a terminal has `columns`) and the environment. */
export interface WidthSource {
  /** `--wide`: no limit. */
  wide: boolean;
  stdout: { isTTY?: boolean; columns?: number };
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * The width the table must fit, in terminal columns; undefined: none (every column in full).
 * `--wide`: none. Otherwise `COLUMNS` when it is set to a whole number ≥ 1, piped or not (as
 * GNU ls does; so a user or a test can choose a width); otherwise the terminal's width when
 * stdout is one; a pipe or a file has none, so piped output is the table as it always was.
 */
export function tableWidth({ wide, stdout, env }: WidthSource): number | undefined {
  if (wide) return undefined;
  const columns = env.COLUMNS?.trim() ?? '';
  if (/^[0-9]+$/.test(columns) && Number(columns) >= 1) return Number(columns);
  if (stdout.isTTY === true && stdout.columns !== undefined && stdout.columns >= 1)
    return stdout.columns;
  return undefined;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const MARK = /\p{M}/u;

/**
 * Terminal columns a line of text takes: ANSI colour codes, control characters and combining
 * marks none, East Asian wide and fullwidth characters (CJK, Hangul, fullwidth forms, emoji)
 * two, others one; a text of several lines takes the width of its widest.
 */
export function displayWidth(text: string): number {
  let widest = 0;
  for (const line of text.replace(ANSI, '').split('\n')) {
    let w = 0;
    for (const ch of line) {
      const c = ch.codePointAt(0)!;
      if (c < 0x20 || (c >= 0x7f && c < 0xa0) || MARK.test(ch)) continue;
      w += isWide(c) ? 2 : 1;
    }
    widest = Math.max(widest, w);
  }
  return widest;
}

/** Code point ranges a terminal draws two columns wide (the main East Asian Wide blocks). */
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], // Hangul Jamo initials
  [0x2e80, 0x303e], // CJK radicals, punctuation
  [0x3041, 0x33ff], // kana, CJK compatibility
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa000, 0xa4cf], // Yi
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe30, 0xfe4f], // CJK compatibility forms
  [0xff00, 0xff60], // fullwidth forms
  [0xffe0, 0xffe6], // fullwidth signs
  [0x1f300, 0x1f64f], // pictographs, emoticons
  [0x1f900, 0x1f9ff], // supplemental pictographs
  [0x20000, 0x3fffd], // CJK extensions B–
];

function isWide(c: number): boolean {
  return WIDE.some(([lo, hi]) => c >= lo && c <= hi);
}
