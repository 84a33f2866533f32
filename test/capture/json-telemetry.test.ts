/**
 * JSON packet telemetry: good records (array and NDJSON), every kind of bad record, the
 * --skip-bad-records count, and timestamps (epoch, ISO 8601, missing → 1 ms apart).
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../src/capture/reader.js';
import { decodeFrame } from '../../src/decode/frame.js';
import { DecodedPacket, formatAddress } from '../../src/decode/packet.js';
import { chunksOf } from '../helpers/fixtures.js';

interface Seen {
  time: string;
  hasTs: boolean;
  flow: string;
  proto: number;
  flags: number;
  payload: number;
  icmp: string;
  origLen: number;
}

async function read(text: string, skipBadRecords = false, chunk = 7) {
  const seen: Seen[] = [];
  const p = new DecodedPacket();
  const r = await readCapture(
    chunksOf(Buffer.from(text), chunk),
    (rec) => {
      decodeFrame(rec, p);
      seen.push({
        time: `${rec.tsSec}.${String(rec.tsNsec).padStart(9, '0')}`,
        hasTs: rec.hasTimestamp,
        flow: `${formatAddress(p.ipVersion, p.src)}:${p.srcPort}>${formatAddress(p.ipVersion, p.dst)}:${p.dstPort}`,
        proto: p.ipProto,
        flags: p.tcpFlags,
        payload: p.payloadLen,
        icmp: `${p.icmpType}/${p.icmpCode}`,
        origLen: p.origLen,
      });
    },
    'tele.json',
    { skipBadRecords },
  );
  return { seen, ...r };
}

const rec = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    src_ip: '192.168.0.1',
    dest_ip: '192.168.0.2',
    src_port: 1234,
    dest_port: 80,
    protocol: 'TCP',
    packet_size: 100,
    ...extra,
  });

describe('JSON packet telemetry', () => {
  it('reads an array of records: one packet each, in file order', async () => {
    const text = `[\n${[
      rec({ timestamp: 1700000000.25, tcp_flags: 'S' }),
      rec({ timestamp: '1700000000.250001', tcp_flags: 'SA', src_port: '80', dest_port: 1234 }),
      rec({ timestamp: '2023-11-14T22:13:20.5Z', tcp_flags: 18 }),
      rec({ protocol: 'udp', packet_size: 60, extra: { nested: [1, 2] } }),
      rec({ protocol: 'ICMP', packet_size: 84, src_port: undefined, dest_port: undefined }),
      rec({ protocol: 17, src_ip: '2001:db8::1', dest_ip: '::ffff:10.0.0.1', packet_size: 48 }),
    ].join(',\n')}\n]`;
    const r = await read(text);
    expect(r.error).toBeUndefined();
    expect(r.info.format).toBe('json telemetry');
    expect(r.seen).toEqual([
      s('1700000000.250000000', true, '192.168.0.1:1234>192.168.0.2:80', 6, 0x02, 60, 100),
      s('1700000000.250001000', true, '192.168.0.1:80>192.168.0.2:1234', 6, 0x12, 60, 100),
      s('1700000000.500000000', true, '192.168.0.1:1234>192.168.0.2:80', 6, 0x12, 60, 100),
      s('1700000000.501000000', false, '192.168.0.1:1234>192.168.0.2:80', 17, 0, 32, 60),
      {
        ...s('1700000000.502000000', false, '192.168.0.1:0>192.168.0.2:0', 1, 0, 64, 84),
        icmp: '8/0',
      },
      s('1700000000.503000000', false, '2001:db8::1:1234>::ffff:a00:1:80', 17, 0, 0, 48),
    ]);
  });

  it('reads NDJSON; records without timestamps are 1 ms apart from the epoch', async () => {
    const text = [rec(), rec({ tcp_flags: 'RA' }), rec({ tcp_flags: 'F.' }), ''].join('\n');
    const r = await read(text, false, 3);
    expect(r.seen.map((x) => [x.time, x.hasTs, x.flags])).toEqual([
      ['0.000000000', false, 0x10],
      ['0.001000000', false, 0x14],
      ['0.002000000', false, 0x11],
    ]);
  });

  it('ISO 8601 with offsets and epoch strings parse exactly (no float rounding)', async () => {
    const r = await read(
      `[${rec({ timestamp: '2024-02-29T01:00:00.123456789+01:00' })},${rec({ timestamp: '1712345678.987654321' })}]`,
    );
    expect(r.seen.map((x) => x.time)).toEqual(['1709164800.123456789', '1712345678.987654321']);
  });

  const BAD: [string, string][] = [
    [rec({ src_ip: undefined }), 'missing src_ip'],
    [rec({ dest_ip: undefined }), 'missing dest_ip'],
    [rec({ protocol: undefined }), 'missing protocol'],
    [rec({ packet_size: undefined }), 'missing packet_size'],
    [rec({ src_port: undefined }), 'missing src_port'],
    [rec({ dest_port: null }), 'missing dest_port'],
    [rec({ src_ip: '300.1.1.1' }), 'src_ip "300.1.1.1" is not an IP address'],
    [rec({ src_ip: 17 }), 'src_ip must be a string'],
    [rec({ dest_ip: '::1' }), 'dest_ip "::1" is not an IPv4 address like src_ip'],
    [rec({ protocol: 'SCTP' }), 'protocol "SCTP" is not TCP, UDP, ICMP, ICMPv6 or 0–255'],
    [
      rec({ packet_size: 39 }),
      'packet_size 39 is not a whole number from 40 to 65535 (IP packet bytes)',
    ],
    [
      rec({ packet_size: 1.5 }),
      'packet_size 1.5 is not a whole number from 40 to 65535 (IP packet bytes)',
    ],
    [rec({ src_port: 70000 }), 'src_port 70000 is not 0–65535'],
    [rec({ dest_port: '-1' }), 'dest_port "-1" is not 0–65535'],
    [rec({ tcp_flags: 'SX' }), 'tcp_flags "SX" is not a number or flag letters (FSRPAUEC.)'],
    [
      rec({ timestamp: 'yesterday' }),
      'timestamp "yesterday" is neither epoch seconds nor ISO 8601 with a zone',
    ],
    [
      rec({ timestamp: '2024-02-30T00:00:00Z' }),
      'timestamp "2024-02-30T00:00:00Z" is neither epoch seconds nor ISO 8601 with a zone',
    ],
    [rec({ protocol: 'icmp', icmp_type: 300 }), 'icmp_type 300 is not 0–255'],
    [rec({ src_ip: ['10.0.0.1'] }), 'src_ip must be a number or string, not an object or array'],
    ['"just a string"', 'is not an object'],
  ];

  it.each(BAD)('bad record %s → %s (exit 3, naming record, line, byte)', async (bad, reason) => {
    const text = `[\n${rec()},\n${bad},\n${rec()}\n]`;
    const r = await read(text);
    expect(r.seen).toHaveLength(1); // the record before the bad one was delivered
    const at = text.indexOf(bad, 3);
    expect(r.error?.describe()).toBe(
      `tele.json: line 3, column 1: record 2: byte ${at}: bad telemetry record: ${reason}`,
    );
    expect(r.error?.exitCode).toBe(3);
  });

  it('--skip-bad-records skips every bad record and counts them', async () => {
    const text = [rec(), ...BAD.map(([b]) => b), rec({ src_port: 5 }), ''].join('\n');
    const r = await read(text, true);
    expect(r.error).toBeUndefined();
    expect(r.seen.map((x) => x.flow)).toEqual([
      '192.168.0.1:1234>192.168.0.2:80',
      '192.168.0.1:5>192.168.0.2:80',
    ]);
    expect(r.info.skippedBlocks).toEqual({ 'bad telemetry records': BAD.length });
    expect(r.warnings.map((w) => w.message)).toEqual([
      `${BAD.length} bad telemetry record(s) skipped (--skip-bad-records); first: record 2 (line 2): missing src_ip`,
    ]);
  });

  it('invalid JSON stops with a location even with --skip-bad-records', async () => {
    const r = await read(`${rec()}\n{"src_ip": }\n`, true);
    expect(r.seen).toHaveLength(1);
    expect(r.error?.describe()).toMatch(/^tele\.json: line 2, column 12: byte \d+: unexpected '}'/);
  });

  it('gzip and stdin work like files (detection by content)', async () => {
    const { gzipSync } = await import('node:zlib');
    const { openSource } = await import('../../src/io/source.js');
    const src = await openSource('-', Readable.from([gzipSync(Buffer.from(`[${rec()}]`))]));
    let n = 0;
    const r = await readCapture(src.chunks, () => n++, src.name);
    expect([src.gzip, n, r.error, r.info.format]).toEqual([true, 1, undefined, 'json telemetry']);
  });
});

function s(
  time: string,
  hasTs: boolean,
  flow: string,
  proto: number,
  flags: number,
  payload: number,
  origLen: number,
): Seen {
  return { time, hasTs, flow, proto, flags, payload, icmp: '0/0', origLen };
}
