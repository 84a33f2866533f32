import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matches, parseLabels } from '../../bench/lib/ground-truth.js';
import type { ScanRecord } from '../../src/app/scan/scan-file.js';
import { InputError } from '../../src/common/errors.js';

const record = (over: Partial<ScanRecord>): ScanRecord =>
  ({
    protocol: 'tcp',
    srcAddr: '10.0.0.1',
    srcPort: 40000,
    dstAddr: '10.0.0.2',
    dstPort: 21,
    ...over,
  }) as ScanRecord;

describe('labels file', () => {
  it('parses the committed ground truth: 10 attack and 7 benign captures', () => {
    const rules = parseLabels(readFileSync('fixtures/detection/labels.tsv', 'utf8'));
    expect(rules.filter((r) => r.kind === 'attack').map((r) => r.capture)).toHaveLength(10);
    expect(rules.filter((r) => r.kind === 'benign')).toHaveLength(7);
    expect(rules[0]).toEqual({
      capture: 'attack/synscan_2011pkts.pcapng',
      kind: 'attack',
      conditions: { src: '172.16.0.8', dst: '64.13.134.52' },
      category: 'probe',
    });
  });

  it('matches on every given condition and only those', () => {
    const [rule] = parseLabels('x.pcap\tattack\tdport=21 proto=tcp\tr2l\n');
    expect(matches(rule!, record({}))).toBe(true);
    expect(matches(rule!, record({ dstPort: 20 }))).toBe(false);
    expect(matches(rule!, record({ protocol: 'udp' }))).toBe(false);
    const [all] = parseLabels('x.pcap\tbenign\t*\tnormal\n');
    expect(matches(all!, record({ protocol: 'icmp' }))).toBe(true);
  });

  it('rejects unknown conditions and bad kinds with the line number', () => {
    expect(() => parseLabels('x\tattack\thost=1\tdos\n')).toThrow(InputError);
    expect(() => parseLabels('# c\nx\tmaybe\t*\tdos\n', 'l.tsv')).toThrow(/kind must be/);
    try {
      parseLabels('# c\nx\tmaybe\t*\tdos\n', 'l.tsv');
    } catch (e) {
      expect((e as InputError).describe()).toBe(
        'l.tsv: line 2, column 2: kind must be attack or benign, got "maybe"',
      );
    }
  });
});
