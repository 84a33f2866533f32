/**
 * Classic pcap format matrix: the four magics (µs/ns × LE/BE), versions 2.0 to 2.4 with the
 * length fields in the order of each version (libpcap's rule), a real 2.0 file, bad versions,
 * the record-length policy of src/capture/pcap.ts, gzip, and chunk boundaries.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/common/errors.js';
import {
  FRAMES,
  buildPcap,
  type PcapHeader,
  type PcapRecord,
} from '../helpers/capture-builders.js';
import { readCapture } from '../../src/capture/reader.js';
import {
  copyRecord,
  fixtureBytes,
  readBytes,
  readViaSource,
  type RecordCopy,
} from '../helpers/fixtures.js';

const [F0, F1, F2] = FRAMES as [Uint8Array, Uint8Array, Uint8Array];

/** Three records; the fraction is µs or ns depending on the magic. */
function threeRecords(nanos: boolean): Parameters<typeof buildPcap>[1] {
  const frac = nanos ? [123456789, 999999999, 0] : [123456, 999999, 0];
  return [
    { tsSec: 1_732_729_516, tsFrac: frac[0]!, data: F0 },
    { tsSec: 1_732_729_516, tsFrac: frac[1]!, data: F1, origLen: 1514 },
    { tsSec: 4_294_967_295, tsFrac: frac[2]!, data: F2 },
  ];
}

/** The records those three must read back as. */
function expected(nanos: boolean, linkType = 1): RecordCopy[] {
  const base = { hasTimestamp: true, linkType, interfaceId: 0 };
  return [
    {
      ...base,
      index: 1,
      tsSec: 1_732_729_516,
      tsNsec: nanos ? 123456789 : 123456000,
      capLen: 74,
      origLen: 74,
      fileOffset: 24,
      data: F0,
    },
    {
      ...base,
      index: 2,
      tsSec: 1_732_729_516,
      tsNsec: 999999999 - (nanos ? 0 : 999),
      capLen: 74,
      origLen: 1514,
      fileOffset: 114,
      data: F1,
    },
    {
      ...base,
      index: 3,
      tsSec: 4_294_967_295,
      tsNsec: 0,
      capLen: 66,
      origLen: 66,
      fileOffset: 204,
      data: F2,
    },
  ];
}

/**
 * The records as written with the original length first (the record header before version 2.3):
 * the two length fields swapped.
 */
function originalFirst(records: PcapRecord[]): PcapRecord[] {
  return records.map((r) => ({
    ...r,
    capLen: r.origLen ?? r.data.length,
    origLen: r.capLen ?? r.data.length,
  }));
}

/** Name, header, and whether records are written original length first. */
const MATRIX: [string, PcapHeader, boolean][] = [];
for (const bigEndian of [false, true]) {
  for (const nanos of [false, true]) {
    const name = `${bigEndian ? 'BE' : 'LE'} ${nanos ? 'ns' : 'µs'}`;
    MATRIX.push([`${name} 2.4`, { bigEndian, nanos, minor: 4 }, false]);
    // 2.3 files were written in either order: the larger field is the original length.
    MATRIX.push([`${name} 2.3, captured length first`, { bigEndian, nanos, minor: 3 }, false]);
    MATRIX.push([`${name} 2.3, original length first`, { bigEndian, nanos, minor: 3 }, true]);
    for (const minor of [2, 1, 0])
      MATRIX.push([`${name} 2.${minor}`, { bigEndian, nanos, minor }, true]);
  }
}

/** The three records in the file format of a matrix entry. */
function matrixFile(h: PcapHeader, swapped: boolean): Uint8Array {
  const records = threeRecords(h.nanos === true);
  return buildPcap(h, swapped ? originalFirst(records) : records);
}

