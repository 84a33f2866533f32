/**
 * Property tests of issue 8, in the normal suite: every input kind of bench/fuzz-kinds.ts (the
 * same generators and invariants as `npm run fuzz`) with a small number of runs, and truncation
 * of small fixtures at every offset. Bounded to a few seconds per kind on a 2-core machine.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { KINDS } from '../../bench/fuzz-kinds.js';
import { fuzzCapture } from '../../bench/fuzz-targets.js';
import { fixtureBytes } from '../helpers/fixtures.js';

/** Runs per kind: enough to exercise every mutation, small enough for a few seconds each. */
const RUNS: Record<string, number> = {
  pcap: 1500,
  pcapng: 1500,
  gzip: 400,
  'tshark-json': 800,
  'tshark-ek': 800,
  telemetry: 1500,
  kdd: 400,
  model: 400,
  decode: 5000,
};

describe('fuzz properties (same generators as npm run fuzz)', () => {
  for (const [name, kind] of Object.entries(KINDS)) {
    test.prop([kind.arb()], { numRuns: RUNS[name] ?? 100, interruptAfterTimeLimit: 8_000 })(
      `${name}: only InputError/ModelError, bounded work, chunking-independent`,
      async (input) => {
        await kind.run(input);
      },
    );
  }
});

describe('truncation at every offset', () => {
  for (const rel of [
    'encap/icmp_destunreach_udp.pcap',
    'format/pcapng_be_spb_only.pcapng',
    'linktype/sll2_276_dns.pcap',
  ]) {
    it(`${rel}: each prefix keeps every record that ends inside it`, async () => {
      const bytes = fixtureBytes(rel);
      const whole = await fuzzCapture(bytes);
      for (let cut = 0; cut < bytes.length; cut++) {
        const r = await fuzzCapture(bytes.subarray(0, cut));
        // Records of a prefix are the file's first records…
        expect(r.offsets).toEqual(whole.offsets.slice(0, r.records));
        // …and include every record whose successor starts inside the prefix.
        const complete = whole.offsets.filter((_, i) => (whole.offsets[i + 1] ?? Infinity) <= cut);
        expect(r.records).toBeGreaterThanOrEqual(complete.length);
      }
    });
  }
});

it('fast-check is wired (sanity)', () => {
  fc.assert(fc.property(fc.nat(), (n) => n >= 0));
});
