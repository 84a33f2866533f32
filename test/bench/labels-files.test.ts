/**
 * The labels files that train and judge the scan model (issue 12): every listed capture exists,
 * train and validation do not overlap, and a bad labels file is refused with the line and column
 * of the problem.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLabels } from '../../bench/lib/ground-truth.js';
import { parseCorpusLabels, parseLabLabels } from '../../bench/lib/realworld-labels.js';
import { InputError } from '../../src/common/errors.js';

const LAB = 'fixtures/lab/labels.tsv';
const TRAINING = 'fixtures/training/labels.tsv';
const CORPUS = 'bench/realworld/corpus-labels.tsv';
const read = (f: string): string => readFileSync(f, 'utf8');
const sha = (f: string): string => createHash('sha256').update(readFileSync(f)).digest('hex');

/** The message InputError.describe() gives for parsing `text`, or 'parsed'. */
function problem(parse: (text: string, file: string) => unknown, text: string): string {
  try {
    parse(text, 'l.tsv');
  } catch (err) {
    if (err instanceof InputError) return err.describe();
    throw err;
  }
  return 'parsed';
}

describe('committed labels files', () => {
  it('name captures that exist, lab and training rules by split', () => {
    const lab = parseLabLabels(read(LAB), LAB);
    const training = parseLabLabels(read(TRAINING), TRAINING);
    const detection = parseLabels(read('fixtures/detection/labels.tsv'));
    for (const r of [...lab, ...training])
      expect(existsSync(join('fixtures', r.capture))).toBe(true);
    for (const r of detection) expect(existsSync(join('fixtures/pcaps', r.capture))).toBe(true);
    const count = (rules: typeof lab, split: string): number =>
      rules.filter((r) => r.split === split).length;
    expect([count(lab, 'train'), count(lab, 'validation')]).toEqual([52, 33]);
    expect([count(training, 'train'), count(training, 'validation')]).toEqual([18, 0]);
  });

  it('label every lab capture, and no capture is in both lab splits', () => {
    const listed = new Set(parseLabLabels(read(LAB), LAB).map((r) => r.capture));
    const hashes = { train: new Set<string>(), validation: new Set<string>() };
    for (const split of ['train', 'validation'] as const) {
      for (const f of readdirSync(join('fixtures/lab', split))) {
        expect(listed.has(`lab/${split}/${f}`)).toBe(true);
        hashes[split].add(sha(join('fixtures/lab', split, f)));
      }
    }
    expect([...hashes.train].filter((h) => hashes.validation.has(h))).toEqual([]);
    expect(hashes.train.size).toBe(50);
    expect(hashes.validation.size).toBe(31);
  });

  it('give every corpus file one split and keep the splits apart', () => {
    const lines = read(CORPUS)
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('path\t'))
      .map((l) => l.split('\t'));
    const splitOf = new Map<string, Set<string>>();
    for (const [path, split] of lines) {
      const s = splitOf.get(path!) ?? new Set<string>();
      s.add(split!);
      splitOf.set(path!, s);
    }
    expect(splitOf.size).toBe(1947);
    expect([...splitOf.values()].filter((s) => s.size > 1)).toEqual([]);
    const rules = parseCorpusLabels(read(CORPUS), CORPUS);
    const files = (split: string, benign: boolean): number =>
      new Set(
        rules
          .filter((r) => r.split === split && (r.kind === 'benign') === benign)
          .map((r) => r.capture),
      ).size;
    expect([files('train', true), files('validation', true)]).toEqual([761, 331]);
    expect([files('train', false), files('validation', false)]).toEqual([23, 9]);
  });
});

describe('a bad labels file', () => {
  const lab = (line: string): string => `capture\tkind\trule\tcategory\tscenario\n${line}\n`;
  it.each([
    ['x.pcap\tattack', 'l.tsv: line 2, column 3: expected: capture, attack|benign, rule, category (tab-separated)'],
    ['x.pcap\tmaybe\t*\tdos\tflood', 'l.tsv: line 2, column 2: kind must be attack or benign, got "maybe"'],
    ['x.pcap\tattack\thost=1\tdos\tflood', 'l.tsv: line 2, column 3: bad condition "host=1" (expected proto=, src=, dst=, sport= or dport=)'],
    ['x.pcap\tattack\tdport=http\tdos\tflood', 'l.tsv: line 2, column 3: bad port in "dport=http"'],
    ['x.pcap\tattack\t*\tdos\tflod', 'l.tsv: line 2, column 5: scenario must be one of benign, scan, dirbrute, synflood, flood, malformed, slowdos, bruteforce, tunnel, exploit, other-attack, got "flod"'],
    ['x.pcap\tattack\t*\tprobe\tflood', 'l.tsv: line 2, column 4: category probe does not match scenario flood (dos)'],
  ])('lab format %#: %s', (line, message) => {
    expect(problem(parseLabLabels, lab(line))).toBe(message);
  });

  it('detection format: an unknown category is column 4', () => {
    expect(problem(parseLabels, '# c\nx\tattack\t*\tdose\n')).toBe(
      'l.tsv: line 2, column 4: category must be one of normal, probe, dos, u2r, r2l, got "dose"',
    );
  });

  it.each([
    ['a.pcap\ttrain\tbenign', 'l.tsv: line 2, column 4: expected: path, split, label, scope, reason (tab-separated)'],
    ['a.pcap\ttest\tbenign\tfile\twhy', 'l.tsv: line 2, column 2: split must be train or validation, got "test"'],
    ['a.pcap\ttrain\tworm\tfile\twhy', 'l.tsv: line 2, column 3: unknown label "worm"'],
    ['a.pcap\ttrain\tscan\tport=1\twhy', 'l.tsv: line 2, column 4: bad condition "port=1" (expected proto=, src=, dst=, sport= or dport=)'],
  ])('corpus format %#: %s', (line, message) => {
    expect(problem(parseCorpusLabels, `path\tsplit\tlabel\tscope\treason\n${line}\n`)).toBe(message);
  });
}); // prettier-ignore