describe('pcap: magics, byte orders, versions', () => {
  it.each(MATRIX)('%s reads exact records and header info', async (_name, h, swapped) => {
    const file = matrixFile({ ...h, snaplen: 262144 }, swapped);
    const r = await readBytes(file);
    expect(r.error).toBeUndefined();
    expect(r.warnings).toEqual([]);
    expect(r.records).toEqual(expected(h.nanos === true));
    expect(r.info).toEqual({
      format: 'pcap',
      byteOrder: h.bigEndian ? 'big' : 'little',
      tsResolution: h.nanos ? 'nanoseconds' : 'microseconds',
      version: `2.${h.minor}`,
      snaplen: 262144,
      linkTypes: [1],
      sections: 1,
      interfaces: 1,
      skippedBlocks: {},
    });
  });

  it.each(MATRIX)('%s gzip-compressed reads the same records', async (_name, h, swapped) => {
    const file = matrixFile(h, swapped);
    const r = await readViaSource(gzipSync(file), 100);
    expect(r.gzip).toBe(true);
    expect(r.error).toBeUndefined();
    expect(r.records).toEqual(expected(h.nanos === true));
  });

  // libpcap also reads 543.0 (DG/UX tcpdump); nad reads major version 2 only.
  it.each([
    [1, 4],
    [2, 5],
    [2, 65535],
    [3, 4],
    [0, 0],
    [543, 0],
  ])('version %i.%i is an InputError at byte 4 naming the file', async (major, minor) => {
    const r = await readBytes(
      buildPcap({ major, minor }, threeRecords(false)),
      undefined,
      'v.pcap',
    );
    expect(r.records).toEqual([]);
    expect(r.error).toBeInstanceOf(InputError);
    expect(r.error?.location).toEqual({ file: 'v.pcap', byteOffset: 4 });
    expect(r.error?.message).toBe(
      `unsupported pcap version ${major}.${minor} (expected 2.0 to 2.4)`,
    );
  });

  it('masks the FCS bits out of the link-type field', async () => {
    const file = buildPcap({ linkType: 0x1000_0000 | (1 << 26) | 101 }, threeRecords(false));
    const r = await readBytes(file);
    expect(r.info.linkTypes).toEqual([101]);
    expect(r.records.map((x) => x.linkType)).toEqual([101, 101, 101]);
  });

  it('reads the same records in chunks of 1, 7, 64 bytes and whole', async () => {
    for (const [, h, swapped] of MATRIX) {
      const file = matrixFile(h, swapped);
      for (const size of [1, 7, 64, undefined]) {
        const r = await readBytes(file, size);
        expect(r.records, `chunk ${size}`).toEqual(expected(h.nanos === true));
        expect(r.warnings).toEqual([]);
      }
    }
  });

  it('completes records split by a chunk boundary from the next chunk, whatever their size', async () => {
    // Records longer than the bytes first copied behind a tail (16 KiB), and short ones between.
    const big = (n: number, seed: number) =>
      Uint8Array.from({ length: n }, (_, i) => (i * seed) & 255);
    const records = [40_000, 60, 17_000, 1514, 65_535, 90].map((n, i) => ({
      tsSec: 1_732_729_516 + i,
      tsFrac: i,
      data: big(n, i + 3),
    }));
    const file = buildPcap({}, records);
    const whole = await readBytes(file);
    expect(whole.records.map((r) => r.data.length)).toEqual([40_000, 60, 17_000, 1514, 65_535, 90]);
    for (const size of [1000, 16_383, 20_000, 50_000, 65_536]) {
      const r = await readBytes(file, size);
      expect(r.records, `chunk ${size}`).toEqual(whole.records);
      expect(r.warnings).toEqual([]);
    }
  });

  it('reads a real capture in 9,000-byte chunks exactly as whole', async () => {
    const file = fixtureBytes('attack/ftp_bruteforce.pcap');
    const whole = await readBytes(file);
    expect(whole.records.length).toBeGreaterThan(100);
    expect((await readBytes(file, 9000)).records).toEqual(whole.records);
  });

  it('copies the unparsed tail: a producer may reuse its chunk buffer', async () => {
    const file = buildPcap({}, threeRecords(false));
    const shared = Buffer.alloc(50);
    async function* reused(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < file.length; i += 50) {
        const n = Math.min(50, file.length - i);
        shared.set(file.subarray(i, i + n));
        yield shared.subarray(0, n);
      }
    }
    const records: RecordCopy[] = [];
    const r = await readCapture(reused(), (x) => records.push(copyRecord(x)), 'x.pcap');
    expect(r.error).toBeUndefined();
    expect(records).toEqual(expected(false));
  });

  it('reads a header-only file as zero packets, no warning', async () => {
    const r = await readBytes(buildPcap({}, []));
    expect(r).toMatchObject({ records: [], warnings: [], error: undefined });
  });
});

