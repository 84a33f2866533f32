// The KDD reader's fast path (kdd-lines.ts: distinct lines parsed once, on worker threads for
// large inputs) gives exactly what csv-parse over the whole input gives: the same rows with the
// same line numbers, the same first error, the same skipped rows — whatever the line ends, quotes,
// chunking and number of parsing threads.
import { fc, test } from '@fast-check/vitest';
import { parse } from 'csv-parse/sync';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/common/errors.js';
import { MAX_ROW_BYTES, readKddInto, readKddRows, validateRow } from '../../src/kdd/kdd-csv.js';

const GOOD = [
  '0,tcp,http,SF,181,5450,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,8,8,0.00,0.00,0.00,0.00,1.00,0.00,0.00,9,9,1.00,0.00,0.11,0.00,0.00,0.00,0.00,0.00,normal.',
  '0,icmp,ecr_i,SF,1032,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,511,511,0.00,0.00,0.00,0.00,1.00,0.00,0.00,255,255,1.00,0.00,1.00,0.00,0.00,0.00,0.00,0.00,smurf.',
  '0,tcp,private,S0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,123,6,1.00,1.00,0.00,0.00,0.05,0.07,0.00,255,26,0.10,0.05,0.00,0.00,1.00,1.00,0.00,0.00,neptune.',
];
/** Line bodies: good rows (repeated, as in the KDD files), bad rows, and what csv-parse treats specially. */
const BODIES = [
  ...GOOD,
  GOOD[0]!.replace(',181,', ',abc,'), // not a number
  GOOD[1]!.replace(',ecr_i,', ',,'), // empty symbol
  GOOD[2]!.replace('neptune.', 'neptune'), // label without its dot
  'x,y', // too few fields
  `${GOOD[0]},extra`, // too many
  GOOD[0]!.replace(',tcp,', ',"tcp",'), // a quoted field
  GOOD[1]!.replace('smurf.', '"smu,rf."'), // a quoted label with a comma
  GOOD[2]!.replace('neptune.', '"nep\ntune."'), // a quoted field spanning two lines
  GOOD[0]!.replace(',http,', ',ht\rtp,'), // a CR inside a field
  '\ufeff' + GOOD[1], // a byte-order mark
  ' ', // a blank that is not empty
];

interface Outcome {
  rows: { line: number; numbers: number[]; symbols: readonly string[]; label: string }[];
  error?: string;
  stats: { rows: number; badRows: number; bad: string[] };
}

/**
 * What csv-parse makes of the whole input, each record validated as the reader validates it:
 * the rows, then the first bad row or csv-parse error (naming the line csv-parse was on).
 */
function reference(text: Buffer, skip: boolean): Outcome {
  const records: { record: string[]; line: number }[] = [];
  let csvError: string | undefined;
  try {
    parse(text, {
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: 2 * MAX_ROW_BYTES,
      on_record: (record: string[], info: { lines: number }) => {
        records.push({ record, line: info.lines });
        return null;
      },
    });
  } catch (err) {
    const e = err as Error & { lines?: number };
    csvError = new InputError(e.message, {
      location: { file: '<stdin>', line: e.lines },
    }).describe();
  }
  const out: Outcome = { rows: [], stats: { rows: 0, badRows: 0, bad: [] } };
  for (const { record, line } of records) {
    const v = validateRow(record, line, '<stdin>');
    if (v instanceof InputError) {
      if (!skip) return { ...out, error: v.describe() };
      out.stats.badRows++;
      if (out.stats.bad.length < 10) out.stats.bad.push(v.describe());
      continue;
    }
    out.stats.rows++;
    out.rows.push({ ...v, numbers: Array.from(v.numbers) });
  }
  return csvError === undefined ? out : { ...out, error: csvError };
}

/** What the reader gives for `text` sent on stdin in chunks of `chunk` bytes. */
async function read(text: Buffer, skip: boolean, chunk: number, jobs = 1): Promise<Outcome> {
  const parts: Buffer[] = [];
  for (let i = 0; i < text.length; i += chunk) parts.push(text.subarray(i, i + chunk));
  const reader = readKddRows('-', { stdin: Readable.from(parts), skipBadRows: skip, jobs });
  const out: Outcome = { rows: [], stats: { rows: 0, badRows: 0, bad: [] } };
  try {
    for await (const r of reader.rows) out.rows.push({ ...r, numbers: Array.from(r.numbers) });
  } catch (err) {
    out.error = (err as InputError).describe();
  }
  const s = reader.stats;
  out.stats = { rows: s.rows, badRows: s.badRows, bad: s.badExamples.map((e) => e.describe()) };
  return out;
}

