/**
 * The input kinds of the fuzz campaign (issue 8), each an arbitrary of inputs and an async
 * property over one input: mutated real fixtures, random structures in the shape of the format,
 * random bytes as frames of every link type. Used by test/fuzz (small run counts, in npm test)
 * and bench/fuzz.ts (`npm run fuzz`, 100,000+ inputs per kind).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { newPacketRecord } from '../src/capture/types.js';
import { fieldMap } from '../src/capture/tshark-fields.js';
import { FragmentReassembler } from '../src/decode/fragments.js';
import { DecodedPacket } from '../src/decode/packet.js';
import { MODEL_MAGIC } from '../src/model/serialize.js';
import { ROOT, mutatedInput, seedFiles } from './fuzz-mutate.js';
import { checkRecord, fuzzCaptureChunked, fuzzKdd, fuzzModel, fuzzSource } from './fuzz-targets.js';

/** One input kind: how to make inputs and what must hold for each. */
export interface FuzzKind<T = unknown> {
  readonly name: string;
  readonly arb: () => fc.Arbitrary<T>;
  readonly run: (input: T) => Promise<void>;
}

const chunkArb = fc.integer({ min: 1, max: 700 });

function capture(
  name: string,
  seeds: () => Uint8Array[],
  extra?: () => fc.Arbitrary<Uint8Array>,
): FuzzKind<[Uint8Array, number]> {
  return {
    name,
    arb: () => {
      const mutated = mutatedInput(seeds());
      const input = extra === undefined ? mutated : fc.oneof(mutated, extra());
      return fc.tuple(input, chunkArb);
    },
    run: async ([bytes, chunk]) => void (await fuzzCaptureChunked(bytes, chunk)),
  };
}

const memo = <T>(f: () => T): (() => T) => {
  let v: T | undefined;
  return () => (v ??= f());
};

const pcapSeeds = memo(() => [
  ...seedFiles('fixtures/pcaps', /\.pcap$/, 4096),
  ...seedFiles('fixtures/regressions', /\.pcap$/, 4096),
]);
const pcapngSeeds = memo(() => [
  ...seedFiles('fixtures/pcaps', /\.pcapng$/, 8192),
  ...seedFiles('fixtures/regressions', /\.pcapng$/, 8192),
]);
const jsonSeeds = memo(() =>
  seedFiles('fixtures/pcaps/json', /\.tshark(\.raw)?\.json(\.gz)?$/, 16384),
);
const ekSeeds = memo(() => seedFiles('fixtures/pcaps/json', /\.ek\.ndjson(\.gz)?$/, 16384));