describe('pcap 2.0: a real file', () => {
  // fixtures/pcaps/format/derived_pcap_v2_0.pcap: attack/ftp_bruteforce.pcap with its minor
  // version set to 0 (fixtures/README.md); every record there has caplen = origlen, so the
  // copy is a valid 2.0 file whichever field comes first.
  it('reads every packet of the 2.4 file it was made from, exactly', async () => {
    const original = fixtureBytes('attack/ftp_bruteforce.pcap');
    const v20 = fixtureBytes('format/derived_pcap_v2_0.pcap');
    expect(Array.from(v20.subarray(4, 8))).toEqual([2, 0, 0, 0]);
    expect(Buffer.from(v20.subarray(8)).equals(original.subarray(8))).toBe(true);
    const want = await readBytes(original);
    const got = await readBytes(v20);
    expect([got.error, got.warnings]).toEqual([undefined, []]);
    expect(got.records).toHaveLength(606);
    expect(got.records).toEqual(want.records);
    expect(got.info).toEqual({ ...want.info, version: '2.0' });
  });
});

describe('pcap: record-length policy (see the comment at the top of src/capture/pcap.ts)', () => {
  it('caplen > snaplen: every record kept whole, ONE warning at the first', async () => {
    const file = buildPcap({ snaplen: 68 }, threeRecords(false));
    const r = await readBytes(file);
    expect(r.records).toEqual(expected(false));
    expect(r.error).toBeUndefined();
    expect(r.warnings).toEqual([
      {
        byteOffset: 24,
        message:
          'record at byte 24: caplen 74 exceeds the header snaplen 68; kept the whole record',
      },
    ]);
  });

  it('snaplen 0 in the header means "unknown": no warning', async () => {
    const r = await readBytes(buildPcap({ snaplen: 0 }, threeRecords(false)));
    expect(r.warnings).toEqual([]);
    expect(r.records).toHaveLength(3);
  });

  it('caplen > 262144: InputError at that record, after every earlier record', async () => {
    const recs = threeRecords(false);
    recs[1] = { ...recs[1]!, capLen: 262145 };
    for (const size of [7, undefined]) {
      const r = await readBytes(buildPcap({}, recs), size, 'big.pcap');
      expect(r.records).toEqual(expected(false).slice(0, 1));
      expect(r.error).toBeInstanceOf(InputError);
      expect(r.error?.location).toEqual({ file: 'big.pcap', byteOffset: 114 });
      expect(r.error?.message).toBe(
        'record claims 262145 captured bytes (more than the 262144-byte maximum); the file is corrupt from here on',
      );
    }
  });

  it('caplen = 262144 exactly is accepted', async () => {
    const data = new Uint8Array(262144).fill(0xab);
    const r = await readBytes(buildPcap({ snaplen: 262144 }, [{ tsSec: 1, tsFrac: 2, data }]));
    expect(r.error).toBeUndefined();
    expect(r.records.map((x) => [x.capLen, x.origLen, x.data.length])).toEqual([
      [262144, 262144, 262144],
    ]);
  });

  it('caplen > origlen: origLen raised to caplen, ONE warning', async () => {
    const recs = threeRecords(false).map((x) => ({ ...x, origLen: 60 }));
    const r = await readBytes(buildPcap({}, recs));
    expect(r.records.map((x) => [x.capLen, x.origLen])).toEqual([
      [74, 74],
      [74, 74],
      [66, 66],
    ]);
    expect(r.warnings).toEqual([
      {
        byteOffset: 24,
        message: 'record at byte 24: caplen 74 exceeds origlen 60; origlen raised to caplen',
      },
    ]);
  });
});
