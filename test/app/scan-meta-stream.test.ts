/**
 * The summary line (`--with-summary`, the report's header) of a `--stream` scan: its inputs are
 * the stream tasks, named after their files — no size or sha256 of their own, where the summary
 * once tried to stat the name and failed with an internal error.
 */
import { describe, expect, it } from 'vitest';
import { scanMeta } from '../../src/app/scan/scan-meta.js';
import { runScan } from '../../src/app/scan/scan-run.js';
import { SCAN_DEFAULTS } from '../helpers/scan-options.js';

describe('scanMeta of a --stream scan', () => {
  it('one input per sensor stream, counted, without size or sha256', async () => {
    const run = await runScan(['fixtures/stream'], {
      ...SCAN_DEFAULTS,
      all: true,
      stream: true,
      sensorFrom: /^fixtures\/stream\/([^/]+)\//,
    });
    const meta = await scanMeta(run, { version: '0', args: ['scan', '--stream'], all: true, modelFlag: undefined }); // prettier-ignore
    expect(meta.inputs.map((i) => [i.file, i.bytes, i.sha256, i.connections])).toEqual([
      ['fixtures/stream/ftp/e.pcap … fixtures/stream/ftp/c.pcap (stream of 5 files, sensor ftp)', null, null, 30], // prettier-ignore
      ['fixtures/stream/synscan/e.pcapng … fixtures/stream/synscan/c.pcapng (stream of 5 files, sensor synscan)', null, null, 1994], // prettier-ignore
    ]);
    expect([meta.connections, meta.command]).toEqual([2024, 'nad scan --stream']);
  });
});
