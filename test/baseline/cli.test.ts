/**
 * `nad baseline train` and `nad baseline eval` end to end (the built CLI as a child process), on
 * the lab captures: golden output (timings blanked), the same file for the same seed, too little
 * data and an ARP-only capture as clear errors, a damaged baseline as exit 3.
 * UPDATE_GOLDEN=1 rewrites the golden files (test/helpers/golden.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPcap } from '../helpers/capture-builders.js';
import { runNad } from '../helpers/cli.js';
import { ROOT } from '../helpers/fixtures.js';
import { bytes, eth } from '../helpers/frame-builders.js';
import { expectGolden } from '../helpers/golden.js';
import { tempDir } from '../helpers/temp.js';

const GOLDEN = join(ROOT, 'test/golden/baseline');
const TRAIN = 'fixtures/lab/train/benign_*';
const dir = tempDir('baseline');
const blankTimes = (s: string): string =>
  s.replace(/read \d+\.\ds, fit \d+\.\ds/, 'read Xs, fit Xs');

describe('nad baseline train', () => {
  it('learns the benign lab train runs: summary, and the same bytes for the same seed', async () => {
    const a = join(dir, 'a.nadb');
    const r = await runNad(['baseline', 'train', TRAIN, '-o', a]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expectGolden(join(GOLDEN, 'train-lab.txt'), blankTimes(r.stdout).replaceAll(a, 'a.nadb'));
    const b = join(dir, 'b.nadb');
    expect((await runNad(['baseline', 'train', TRAIN, '-o', b, '-q'])).code).toBe(0);
    expect(readFileSync(b)).toEqual(readFileSync(a));
    const c = join(dir, 'c.nadb');
    expect((await runNad(['baseline', 'train', TRAIN, '-o', c, '--seed', '1'])).code).toBe(0);
    expect(readFileSync(c)).not.toEqual(readFileSync(a));
  });

  it('--json: inputs with sha256 and connections, the threshold and how it was chosen', async () => {
    const out = join(dir, 'j.nadb');
    const r = await runNad([
      'baseline',
      'train',
      TRAIN,
      '-o',
      out,
      '--json',
      '--extension-level',
      '2',
      '--false-alarm-rate',
      '0.05',
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    const inputs = doc.inputs as { name: string; sha256: string; connections: number }[];
    expect(inputs.map((i) => i.connections)).toEqual([180, 32, 24, 28, 81, 24, 6, 8, 62, 51]);
    expect(inputs[0]).toEqual({
      name: 'fixtures/lab/train/benign_dns.pcap.gz',
      sha256: createHash('sha256')
        .update(readFileSync(join(ROOT, inputs[0]!.name)))
        .digest('hex'),
      connections: 180,
    });
    expect(doc.params).toEqual({ nTrees: 100, sampleSize: 256, extensionLevel: 2, seed: 0 });
    expect(doc.threshold).toEqual({
      value: expect.any(Number),
      holdoutShare: expect.any(Number),
      target: 0.05,
      holdoutRows: 99,
      fitRows: 397,
    });
    expect((doc.threshold as { holdoutShare: number }).holdoutShare).toBeLessThanOrEqual(0.05);
  }, 20_000);

  it('too little data is exit 3 with a hint, and writes nothing', async () => {
    const out = join(dir, 'small.nadb');
    const r = await runNad([
      'baseline',
      'train',
      'fixtures/lab/train/benign_dns.pcap.gz',
      '-o',
      out,
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      'error: only 180 connections in the inputs; a baseline needs at least 256\nhint: Add more captures of normal traffic (hours to days of it make a useful baseline).\n',
    );
    expect(existsSync(out)).toBe(false);
  });

  it('a capture with only ARP is exit 3: no connections, not an empty model', async () => {
    const arp = bytes(
      [0, 1, 8, 0, 6, 4, 0, 1],
      [2, 0, 0, 0, 0, 1],
      [10, 0, 0, 1],
      [0, 0, 0, 0, 0, 0],
      [10, 0, 0, 2],
    );
    const frame = eth(0x0806, arp);
    const file = join(dir, 'arp.pcap');
    writeFileSync(
      file,
      buildPcap(
        {},
        Array.from({ length: 300 }, (_, i) => ({ tsSec: i, tsFrac: 0, data: frame })),
      ),
    );
    const out = join(dir, 'arp.nadb');
    const r = await runNad(['baseline', 'train', file, '-o', out]);
    expect(r.code).toBe(3);
    expect(r.stderr.replaceAll(file, 'arp.pcap')).toBe(
      'error: no connections in arp.pcap: nothing to learn from\nhint: A baseline learns from TCP, UDP and ICMP connections; these captures hold none (only ARP or other non-IP packets?). Capture normal traffic of the hosts to watch.\n',
    );
    expect(existsSync(out)).toBe(false);
  });

  it('--help explains every flag with examples', async () => {
    const r = await runNad(['baseline', 'train', '--help']);
    for (const f of [
      '--out',
      '--trees',
      '--sample-size',
      '--extension-level',
      '--false-alarm-rate',
      '--holdout',
      '--seed',
      'EXAMPLES',
    ])
      expect(r.stdout).toContain(f);
    expect(
      (await runNad(['baseline', 'train', TRAIN, '-o', 'x.nadb', '--holdout', '1'])).stderr,
    ).toBe('error: --holdout must be a number between 0 and 1 (exclusive), got 1\n');
  });
});

describe('nad baseline eval', () => {
  it('validation runs of the lab by its labels file: golden table and --json', async () => {
    const model = join(dir, 'eval.nadb');
    expect((await runNad(['baseline', 'train', TRAIN, '-o', model, '-q'])).code).toBe(0);
    const args = [
      'baseline',
      'eval',
      model,
      'fixtures/lab/validation/benign_*',
      'fixtures/lab/validation/',
      '--labels',
      'fixtures/lab/labels.tsv',
    ];
    const r = await runNad(args);
    expect(r.code).toBe(0);
    expectGolden(join(GOLDEN, 'eval-lab.txt'), r.stdout.replaceAll(model, 'eval.nadb'));
    const j = await runNad([...args, '--json']);
    const doc = JSON.parse(j.stdout) as Record<string, Record<string, number>>;
    expect(doc.benign).toEqual({
      files: 7,
      connections: 302,
      flagged: expect.any(Number),
      share: expect.any(Number),
    });
    expect(doc.attack!.connections).toBe(11117);
  }, 30_000);

  it('a damaged or missing baseline is exit 3 naming it', async () => {
    const good = join(dir, 'eval.nadb');
    const cut = join(dir, 'cut.nadb');
    writeFileSync(cut, readFileSync(good).subarray(0, 100));
    const r = await runNad(['baseline', 'eval', cut, 'fixtures/lab/validation/benign_dns.pcap.gz']);
    expect(r.code).toBe(3);
    expect(r.stderr.replaceAll(cut, 'cut.nadb')).toBe(
      'error: cut.nadb: baseline file is truncated or corrupt (gzip)\nhint: The file is not a valid nad baseline; make it again with `nad baseline train`.\n',
    );
    const m = await runNad(['baseline', 'eval', 'nope.nadb', 'x.pcap']);
    expect(m.code).toBe(3);
    expect(m.stderr).toContain('error: nope.nadb: cannot read baseline: no such file');
  });
});
