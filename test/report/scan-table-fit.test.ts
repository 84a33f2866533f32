/**
 * The scan table's fit to a terminal (issue 13): the column plan for each width, step by step
 * through NARROWING_ORDER, the width decided from --wide, COLUMNS and the terminal, the display
 * width of cell text, and README "Table width" listing the steps in the same order.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  NARROWING_ORDER,
  displayWidth,
  drawnWidth,
  planColumns,
  tableWidth,
  type ColumnSizes,
} from '../../src/report/scan-table-fit.js';
import { ROOT } from '../helpers/fixtures.js';

/** The cell widths of teardrop.pcap's one anomaly (heads included). */
const TEARDROP: ColumnSizes = {
  score: 5, // score
  class: 12, // nmap (probe)
  label: 5, // class
  start: 26, // 1999-09-09 04:11:26.616445
  'start second': 9, // start UTC
  endpoints: 36, // 10.1.1.1:31915 → 129.111.30.27:20197
  'endpoints no source port': 30, // 10.1.1.1 → 129.111.30.27:20197
  service: 13, // proto/service
  'service flag': 14, // udp/private SF
  flag: 4, // flag
  duration: 5, // dur s
  bytes: 9, // bytes →/←
  why: 45, // service=private src_bytes=20 dst_host_count=1
};

/** [width, steps taken, the columns and their widths] */
const PLANS: [number | undefined, number, string][] = [
  [
    undefined,
    0,
    'score 5, class 12, start 26, endpoints 36, service 13, flag 4, duration 5, bytes 9, why 45',
  ],
  [
    183,
    0,
    'score 5, class 12, start 26, endpoints 36, service 13, flag 4, duration 5, bytes 9, why 45',
  ],
  [
    182,
    1,
    'score 5, class 12, start 26, endpoints 36, service flag 14, duration 5, bytes 9, why 45',
  ],
  [
    177,
    1,
    'score 5, class 12, start 26, endpoints 36, service flag 14, duration 5, bytes 9, why 45',
  ],
  [
    176,
    2,
    'score 5, class 12, start second 9, endpoints 36, service flag 14, duration 5, bytes 9, why 45',
  ],
  [
    160,
    2,
    'score 5, class 12, start second 9, endpoints 36, service flag 14, duration 5, bytes 9, why 45',
  ],
  [
    159,
    3,
    'score 5, class 12, start second 9, endpoints no source port 30, service flag 14, duration 5, bytes 9, why 45',
  ],
  [
    153,
    4,
    'score 5, class 12, start second 9, endpoints no source port 30, service flag 14, why 45',
  ],
  [
    134,
    4,
    'score 5, class 12, start second 9, endpoints no source port 30, service flag 14, why 45',
  ],
  [
    133,
    5,
    'score 5, label 5, start second 9, endpoints no source port 30, service flag 14, why 45',
  ],
  [
    126,
    6,
    'score 5, label 5, start second 9, endpoints no source port 30, service flag 14, why 44',
  ],
  [
    112,
    6,
    'score 5, label 5, start second 9, endpoints no source port 30, service flag 14, why 30',
  ],
  [111, 7, 'score 5, label 5, endpoints no source port 30, service flag 14, why 41'],
  [100, 7, 'score 5, label 5, endpoints no source port 30, service flag 14, why 30'],
  [99, 8, 'score 5, label 5, endpoints no source port 30, why 45'],
  [83, 8, 'score 5, label 5, endpoints no source port 30, why 30'],
  [82, 9, 'score 5, label 5, endpoints no source port 30, why 29'],
  [80, 9, 'score 5, label 5, endpoints no source port 30, why 27'],
  [65, 9, 'score 5, label 5, endpoints no source port 30, why 12'],
  [64, 10, 'score 5, label 5, endpoints no source port 29, why 12'],
  [30, 10, 'score 5, label 4, endpoints no source port 4, why 4'],
  [17, 10, 'score 1, label 1, endpoints no source port 1, why 1'],
  [10, 10, 'score 1, label 1, endpoints no source port 1, why 1'],
];

const describePlan = (width: number | undefined, sizes: ColumnSizes): [number, string] => {
  const plan = planColumns(width, sizes);
  return [plan.steps, plan.columns.map((c) => `${c.variant} ${c.width}`).join(', ')];
};

