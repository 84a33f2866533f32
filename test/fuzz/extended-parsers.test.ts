/**
 * The payload parsers of the extended set (DNS, HTTP, TLS) on arbitrary bytes in arbitrary
 * chunks: they never throw and their columns stay in their documented ranges.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { DnsState } from '../../src/features/dns.js';
import { HttpState } from '../../src/features/http.js';
import { TlsState } from '../../src/features/tls.js';

/** Chunks of payload, each from one side; some start like the protocols do. */
const chunks = fc.array(
  fc.record({
    fromOrig: fc.boolean(),
    data: fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.constantFrom('GET / HTTP/1.1\r\n', 'HTTP/1.1 404 x\r\n', 'Content-Length: 5\r\n', '\r\n', '0\r\n').map((s) => Uint8Array.from(s, (c) => c.charCodeAt(0))), // prettier-ignore
      fc.uint8Array({ minLength: 12, maxLength: 80 }).map((b) => Uint8Array.of(22, 3, 1, 0, 60, 1, ...b)), // prettier-ignore
    ),
  }),
  { maxLength: 12 },
);

describe('extended parsers on arbitrary bytes', () => {
  test.prop([chunks], { numRuns: 2000, interruptAfterTimeLimit: 8_000 })(
    'never throw; columns in range',
    (cs) => {
      const dnsU = new DnsState(false);
      const dnsT = new DnsState(true);
      const http = new HttpState();
      const tls = new TlsState();
      for (const c of cs)
        for (const p of [dnsU, dnsT, http, tls]) p.onPayload(c.fromOrig, c.data, 0, c.data.length);
      for (const d of [dnsU, dnsT]) {
        expect(d.nameLen).toBeGreaterThanOrEqual(-1);
        expect(d.nameLen).toBeLessThanOrEqual(254);
        expect(d.rcode).toBeLessThanOrEqual(15);
        expect((d.qtype === -1) === (d.labels === -1)).toBe(true);
      }
      expect([0, 1, 2, 3, 4]).toContain(http.method);
      expect([0, 2, 3, 4, 5]).toContain(http.statusClass);
      expect(http.responses4xx).toBeLessThanOrEqual(cs.length * 300);
      expect(!tls.sniPresent || tls.seen).toBe(true);
    },
  );
});
