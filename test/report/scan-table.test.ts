/**
 * The scan table fitted to a width (issue 13), on the records of the scan goldens: exact
 * narrowed tables, no line wider than the width (colour codes not counted) from 17 columns up,
 * and the table in full — byte for byte — without a width or when it fits.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import chalk from 'chalk';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScanRecord } from '../../src/app/scan/scan-file.js';
import { renderScanTable } from '../../src/report/scan-table.js';
import { displayWidth } from '../../src/report/scan-table-fit.js';
import { ROOT } from '../helpers/fixtures.js';

const records = (golden: string): ScanRecord[] =>
  (
    JSON.parse(readFileSync(join(ROOT, 'test/golden/scan', golden), 'utf8')) as {
      records: ScanRecord[];
    }
  ).records;

const TEARDROP = records('teardrop_pcap.json');
const NMAP = records('nmap_syn_scan_lo_eth_pcap.json').slice(0, 30);
const SEVERAL = [...TEARDROP, ...records('land_attack_lo_pcap.json'), ...NMAP.slice(0, 5)];
/** Fewer rows where a table is drawn at every width (cli-table3 takes ~10 ms for 30 rows). */
const FEW = [NMAP.slice(0, 10), [...SEVERAL.slice(0, 3), ...SEVERAL.slice(-3)]] as const;

const widest = (table: string): number => Math.max(...table.split('\n').map(displayWidth));

const level = chalk.level;
afterEach(() => {
  chalk.level = level;
});

describe('renderScanTable: fitted to a width', () => {
  it.each([
    [
      80,
      [
        '┌───────┬───────┬────────────────────────────────┬─────────────────────────────┐',
        '│ score │ class │ source → destination           │ why                         │',
        '├───────┼───────┼────────────────────────────────┼─────────────────────────────┤',
        '│ 0.65  │ nmap  │ 10.1.1.1 → 129.111.30.27:20197 │ service=private src_bytes=… │',
        '└───────┴───────┴────────────────────────────────┴─────────────────────────────┘',
      ],
    ],
    [
      130,
      [
        '┌───────┬───────┬───────────┬────────────────────────────────┬────────────────┬───────────────────────────────────────────────┐',
        '│ score │ class │ start UTC │ source → destination           │ service flag   │ why                                           │',
        '├───────┼───────┼───────────┼────────────────────────────────┼────────────────┼───────────────────────────────────────────────┤',
        '│ 0.65  │ nmap  │ 04:11:26  │ 10.1.1.1 → 129.111.30.27:20197 │ udp/private SF │ service=private src_bytes=20 dst_host_count=1 │',
        '└───────┴───────┴───────────┴────────────────────────────────┴────────────────┴───────────────────────────────────────────────┘',
      ],
    ],
  ])('teardrop.pcap at %i columns', (width, lines) => {
    chalk.level = 0;
    expect(renderScanTable(TEARDROP, false, width)).toBe(lines.join('\n'));
  });

  it('no line is wider than the width, coloured or not, one file or several', () => {
    // The narrowest tables: 4 columns (17 wide) for one file, 5 (21 wide) with the file column.
    for (const colour of [0, 1]) {
      chalk.level = colour as 0 | 1;
      for (const [rows, showFile, least] of [
        [FEW[0], false, 17],
        [FEW[1], true, 21],
      ] as const) {
        for (let width = least; width <= 220; width++) {
          const table = renderScanTable(rows, showFile, width);
          expect([colour, showFile, width, widest(table) <= width]).toEqual([
            colour,
            showFile,
            width,
            true,
          ]);
        }
        expect(widest(renderScanTable(rows, showFile, least - 1))).toBe(least);
      }
    }
  });

  it('colour survives narrowing', () => {
    chalk.level = 1;
    const table = renderScanTable(NMAP, false, 80);
    expect(table).toContain(chalk.red.bold('1.00'));
    expect(table).toContain(chalk.red.bold('portsweep'));
  });

  it('without a width, or when the table fits, it is the table in full, byte for byte', () => {
    for (const colour of [0, 1]) {
      chalk.level = colour as 0 | 1;
      const full = renderScanTable(NMAP, false);
      const wide = widest(full);
      expect(wide).toBe(199);
      expect(renderScanTable(NMAP, false, wide)).toBe(full);
      expect(renderScanTable(NMAP, false, 1000)).toBe(full);
      expect(renderScanTable(NMAP, false, wide - 1)).not.toBe(full);
      const several = renderScanTable(SEVERAL, true);
      expect(renderScanTable(SEVERAL, true, widest(several))).toBe(several);
    }
  });

  it('rows of several dates keep the date; IPv6 sources lose the port, not the brackets of the destination', () => {
    chalk.level = 0;
    const next = { ...TEARDROP[0]!, startTime: '1999-09-10T00:00:01.000002Z' };
    const v6 = {
      ...TEARDROP[0]!,
      srcAddr: 'fe80::1',
      dstAddr: 'fe80::2',
      srcPort: 40000,
      dstPort: 443,
    };
    const lines = renderScanTable([TEARDROP[0]!, next, v6], false, 140).split('\n');
    expect(lines.slice(3, 6).map((l) => l.split('│').slice(3, 5).join('│'))).toEqual([
      ' 1999-09-09 04:11:26 │ 10.1.1.1 → 129.111.30.27:20197 ',
      ' 1999-09-10 00:00:01 │ 10.1.1.1 → 129.111.30.27:20197 ',
      ' 1999-09-09 04:11:26 │ fe80::1 → [fe80::2]:443        ',
    ]);
  });

  it('several files: the file name without its directory', () => {
    chalk.level = 0;
    const lines = renderScanTable(SEVERAL, true, 150).split('\n');
    expect(lines.slice(1, 4).concat(lines.at(-2)!)).toEqual([
      '│ file                      │ score │ class     │ source → destination           │ service flag        │ why                                         │',
      '├───────────────────────────┼───────┼───────────┼────────────────────────────────┼─────────────────────┼─────────────────────────────────────────────┤',
      '│ teardrop.pcap             │ 0.65  │ nmap      │ 10.1.1.1 → 129.111.30.27:20197 │ udp/private SF      │ service=private src_bytes=20 dst_host_coun… │',
      '│ nmap_syn_scan_lo_eth.pcap │ 1.00  │ portsweep │ 127.0.0.1 → 127.0.0.1:245      │ tcp/link REJ        │ src_bytes=0 dst_host_srv_count=1 dst_host_… │',
    ]);
  });
});