const lineEnds = fc.constantFrom('\n', '\r\n', 'mixed');
const input = fc.record({
  bodies: fc.array(
    fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...GOOD) }, fc.constantFrom(...BODIES, '')),
    {
      maxLength: 40,
    },
  ),
  ends: lineEnds,
  lastEnd: fc.boolean(),
});

function render(bodies: string[], ends: string, lastEnd: boolean, seed = 0): Buffer {
  let text = '';
  bodies.forEach((b, i) => {
    const end = ends === 'mixed' ? ((i + seed) % 3 === 0 ? '\r\n' : '\n') : ends;
    text += b + (i < bodies.length - 1 || lastEnd ? end : '');
  });
  return Buffer.from(text);
}

describe('KDD fast path = csv-parse over the whole input', () => {
  test.prop([input, fc.boolean(), fc.integer({ min: 1, max: 400 })], { numRuns: 150 })(
    'rows, lines, first error and skipped rows',
    async ({ bodies, ends, lastEnd }, skip, chunk) => {
      const text = render(bodies, ends, lastEnd);
      const got = await read(text, skip, chunk);
      const ref = reference(text, skip);
      if (ref.error === undefined) expect(got).toEqual(ref);
      else {
        // Stats are left as they were when the error stopped reading.
        expect(got.error).toBe(ref.error);
        expect(got.rows).toEqual(ref.rows);
      }
    },
  );

  it('a quote or stray CR late in the file hands the rest to the streaming parser, lines kept', async () => {
    const bodies = [
      ...Array<string>(3000).fill(GOOD[1]!),
      BODIES[9]!,
      GOOD[0]!,
      BODIES[11]!,
      GOOD[2]!,
    ];
    for (const ends of ['\n', '\r\n']) {
      const text = render(bodies, ends, true);
      const got = await read(text, true, 65_536);
      expect(got).toEqual(reference(text, true));
      expect(got.rows.at(-1)!.line).toBe(3005); // csv-parse counts the stray CR as a line end
    }
  });

  it('many distinct lines (the memo starts afresh) on parsing threads: as on one thread', async () => {
    // 70,000 distinct lines (about 10 MB): more than the memo holds, and enough to start workers.
    const lines: string[] = [];
    for (let i = 0; i < 70_000; i++) {
      const g = GOOD[i % 3]!.split(',');
      g[4] = String(i);
      lines.push(g.join(','), i % 5 === 0 ? GOOD[i % 3]! : g.join(','));
      if (i % 10_007 === 0) lines.push(BODIES[3]!);
    }
    const text = Buffer.from(lines.join('\n') + '\n');
    // In 1 MiB chunks, as files are read: a full memo is replaced between chunks.
    const parts: Buffer[] = [];
    for (let i = 0; i < text.length; i += 1 << 20) parts.push(text.subarray(i, i + (1 << 20)));
    const sum = async (
      jobs: number,
    ): Promise<{ rows: number; sum: number; lines: number; bad: string[] }> => {
      let rows = 0;
      let total = 0;
      let lineSum = 0;
      const r = await readKddInto(
        '-',
        (cols, i, line) => {
          rows++;
          total += cols.values[i * 41 + 4]!;
          lineSum += line;
        },
        { stdin: Readable.from(parts), skipBadRows: true, jobs },
      );
      return {
        rows,
        sum: total,
        lines: lineSum,
        bad: r.stats.badExamples.map((e) => e.describe()),
      };
    };
    const ref = reference(text, true);
    const expected = {
      rows: ref.stats.rows,
      sum: ref.rows.reduce((t, r) => t + r.numbers[4]!, 0),
      lines: ref.rows.reduce((t, r) => t + r.line, 0),
      bad: ref.stats.bad,
    };
    expect(expected.rows).toBe(140_000);
    expect(expected.bad).toHaveLength(7);
    expect(expected.bad[1]).toBe('<stdin>: line 20018, column 5: src_bytes is not a number: "abc"');
    expect(await sum(1)).toEqual(expected);
    expect(await sum(2)).toEqual(expected);
  });
});
