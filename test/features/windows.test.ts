import { describe, expect, it } from 'vitest';
import {
  CountWindow,
  TimeWindow,
  emptyCounts,
  errorClass,
  type WindowEntry,
} from '../../src/features/windows.js';
import { FeatureExtractor } from '../../src/features/extract.js';
import { formatRate } from '../../src/features/kdd.js';
import { runTable, type PacketSpec } from '../flow/packets.js';

const e = (t: number, host: string, service: string, flag = 'SF', srcPort = 1): WindowEntry => ({
  startMicros: t * 1e6,
  dstHost: host,
  service,
  srcPort,
  error: errorClass(flag),
});

/** KDD rows (as cells) of hand-made packets. */
function rows(specs: PacketSpec[]): string[][] {
  const x = new FeatureExtractor();
  return runTable(specs).records.map((c) => {
    const r = x.row(c);
    return Array.from({ length: 41 }, (_, i) => r.cell(i));
  });
}

describe('error-flag sets (§7)', () => {
  it('SYN errors {S0,S1,S2,S3,SH}, REJ errors {REJ,RSTO,RSTR,RSTOS0}', () => {
    expect(['S0', 'S1', 'S2', 'S3', 'SH'].map(errorClass)).toEqual([1, 1, 1, 1, 1]);
    expect(['REJ', 'RSTO', 'RSTR', 'RSTOS0'].map(errorClass)).toEqual([2, 2, 2, 2]);
    expect(['SF', 'OTH', 'RSTRH', 'SHR'].map(errorClass)).toEqual([0, 0, 0, 0]);
  });
});

describe('2-second window (§7)', () => {
  it('includes X: a record alone shows its own flag and service', () => {
    const w = new TimeWindow();
    const out = emptyCounts();
    w.push(e(0, 'A', 'http', 'S0'), out);
    expect(out).toMatchObject({ hostN: 1, hostSynErrors: 1, hostSameService: 1, serviceN: 1 });
  });
  it('window is (X.start − 2 s, X.start]', () => {
    const w = new TimeWindow();
    const out = emptyCounts();
    w.push(e(0, 'A', 'http'), out);
    w.push(e(1.999999, 'A', 'http'), out);
    expect(out.hostN).toBe(2);
    w.push(e(2.5, 'A', 'http'), out);
    expect(out.hostN).toBe(2);
    w.push(e(4.5, 'A', 'http'), out);
    expect(out.hostN).toBe(1);
  });
  it('pinned: count = 2 with two services → same_srv_rate 0.50, diff_srv_rate 1.00', () => {
    const r = rows([
      { t: 0, dport: 80, flags: 'S' },
      { t: 0.5, dport: 21, sport: 2000, flags: 'S' },
    ]);
    const last = r[1]!;
    expect([last[22], last[28], last[29]]).toEqual(['2', '0.50', '1.00']);
  });
  it('pinned: srv_count = 2 → srv_diff_host_rate 0.00 (same host) or 1.00 (two hosts)', () => {
    const same = rows([
      { t: 0, flags: 'S' },
      { t: 0.5, sport: 2000, flags: 'S' },
    ]);
    expect([same[1]![23], same[1]![30]]).toEqual(['2', '0.00']);
    const two = rows([
      { t: 0, flags: 'S' },
      { t: 0.5, dst: '10.0.0.3', flags: 'S' },
    ]);
    expect([two[1]![23], two[1]![30]]).toEqual(['2', '1.00']);
  });
  it('diff_srv_rate is distinct services ÷ count, not 1 − same_srv_rate', () => {
    const r = rows([
      { t: 0, dport: 80, flags: 'S' },
      { t: 0.1, dport: 80, sport: 2, flags: 'S' },
      { t: 0.2, dport: 21, sport: 3, flags: 'S' },
    ]);
    expect([r[2]![28], r[2]![29]]).toEqual(['0.33', '0.67']);
  });
  it('serror/rerror over same host, srv_* over same service any host', () => {
    const r = rows([
      { t: 0, dport: 80, flags: 'S' },
      { t: 0.1, dst: '10.0.0.3', dport: 80, flags: 'S' },
      { t: 0.2, dport: 21, sport: 3, flags: 'S' },
      { t: 0.201, src: '10.0.0.2', dst: '10.0.0.1', sport: 21, dport: 3, flags: 'RA' },
    ]);
    // third record: host 10.0.0.2 has S0 (http) and REJ (ftp); service ftp has 1 record (REJ)
    expect(r[2]!.slice(22, 31)).toEqual([
      '2',
      '1',
      '0.50',
      '0.00',
      '0.50',
      '1.00',
      '0.50',
      '1.00',
      '0.00',
    ]);
  });
  it('count and srv_count are capped at 511', () => {
    const specs: PacketSpec[] = [];
    for (let i = 0; i < 600; i++) specs.push({ t: i * 0.001, sport: 1000 + i, flags: 'S' });
    const last = rows(specs)[599]!;
    expect([last[22], last[23], last[24], last[31], last[32]]).toEqual([
      '511',
      '511',
      '1.00',
      '255',
      '255',
    ]);
  });
});

describe('host window (§8)', () => {
  it('last 255 records, X included; srv count over any host; same_src_port', () => {
    const w = new CountWindow(3);
    const out = emptyCounts();
    w.push(e(0, 'A', 'http', 'SF', 7), out);
    w.push(e(1, 'B', 'http', 'SF', 7), out);
    w.push(e(2, 'A', 'ftp', 'SF', 7), out);
    expect(out).toMatchObject({
      hostN: 2,
      hostDistinctServices: 2,
      hostSameSrcPort: 2,
      serviceN: 1,
    });
    w.push(e(3, 'A', 'http', 'REJ', 8), out);
    // window now B/http, A/ftp, A/http
    expect(out).toMatchObject({
      hostN: 2,
      hostSameSrcPort: 1,
      serviceN: 2,
      serviceDistinctHosts: 2,
    });
    expect(out.hostRejErrors).toBe(1);
  });
  it('rates of the host window in a row', () => {
    const r = rows([
      { t: 0, dport: 80, flags: 'S' },
      { t: 10, dport: 80, sport: 2, flags: 'S' },
      { t: 20, dst: '10.0.0.3', dport: 80, sport: 2, flags: 'S' },
    ]);
    // third: same host 10.0.0.3 → 1 record; same service http → 3 records over 2 hosts
    expect(r[2]!.slice(31, 41)).toEqual([
      '1',
      '3',
      '1.00',
      '0.00',
      '1.00',
      '0.67',
      '1.00',
      '1.00',
      '0.00',
      '0.00',
    ]);
    expect(formatRate(Number(r[2]![36]))).toBe('0.67');
  });
});
