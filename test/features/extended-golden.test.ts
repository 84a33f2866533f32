/**
 * Golden rows of `nad features --set extended --format csv` (docs/extended-features.md) on real
 * captures: DNS, HTTP and TLS (test/golden/extended/<capture>.csv). Regenerate with
 * UPDATE_GOLDEN=1 after a deliberate change, and review the diff.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFeatures } from '../../src/app/features/features.js';
import { featureHeader, featureLine } from '../../src/report/features-writer.js';
import { PCAPS, ROOT } from '../helpers/fixtures.js';

const GOLDEN = join(ROOT, 'test/golden/extended');
const CAPTURES = [
  'benign/dns_lab.pcapng',
  'benign/http_browse.pcap',
  'benign/tls_with_extensions.pcap',
];
const OPTIONS = {
  format: 'csv',
  withEndpoints: false,
  label: 'unknown.',
  set: 'extended',
} as const;
const update = process.env.UPDATE_GOLDEN === '1';

describe('golden extended feature rows', () => {
  for (const rel of CAPTURES) {
    it(rel, async () => {
      const lines = [featureHeader(OPTIONS)!];
      await extractFeatures(join(PCAPS, rel), (row) => lines.push(featureLine(row, OPTIONS)), {
        set: 'extended',
      });
      const text = lines.join('\n') + '\n';
      const path = join(GOLDEN, rel.replace(/\//g, '__') + '.csv');
      if (update) {
        mkdirSync(GOLDEN, { recursive: true });
        writeFileSync(path, text);
      }
      expect(text).toBe(readFileSync(path, 'utf8'));
    });
  }
});