describe('planColumns: the columns for a width', () => {
  it.each(PLANS)('width %s: %i steps', (width, steps, columns) => {
    expect(describePlan(width, TEARDROP)).toEqual([steps, columns]);
  });

  it('a narrowed table is never wider than the width, and as wide once "why" is cut', () => {
    for (let width = 17; width <= 182; width++) {
      const plan = planColumns(width, TEARDROP);
      const drawn = drawnWidth(plan.columns.map((c) => c.width));
      const whyCut = plan.columns.find((c) => c.variant === 'why')!.width < 45;
      expect([width, plan.steps > 0, drawn <= width, whyCut ? drawn : width]).toEqual([
        width,
        true,
        true,
        width,
      ]);
    }
  });

  it('in full the table is 183 columns wide, and one column less narrows it', () => {
    expect(drawnWidth([5, 12, 26, 36, 13, 4, 5, 9, 45])).toBe(183);
  });

  it('the file column (several inputs) comes first and loses its directory at step 3', () => {
    const sizes: ColumnSizes = { ...TEARDROP, file: 35, 'file name': 13 };
    expect(describePlan(221, sizes)).toEqual([
      0,
      'file 35, score 5, class 12, start 26, endpoints 36, service 13, flag 4, duration 5, bytes 9, why 45',
    ]);
    expect(describePlan(191, sizes)).toEqual([
      3,
      'file name 13, score 5, class 12, start second 9, endpoints no source port 30, service flag 14, duration 5, bytes 9, why 45',
    ]);
    expect(describePlan(80, sizes)).toEqual([
      10,
      'file name 13, score 5, label 5, endpoints no source port 29, why 12',
    ]);
  });

  it('"why" is cut from step 6 down to 30, from step 9 down to 12, then as any column', () => {
    expect(describePlan(70, { score: 5, why: 80 })).toEqual([6, 'score 5, why 58']);
    expect(describePlan(40, { score: 5, why: 80 })).toEqual([9, 'score 5, why 28']);
    expect(describePlan(20, { score: 5, why: 80 })).toEqual([10, 'score 5, why 8']);
  });

  it('"why" narrower than 30 is cut from step 9 only', () => {
    expect(describePlan(32, { score: 5, why: 20 })).toEqual([0, 'score 5, why 20']);
    expect(describePlan(31, { score: 5, why: 20 })).toEqual([9, 'score 5, why 19']);
    expect(describePlan(24, { score: 5, why: 20 })).toEqual([9, 'score 5, why 12']);
    expect(describePlan(23, { score: 5, why: 20 })).toEqual([10, 'score 5, why 11']);
  });
});

describe('tableWidth: the width to fit', () => {
  const tty = { isTTY: true, columns: 120 };
  const pipe = { isTTY: undefined, columns: undefined };
  it.each([
    ['a terminal', false, tty, {}, 120],
    ['a terminal with --wide', true, tty, {}, undefined],
    ['a pipe', false, pipe, {}, undefined],
    ['a pipe with COLUMNS=80', false, pipe, { COLUMNS: '80' }, 80],
    ['a terminal with COLUMNS=80', false, tty, { COLUMNS: '80' }, 80],
    ['a pipe with COLUMNS=80 and --wide', true, pipe, { COLUMNS: '80' }, undefined],
    ['a terminal with COLUMNS=0', false, tty, { COLUMNS: '0' }, 120],
    ['a terminal with COLUMNS=80x', false, tty, { COLUMNS: '80x' }, 120],
    ['a terminal with COLUMNS empty', false, tty, { COLUMNS: '' }, 120],
    ['a pipe with COLUMNS=-5', false, pipe, { COLUMNS: '-5' }, undefined],
    ['a pipe with COLUMNS=" 90 "', false, pipe, { COLUMNS: ' 90 ' }, 90],
    ['a terminal of unknown width', false, { isTTY: true, columns: 0 }, {}, undefined],
  ])('%s', (_name, wide, stdout, env, expected) => {
    expect(tableWidth({ wide, stdout, env })).toBe(expected);
  });
});

describe('displayWidth: terminal columns of a cell', () => {
  it.each([
    ['ascii', 'score', 5],
    ['arrows and the ellipsis are one column each', '→/← …', 5],
    ['ANSI colour codes take none', '\u001b[31m\u001b[1m0.95\u001b[22m\u001b[39m', 4],
    ['CJK characters take two', 'ログ.pcap', 9],
    ['Hangul and fullwidth forms take two', '한Ａ', 4],
    ['combining marks take none', 'cafe\u0301', 4],
    ['control characters take none', 'a\u0007b', 2],
    ['several lines: the widest', 'ab\nabcd\nc', 4],
    ['empty', '', 0],
  ])('%s', (_name, text, width) => {
    expect(displayWidth(text)).toBe(width);
  });
});

describe('README "Table width" gives the order of NARROWING_ORDER', () => {
  it('lists every step, in order', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const at = readme.indexOf('#### Table width');
    expect(at).toBeGreaterThan(0);
    const section = readme.slice(at);
    const listed = [...section.matchAll(/^(\d+)\. (.*)$/gm)].map((m) => m[2]);
    expect(listed.slice(0, NARROWING_ORDER.length)).toEqual(NARROWING_ORDER.map((s) => s.does));
  });
});
