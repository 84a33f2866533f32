/**
 * Every cut-short prefix of small valid files (issue 2: "a file cut off in the middle of a
 * record"): readCapture never throws; it returns exactly the complete records before the cut.
 * What it says about the cut, decided here:
 * - fewer than 4 bytes (the magic): InputError "not a capture file" at byte 0;
 * - inside the pcap global header / the first pcapng SHB: InputError at byte 0;
 * - at a record boundary: nothing (the file is a valid shorter capture);
 * - inside a later record or block: ONE warning at the byte offset where that record starts.
 * A gzip stream cut short adds a warning from the inflater, or is the error when not even a
 * file header could be inflated.
 */
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/common/errors.js';
import { FRAMES, PcapngBuilder, buildPcap } from '../helpers/capture-builders.js';
import { readBytes, readViaSource, type RecordCopy } from '../helpers/fixtures.js';

const [F0, F1, F2] = FRAMES as [Uint8Array, Uint8Array, Uint8Array];

const PCAP = buildPcap({ nanos: true }, [
  { tsSec: 1, tsFrac: 2, data: F0 },
  { tsSec: 3, tsFrac: 4, data: F1 },
  { tsSec: 5, tsFrac: 6, data: F2 },
]);
/** Offsets where each pcap record starts, and the end of the file. */
const PCAP_BOUNDS = [24, 114, 204, 286];

const ng = new PcapngBuilder().section().idb(1);
const NG_BOUNDS = [ng.offset];
ng.epb(0, 1n, F0);
NG_BOUNDS.push(ng.offset);
ng.block(5, new Uint8Array(8)); // an ISB between packets: skipped, and a boundary too
NG_BOUNDS.push(ng.offset);
ng.spb(F1);
NG_BOUNDS.push(ng.offset);
ng.epb(0, 2n, F2);
NG_BOUNDS.push(ng.offset);
const PCAPNG = ng.bytes();
const SHB_END = 28; // SHB with no options

const FULL_PCAP = (await readBytes(PCAP)).records;
const FULL_PCAPNG = (await readBytes(PCAPNG)).records;

/** Complete records of `full` that end at or before byte n, given the record start offsets. */
function completeBefore(full: RecordCopy[], bounds: number[], n: number): RecordCopy[] {
  return full.filter((r) => bounds[bounds.indexOf(r.fileOffset) + 1]! <= n);
}

/** The start of the record or block cut by a prefix of n bytes, or undefined at a boundary. */
function cutAt(bounds: number[], n: number): number | undefined {
  if (bounds.includes(n)) return undefined;
  return [...bounds].reverse().find((b) => b < n);
}

function notACapture(n: number, bytes: Uint8Array): string {
  const shown = Array.from(bytes.subarray(0, n), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return `not a capture file: starts with ${n === 0 ? 'nothing (empty file)' : shown}`;
}

describe('every cut-short prefix', () => {
  it('of a pcap (286 bytes), read whole and in 7-byte chunks', async () => {
    for (let n = 0; n <= PCAP.length; n++) {
      for (const chunk of [undefined, 7]) {
        const r = await readBytes(PCAP.slice(0, n), chunk, 'cut.pcap');
        const at = `prefix ${n}, chunk ${chunk}`;
        if (n < 24) {
          expect(r.records, at).toEqual([]);
          expect(r.error, at).toBeInstanceOf(InputError);
          expect(r.error?.location, at).toEqual({ file: 'cut.pcap', byteOffset: 0 });
          const msg =
            n < 4 ? notACapture(n, PCAP) : `pcap file header cut short (${n} of 24 bytes)`;
          expect(r.error?.message, at).toBe(msg);
          continue;
        }
        expect(r.error, at).toBeUndefined();
        expect(r.records, at).toEqual(completeBefore(FULL_PCAP, PCAP_BOUNDS, n));
        const cut = cutAt(PCAP_BOUNDS, n);
        const warning = {
          byteOffset: cut,
          message: `file ends inside a record at byte ${cut} (${n - cut!} bytes of an incomplete record ignored; file cut short?)`,
        };
        expect(r.warnings, at).toEqual(cut === undefined ? [] : [warning]);
      }
    }
  });

  it('of a pcapng with EPB, ISB and SPB blocks', async () => {
    for (let n = 0; n <= PCAPNG.length; n++) {
      const r = await readBytes(PCAPNG.slice(0, n), 64, 'cut.pcapng');
      const at = `prefix ${n}`;
      if (n < SHB_END) {
        expect(r.records, at).toEqual([]);
        expect(r.error?.location, at).toEqual({ file: 'cut.pcapng', byteOffset: 0 });
        const msg =
          n < 4
            ? notACapture(n, PCAPNG)
            : `file ends inside the first Section Header Block (${n} bytes)`;
        expect(r.error?.message, at).toBe(msg);
        continue;
      }
      expect(r.error, at).toBeUndefined();
      expect(r.records, at).toEqual(
        FULL_PCAPNG.filter((x) => NG_BOUNDS[NG_BOUNDS.indexOf(x.fileOffset) + 1]! <= n),
      );
      const cut = cutAt([SHB_END, ...NG_BOUNDS], n);
      const left = n - cut!;
      const message = `file ends inside a record at byte ${cut} (${left} bytes of an incomplete record ignored; file cut short?)`;
      expect(r.warnings, at).toEqual(cut === undefined ? [] : [{ byteOffset: cut, message }]);
    }
  });

  it('of a gzip-compressed pcap: the records inflatable before the cut, never an exception', async () => {
    const gz = gzipSync(PCAP);
    for (let n = 0; n <= gz.length; n++) {
      const r = await readViaSource(gz.subarray(0, n));
      const at = `prefix ${n}`;
      // What zlib can inflate from the prefix is the oracle for how far the capture goes.
      const inflated = n < 2 ? 0 : safeInflatedLength(gz.subarray(0, n));
      if (n < 2) {
        expect(r.error?.message, at).toBe(notACapture(n, gz));
        continue;
      }
      if (inflated < 24) {
        expect(r.records, at).toEqual([]);
        expect(r.error, at).toBeInstanceOf(InputError);
        continue;
      }
      expect(r.error, at).toBeUndefined();
      expect(r.records, at).toEqual(completeBefore(FULL_PCAP, PCAP_BOUNDS, inflated));
      const cut = cutAt(PCAP_BOUNDS, inflated);
      const messages = r.warnings.map((w) => w.message);
      const gzipCut = 'gzip data ends early (file cut short)';
      if (n === gz.length) expect(messages, at).toEqual([]);
      else if (cut === undefined) expect(messages, at).toEqual([gzipCut]);
      else expect(messages, at).toEqual([expect.stringContaining(`at byte ${cut} `), gzipCut]);
    }
  });
});

/** Bytes zlib inflates from a possibly cut gzip stream. */
function safeInflatedLength(prefix: Uint8Array): number {
  try {
    return gunzipSync(prefix, { finishFlush: constants.Z_SYNC_FLUSH }).length;
  } catch {
    return 0;
  }
}
