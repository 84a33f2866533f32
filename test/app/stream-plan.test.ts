/** stream-plan.ts: stream order by first packet, sensors, parts by bytes, warm-up files. */
import { describe, expect, it } from 'vitest';
import { widerWarmup } from '../../src/app/features/stream-features.js';
import {
  fileAtTime,
  planStreams,
  sensorOf,
  streamTasks,
  type SensorStream,
} from '../../src/app/scan/stream-plan.js';

/** A sensor of files `name:firstSecond:bytes`. */
function sensor(name: string, ...files: string[]): SensorStream {
  return {
    sensor: name,
    files: files.map((f) => {
      const [path, first, size] = f.split(':');
      return { path: path!, firstMicros: Number(first) * 1e6, sizeBytes: Number(size) };
    }),
  };
}

describe('planStreams', () => {
  it('orders files by their first packet, not their names; sensors by name', async () => {
    const files = ['a', 'b', 'c', 'd', 'e'].flatMap((x) => [
      `fixtures/stream/synscan/${x}.pcapng`,
      `fixtures/stream/ftp/${x}.pcap`,
    ]);
    const { streams, errors } = await planStreams(
      files,
      /stream\/([^/]+)\//,
      files.map(() => 1),
    );
    expect(errors).toEqual([]);
    expect(streams.map((s) => s.sensor)).toEqual(['ftp', 'synscan']);
    expect(streams[0]!.files.map((f) => f.path.slice(-6))).toEqual([
      'e.pcap', 'b.pcap', 'd.pcap', 'a.pcap', 'c.pcap',
    ]); // prettier-ignore
    expect(streams[0]!.files[0]!.firstMicros).toBe(1389721044820046);
    expect(streams[1]!.files.map((f) => f.path.slice(-8))).toEqual([
      'e.pcapng', 'b.pcapng', 'd.pcapng', 'a.pcapng', 'c.pcapng',
    ]); // prettier-ignore
  });

  it('a file that is not a capture is an error and left out', async () => {
    const { streams, errors } = await planStreams(
      ['fixtures/stream/ftp/a.pcap', 'fixtures/README.md'],
      undefined,
      [1, 1],
    );
    expect(streams[0]!.files.map((f) => f.path)).toEqual(['fixtures/stream/ftp/a.pcap']);
    expect(errors.map((e) => e.describe())).toHaveLength(1);
    expect(errors[0]!.describe()).toMatch(/^fixtures\/README\.md: /);
  });
});

describe('sensorOf / fileAtTime', () => {
  it('the first group, else the whole match, else the unnamed sensor', () => {
    expect(sensorOf('caps/s1/x.pcap', /caps\/([^/]+)\//)).toBe('s1');
    expect(sensorOf('caps/s1/x.pcap', /s\d/)).toBe('s1');
    expect(sensorOf('other/x.pcap', /caps\/([^/]+)\//)).toBe('');
    expect(sensorOf('caps/s1/x.pcap', undefined)).toBe('');
  });

  it('the last file starting at or before the start; the first for an earlier start', () => {
    const s = sensor('', 'a:10:1', 'b:20:1', 'c:30:1');
    expect([5, 10, 19.9, 20, 35].map((t) => fileAtTime(s, t * 1e6))).toEqual([
      'a', 'a', 'a', 'b', 'c',
    ]); // prettier-ignore
  });
});

describe('streamTasks', () => {
  const s1 = sensor('s1', 'a:0:100', 'b:100:100', 'c:200:100', 'd:900:100');
  const s2 = sensor('s2', 'x:0:200', 'y:50:200');

  it('one task per sensor without a shard, owning every start', () => {
    const t = streamTasks([s1, s2], undefined);
    expect(
      t.map((x) => [x.sensor, x.readFirst, x.ownFirst, x.ownEnd, x.fromMicros, x.toMicros]),
    ).toEqual([
      ['s1', 0, 0, 4, -Infinity, Infinity],
      ['s2', 0, 0, 2, -Infinity, Infinity],
    ]);
  });

  it('parts of about equal bytes, contiguous per sensor, with warm-up files before', () => {
    // 800 bytes in 3 parts: middles 50, 150, 250, 350 | 500, 700 → parts 0, 0, 0, 1 | 1, 2.
    const part = (index: number, warmup?: number) =>
      streamTasks([s1, s2], { index, count: 3 }, warmup).map((x) => ({
        sensor: x.sensor,
        read: x.readFirst,
        own: [x.ownFirst, x.ownEnd],
        from: x.fromMicros / 1e6,
        to: x.toMicros / 1e6,
      }));
    expect(part(1)).toEqual([{ sensor: 's1', read: 0, own: [0, 3], from: -Infinity, to: 900 }]);
    // d starts 700 s after c: the default 600 s warm-up reaches back into c only.
    expect(part(2)).toEqual([
      { sensor: 's1', read: 2, own: [3, 4], from: 900, to: Infinity },
      { sensor: 's2', read: 0, own: [0, 1], from: -Infinity, to: 50 },
    ]);
    expect(part(2, 750).map((x) => x.read)).toEqual([1, 0]);
    expect(part(2, 0).map((x) => x.read)).toEqual([3, 0]);
    expect(part(3)).toEqual([{ sensor: 's2', read: 0, own: [1, 2], from: 50, to: Infinity }]);
  });

  it('more parts than files: the extra parts have nothing to do', () => {
    const all = [1, 2, 3, 4, 5, 6, 7, 8].map(
      (index) => streamTasks([s1], { index, count: 8 }).length,
    );
    expect(all).toEqual([0, 1, 0, 1, 0, 1, 0, 1]);
  });
});

describe('widerWarmup: a warm-up that turns out short', () => {
  it('reaches twice as far back (60 s at least), taking in the earlier files it now needs', () => {
    const s = {
      files: ['c', 'd'],
      ownFirst: 1,
      ownEnd: 2,
      fromMicros: 1000e6,
      toMicros: Infinity,
      warmupFromMicros: 990e6,
      dataFromMicros: 985e6,
      earlier: [
        { path: 'a', firstMicros: 900e6 },
        { path: 'b', firstMicros: 950e6 },
      ],
    };
    const once = widerWarmup(s)!;
    expect(once).toEqual({
      files: ['a', 'b', 'c', 'd'],
      ownFirst: 3,
      ownEnd: 4,
      fromMicros: 1000e6,
      toMicros: Infinity,
      warmupFromMicros: 940e6,
      dataFromMicros: 900e6,
      earlier: [],
    });
    const twice = widerWarmup(once)!;
    expect(twice.files).toEqual(['a', 'b', 'c', 'd']);
    expect(twice.warmupFromMicros).toBe(880e6);
    // The whole stream is read now: nothing further back.
    expect(widerWarmup(twice)).toBeUndefined();
    expect(widerWarmup({ ...s, earlier: undefined, dataFromMicros: undefined })).toBeUndefined();
  });
});