/** Numbers as tshark writes them, and values that break naive parsing. */
const fieldText = fc.oneof(
  fc.constantFrom(
    '0',
    '1',
    '-1',
    '6',
    '17',
    '58',
    '65535',
    '65536',
    '4294967296',
    '8000000000',
    '1e308',
    'NaN',
    '0x12',
    '',
    '::1',
    '10.0.0.1',
    'ff',
  ),
  fc.integer().map(String),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

function tsharkJsonArb(ek: boolean): fc.Arbitrary<Uint8Array> {
  const names = [...fieldMap(ek).keys(), ek ? 'ipv6_fraghdr' : 'ip.flags_tree'];
  const value = fc.oneof(
    fieldText,
    fc.array(fieldText, { maxLength: 3 }),
    fc.jsonValue({ maxDepth: 2 }),
  );
  const layer = fc.dictionary(fc.constantFrom(...names), value, { maxKeys: 10 });
  const layerName = fc.constantFrom(
    'frame',
    'eth',
    'vlan',
    'ip',
    'ipv6',
    'tcp',
    'udp',
    'icmp',
    'icmpv6',
    'data',
    'sll',
    'frame_raw',
  );
  const layers = fc.dictionary(
    layerName,
    fc.oneof(
      layer,
      fc.array(layer, { maxLength: 2 }),
      fc.string({ unit: fc.constantFrom(...'0123456789abcdef:'), maxLength: 120 }),
    ),
    { maxKeys: 6 },
  );
  return fc.array(layers, { minLength: 1, maxLength: 4 }).map((packets) => {
    const text = ek
      ? packets
          .map((l) => `{"index":{}}\n${JSON.stringify({ timestamp: '1', layers: l })}`)
          .join('\n')
      : JSON.stringify(packets.map((l) => ({ _index: 'p', _source: { layers: l } })));
    return new TextEncoder().encode(text);
  });
}

const telemetryValue = fc.oneof(
  fc.constantFrom(
    'TCP',
    'udp',
    'ICMP',
    'icmpv6',
    '10.0.0.1',
    '::1',
    '2001:db8::1',
    'SA',
    'S.',
    '0x12',
    '1700000000.123456789',
    '2024-05-01T12:00:00Z',
    '-1',
    '65536',
  ),
  fc.integer({ min: -10, max: 70_000 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ unit: 'binary', maxLength: 10 }),
  fc.jsonValue({ maxDepth: 1 }),
);
const telemetryKeys = [
  'src_ip',
  'dest_ip',
  'src_port',
  'dest_port',
  'protocol',
  'packet_size',
  'timestamp',
  'tcp_flags',
  'icmp_type',
  'icmp_code',
  'x',
];
const telemetryArb = fc
  .tuple(
    fc.array(fc.dictionary(fc.constantFrom(...telemetryKeys), telemetryValue, { maxKeys: 11 }), {
      minLength: 1,
      maxLength: 5,
    }),
    fc.boolean(),
  )
  .map(([recs, ndjson]) =>
    new TextEncoder().encode(
      ndjson ? recs.map((r) => JSON.stringify(r)).join('\n') : JSON.stringify(recs),
    ),
  );
const telemetrySeeds = memo(() => [
  new TextEncoder().encode(
    '[{"src_ip":"10.0.0.1","dest_ip":"10.0.0.2","src_port":1234,"dest_port":80,"protocol":"TCP","packet_size":100,"tcp_flags":"S","timestamp":1700000000.5},\n' +
      '{"src_ip":"::1","dest_ip":"::2","src_port":53,"dest_port":53,"protocol":"udp","packet_size":90,"timestamp":"2024-05-01T12:00:00.25+02:00"},\n' +
      '{"src_ip":"10.0.0.1","dest_ip":"10.0.0.3","protocol":1,"packet_size":28,"icmp_type":0,"icmp_code":0}]',
  ),
  new TextEncoder().encode(
    '{"src_ip":"192.168.0.1","dest_ip":"192.168.0.2","src_port":1,"dest_port":2,"protocol":"UDP","packet_size":60}\n{"src_ip":"192.168.0.2","dest_ip":"192.168.0.1","src_port":2,"dest_port":1,"protocol":"TCP","packet_size":40,"tcp_flags":18}\n',
  ),
]);

const kddSeed = memo(() => {
  const text = gunzipSync(
    readFileSync(join(ROOT, 'fixtures/kdd/kdd-sample-20000.csv.gz')),
  ).toString('latin1');
  return [new TextEncoder().encode(text.split('\n').slice(0, 12).join('\n') + '\n')];
});

const LINK_TYPES = [0, 1, 9, 12, 14, 101, 105, 108, 113, 127, 228, 229, 239, 276, 0xffff];

/** Random bytes (or a mutated real frame) as a frame of every link type, decoded. */
const frames: FuzzKind<[number, Uint8Array]> = {
  name: 'decode',
  arb: () =>
    fc.tuple(
      fc.constantFrom(...LINK_TYPES),
      fc.oneof(
        fc.uint8Array({ maxLength: 160 }),
        mutatedInput(pcapSeeds(), 3).map((b) => b.subarray(40, 240)),
      ),
    ),
  run: async ([linkType, data]) => {
    const rec = newPacketRecord();
    Object.assign(rec, {
      linkType,
      buf: data,
      offset: 0,
      capLen: data.length,
      origLen: data.length,
    });
    checkRecord(rec, new DecodedPacket(), new FragmentReassembler());
  },
};

/** The model fixture cut down to 2 trees, as a decompressed body. */
const modelBody = memo(() => {
  const file = readFileSync(join(ROOT, 'fixtures/models/kdd-sample-20trees.nadm'));
  return [new Uint8Array(gunzipSync(file.subarray(8)))];
});

function modelFile(body: Uint8Array): Uint8Array {
  const z = gzipSync(body, { level: 1 });
  const out = new Uint8Array(8 + z.length);
  out.set(MODEL_MAGIC, 0);
  out[4] = 1;
  out.set(z, 8);
  return out;
}

/** Every kind, by name. */
export const KINDS: Record<string, FuzzKind> = Object.fromEntries(
  (
    [
      capture('pcap', pcapSeeds),
      capture('pcapng', pcapngSeeds),
      {
        name: 'gzip',
        arb: () =>
          fc.tuple(
            mutatedInput(
              pcapSeeds()
                .slice(0, 8)
                .map((b) => new Uint8Array(gzipSync(b))),
            ),
            chunkArb,
          ),
        run: async ([bytes, chunk]: [Uint8Array, number]) =>
          void (await fuzzSource(bytes, 64 * chunk)),
      },
      capture('tshark-json', jsonSeeds, () => tsharkJsonArb(false)),
      capture('tshark-ek', ekSeeds, () => tsharkJsonArb(true)),
      capture('telemetry', telemetrySeeds, () => telemetryArb),
      {
        name: 'kdd',
        arb: () => fc.tuple(mutatedInput(kddSeed(), 6), fc.boolean()),
        run: async ([bytes, skip]: [Uint8Array, boolean]) => void (await fuzzKdd(bytes, skip)),
      },
      {
        name: 'model',
        arb: () => mutatedInput(modelBody(), 3).map(modelFile),
        run: async (bytes: Uint8Array) => void fuzzModel(bytes),
      },
      frames,
    ] as unknown as FuzzKind[]
  ).map((k) => [k.name, k]),
);
