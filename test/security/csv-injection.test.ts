/**
 * CSV output is safe to open in a spreadsheet (issue 8, OWASP "CSV injection"): cells starting
 * with =, +, -, @, tab or CR get a leading apostrophe; quoting still applies after it.
 */
import { describe, expect, it } from 'vitest';
import type { ScanRecord } from '../../src/app/scan/scan-file.js';
import { KDD_FEATURE_NAMES } from '../../src/features/schema.js';
import { csvCell, scanCsvHeader, scanCsvLine } from '../../src/rows/scan-rows.js';

describe('csvCell', () => {
  it.each([
    ['=cmd|" /C calc"!A0', `"'=cmd|"" /C calc""!A0"`],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['=a,b', `"'=a,b"`],
    ['http', 'http'],
    ['a "q"', '"a ""q"""'],
    ['', ''],
  ])('%j → %j', (input, want) => {
    expect(csvCell(input)).toBe(want);
  });

  it('numbers are written as numbers (a negative number is data, not a formula)', () => {
    expect(csvCell(-1)).toBe('-1');
    expect(csvCell(0.25)).toBe('0.25');
  });
});

describe('a CSV row with hostile strings', () => {
  const features: Record<string, number | string> = {};
  for (const n of KDD_FEATURE_NAMES) features[n] = 0;
  features.service = '=cmd';
  const rec: ScanRecord = {
    file: '@evil.pcap',
    startTime: '+1',
    startMicros: 0,
    srcAddr: '-1',
    srcPort: 1,
    dstAddr: '\t10.0.0.1',
    dstPort: 2,
    communityId: '1:abc=',
    protocol: 'tcp',
    service: '=cmd',
    flag: 'SF',
    durationSec: 0,
    srcBytes: 0,
    dstBytes: 0,
    attackLabel: '\rneptune',
    category: 'dos',
    score: 0.5,
    why: '=HYPERLINK("http://x")',
    features,
  };

  it('every hostile cell is neutralised and the column count holds', () => {
    const line = scanCsvLine(rec);
    const header = scanCsvHeader().split(',');
    const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.slice(0, header.length);
    expect(cells).toHaveLength(header.length);
    for (const c of cells) expect(c.replace(/^"/, '')).not.toMatch(/^[=+\-@\t\r]/);
    expect(line.startsWith("'@evil.pcap,'+1,'-1,1,'\t10.0.0.1,2,")).toBe(true);
    expect(line).toContain(",'=cmd,");
    expect(line).toContain(`"'\rneptune"`);
    expect(line.endsWith(`,"'=HYPERLINK(""http://x"")",1:abc=`)).toBe(true);
  });
});
