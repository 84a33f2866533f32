import { describe, expect, it } from 'vitest';
import { scanFile, type ScanRecord } from '../../src/app/scan/scan-file.js';
import { readModelFile } from '../../src/io/model-file.js';
import { scanJsonLine } from '../../src/rows/scan-rows.js';

describe('scanJsonLine', () => {
  it('writes exactly what JSON.stringify writes, for every connection of mixed captures', async () => {
    const model = await readModelFile('fixtures/models/kdd-sample-20trees.nadm');
    const records: ScanRecord[] = [];
    for (const f of [
      'attack/teardrop.pcap',
      'encap/ipv6_fragments.pcapng',
      'generated/nmap_xmas_null_fin_udp_any_sll2.pcap',
    ]) {
      await scanFile(`fixtures/pcaps/${f}`, model, {
        threshold: 0.5,
        all: true,
        failOn: undefined,
        onRecord: (r) => records.push(r),
      });
    }
    expect(records.length).toBe(818);
    for (const r of records) expect(scanJsonLine(r)).toBe(JSON.stringify(r));
  });

  it('keeps odd values JSON-exact: NaN as null, quotes and control characters escaped', async () => {
    const model = await readModelFile('fixtures/models/kdd-sample-20trees.nadm');
    const records: ScanRecord[] = [];
    await scanFile('fixtures/pcaps/attack/teardrop.pcap', model, {
      threshold: 0.5,
      all: true,
      failOn: undefined,
      onRecord: (r) => records.push(r),
    });
    const odd = {
      ...records[0]!,
      file: 'a"b\u0001\u2028.pcap',
      durationSec: NaN,
      score: 0.125,
      srcBytes: 1e21,
      why: 'x=-0.5',
    };
    expect(scanJsonLine(odd)).toBe(JSON.stringify(odd));
  });
});
