/**
 * The work queue's failures, with a real redis-server and the built CLI: a bad Redis URL is
 * exit 2 and an unreachable Redis exit 69 (one line, no stack, within the connect timeout);
 * a file that changed after `nad queue add` fails its slice for good (and so does every slice
 * whose part its new size or first packet moves) and a file that is not a capture is reported
 * once, as nad scan reports it — collect exits 3 and still writes the other slices' rows.
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runNad } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { freePort, spawnWorker, startRedis } from './redis-helpers.js';

let url: string;
beforeAll(async () => {
  url = await startRedis();
});

const noStack = (stderr: string): void => expect(stderr).not.toMatch(/^\s+at /m);

describe('nad queue / nad worker: failures', { timeout: 180_000 }, () => {
  it('bad Redis URL: exit 2; unreachable Redis: exit 69 with one clear line, for every command', async () => {
    const bad = await runNad(['queue', 'collect', '--redis', 'http://127.0.0.1:6379', '-o', '-']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('error: --redis: the scheme must be redis:// or rediss://, not http://: "http://127.0.0.1:6379"'); // prettier-ignore
    const dead = `redis://user:s3cret@127.0.0.1:${await freePort()}`;
    const runs = await Promise.all([
      runNad(['queue', 'add', '--redis', dead, 'fixtures/pcaps/attack/teardrop.pcap']),
      runNad(['queue', 'collect', '--redis', dead, '-o', '-']),
      runNad(['queue', 'clear', '--redis', dead]),
      runNad(['worker', '--redis', dead, '--connect-timeout', '1']),
    ]);
    for (const r of runs) {
      expect(r.code).toBe(69);
      expect(r.stderr.split('\n')[0]).toMatch(/^error: cannot reach Redis at redis:\/\/user:\*\*\*@127\.0\.0\.1:\d+: connection refused$/); // prettier-ignore
      expect(r.stderr).not.toContain('s3cret');
      noStack(r.stderr);
    }
  });

  it('usage: stdin, no scan queued, another scan in the same queue, --no-wait before the work is done', async () => {
    const stdin = await runNad(['queue', 'add', '--redis', url, '-']);
    expect(stdin.code).toBe(2);
    expect(stdin.stderr).toContain('cannot take stdin');
    const none = await runNad(['queue', 'collect', '--redis', url, '--queue', 'empty', '-o', '-']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('error: queue "empty" holds no scan');

    const first = await runNad(['queue', 'add', '--redis', url, '--queue', 'busy', 'fixtures/pcaps/attack/teardrop.pcap']); // prettier-ignore
    expect(first.code).toBe(0);
    const other = await runNad(['queue', 'add', '--redis', url, '--queue', 'busy', 'fixtures/pcaps/benign/http_simple.pcap']); // prettier-ignore
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/error: queue "busy" holds another scan \(1 slice, queued /);
    const out = join(tempDir('queue-nowait'), 'out.ndjson');
    const early = await runNad(['queue', 'collect', '--redis', url, '--queue', 'busy', '--no-wait', '-o', out]); // prettier-ignore
    expect(early.code).toBe(69);
    expect(early.stderr).toContain(
      'error: the scan is not done: 0 of 1 slice finished, 0 active, 1 waiting',
    );
    expect(existsSync(out)).toBe(false);
    const cleared = await runNad(['queue', 'clear', '--redis', url, '--queue', 'busy']);
    expect(cleared.code).toBe(0);
    const now = await runNad(['queue', 'add', '--redis', url, '--queue', 'busy', 'fixtures/pcaps/benign/http_simple.pcap']); // prettier-ignore
    expect(now.code).toBe(0);
  });

  it('a file changed since add fails its slice for good, a non-capture is an input error: exit 3, other rows written', async () => {
    const dir = tempDir('queue-bad');
    const changed = join(dir, 'changed.pcap');
    const text = join(dir, 'notes.txt');
    copyFileSync('fixtures/pcaps/attack/teardrop.pcap', changed);
    writeFileSync(text, 'not a capture\n');
    const good = 'fixtures/pcaps/attack/ftp_bruteforce.pcap';
    // Each file its own sensor; slice 1 owns changed.pcap (and notes.txt), slice 2 the ftp capture.
    const stream = ['--sensor-from', String.raw`([^/]+)\.\w+$`];
    const add = await runNad(['queue', 'add', '--redis', url, '--queue', 'bad', '--all', ...stream, '--slices', '2', changed, text, good]); // prettier-ignore
    expect(add.code).toBe(0);
    copyFileSync('fixtures/pcaps/benign/http_simple.pcap', changed);
    const worker = await spawnWorker(url, ['--queue', 'bad', '-c', '1']);
    const out = join(dir, 'out.ndjson');
    const collect = await runNad(['queue', 'collect', '--redis', url, '--queue', 'bad', '-o', out]);
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(collect.code).toBe(3);
    expect(collect.stderr).toContain(`error: slice 1/2 (${changed}) failed after 1 attempt: input: ${changed}: its content differs from when it was queued`); // prettier-ignore
    const scan = await runNad(['scan', '--stream', '--format', 'ndjson', '--all', ...stream, text, good]); // prettier-ignore
    expect(scan.code).toBe(3);
    const scanError = scan.stderr.split('\n').find((l) => l.startsWith('error: '))!;
    expect(collect.stderr.split('\n').filter((l) => l === scanError)).toHaveLength(1);
    expect(readFileSync(out, 'utf8')).toBe(scan.stdout);
    expect(scan.stdout.split('\n')).toHaveLength(31);
    noStack(collect.stderr);
  });

  it('a file whose size changed moves the parts: the slices it shifts fail for good, no row doubled', async () => {
    const dir = tempDir('queue-moved');
    const files = ['a', 'b', 'c'].map((n) => join(dir, `${n}.pcap`));
    for (const f of files) copyFileSync('fixtures/pcaps/attack/ftp_bruteforce.pcap', f);
    const add = await runNad(['queue', 'add', '--redis', url, '--queue', 'moved', '--all', '--sensor-from', String.raw`([^/]+)\.pcap$`, '--slices', '3', ...files]); // prettier-ignore
    expect(add.code).toBe(0);
    // c.pcap becomes the 2.9 MB SYN flood: the byte-balanced cut now gives a and b to part 1.
    copyFileSync('fixtures/pcaps/attack/syn_flood_spoofed.pcap', files[2]!);
    const worker = await spawnWorker(url, ['--queue', 'moved', '-c', '1']);
    const collect = await runNad(['queue', 'collect', '--redis', url, '--queue', 'moved', '-o', join(dir, 'out.ndjson')]); // prettier-ignore
    worker.child.kill('SIGTERM');
    await worker.exited;
    expect(collect.code).toBe(3);
    for (const i of [1, 2])
      expect(collect.stderr).toContain(`error: slice ${i}/3 (${files[i - 1]}) failed after 1 attempt: input: the files changed since they were queued: slice ${i}/3 (${files[i - 1]}) is no longer the part it was`); // prettier-ignore
    expect(readFileSync(join(dir, 'out.ndjson'), 'utf8')).toBe('');
    expect(collect.stderr).toContain(`error: slice 3/3 (${files[2]}) failed after 1 attempt: input: ${files[2]}: its content differs`); // prettier-ignore
    noStack(collect.stderr);
  });
});
