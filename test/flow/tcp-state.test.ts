import { describe, expect, it } from 'vitest';
import { c2s, flagsOf, s2c } from './packets.js';

// kdd-features.md §4: one test per flag of the table, plus the missed-SYN and trailing-ACK rules.
describe('TCP flag (§4)', () => {
  it('S0: SYN, no reply at all (retransmitted SYNs are the same record)', () => {
    expect(flagsOf([c2s(0, 'S'), c2s(1, 'S'), c2s(3, 'S')])).toEqual(['S0']);
  });
  it('REJ: SYN answered by RST', () => {
    expect(flagsOf([c2s(0, 'S'), s2c(0.001, 'RA')])).toEqual(['REJ']);
  });
  it('S1: established, not terminated', () => {
    expect(flagsOf([c2s(0, 'S'), s2c(0.1, 'SA'), c2s(0.2, 'A')])).toEqual(['S1']);
  });
  it('S1: SYN answered by SYN-ACK and nothing more (documented choice)', () => {
    expect(flagsOf([c2s(0, 'S'), s2c(0.1, 'SA')])).toEqual(['S1']);
  });
  it('SF: normal establishment and termination', () => {
    const pk = [c2s(0, 'S'), s2c(0.1, 'SA'), c2s(0.2, 'A'), c2s(0.3, 'FA'), s2c(0.4, 'FA')];
    expect(flagsOf([...pk, c2s(0.5, 'A')])).toEqual(['SF']);
  });
  it('S2: originator sent FIN, nothing more from the responder', () => {
    expect(flagsOf([c2s(0, 'S'), s2c(0.1, 'SA'), c2s(0.2, 'A'), c2s(0.3, 'FA')])).toEqual(['S2']);
  });
  it('S3: responder sent FIN, nothing more from the originator', () => {
    expect(flagsOf([c2s(0, 'S'), s2c(0.1, 'SA'), c2s(0.2, 'A'), s2c(0.3, 'FA')])).toEqual(['S3']);
  });
  it('RSTO: established, originator aborted', () => {
    expect(flagsOf([c2s(0, 'S'), s2c(0.1, 'SA'), c2s(0.2, 'A'), c2s(0.3, 'R')])).toEqual(['RSTO']);
  });
  it('RSTO: nmap -sS on an open port (SYN, SYN-ACK, RST)', () => {
    expect(flagsOf([c2s(0, 'S'), s2c(0.1, 'SA'), c2s(0.2, 'R')])).toEqual(['RSTO']);
  });
  it('RSTR: established, responder sent RST', () => {
    expect(flagsOf([c2s(0, 'S'), s2c(0.1, 'SA'), c2s(0.2, 'A'), s2c(0.3, 'R')])).toEqual(['RSTR']);
  });
  it('RSTOS0: originator sent SYN then RST, no SYN-ACK', () => {
    expect(flagsOf([c2s(0, 'S'), c2s(0.2, 'R')])).toEqual(['RSTOS0']);
  });
  it('SH: originator sent SYN then FIN, no SYN-ACK', () => {
    expect(flagsOf([c2s(0, 'S'), c2s(0.2, 'F')])).toEqual(['SH']);
  });
  it('RSTRH: responder SYN-ACK then RST, no SYN from the originator seen', () => {
    expect(flagsOf([s2c(0, 'SA'), s2c(0.2, 'R')])).toEqual(['RSTRH']);
  });
  it('SHR: responder SYN-ACK then FIN, no SYN from the originator seen', () => {
    expect(flagsOf([s2c(0, 'SA'), s2c(0.2, 'F')])).toEqual(['SHR']);
  });
  it('OTH: missed SYN → one record for the whole mid-stream conversation', () => {
    const pk = [c2s(0, 'PA', { len: 10 }), s2c(0.1, 'A'), c2s(0.2, 'PA', { len: 5, seq: 10 })];
    expect(flagsOf([...pk, s2c(0.3, 'PA', { len: 7 })])).toEqual(['OTH']);
  });
  it('no spurious record from the last ACK after a close', () => {
    const pk = [c2s(0, 'S'), s2c(0.1, 'SA'), c2s(0.2, 'A'), c2s(0.3, 'FA'), s2c(0.4, 'FA')];
    expect(flagsOf([...pk, c2s(4, 'A')])).toEqual(['SF']);
  });
  it('a new SYN after a REJ starts a new record', () => {
    expect(flagsOf([c2s(0, 'S'), s2c(0.001, 'RA'), c2s(0.5, 'S'), s2c(0.501, 'RA')])).toEqual([
      'REJ',
      'REJ',
    ]);
  });
});
