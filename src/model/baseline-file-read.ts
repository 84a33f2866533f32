/**
 * Reading a `.nadb` baseline (layout in baseline-file.ts) as untrusted bytes: magic, version,
 * gzip with a size cap, a JSON header whose every field is checked, array lengths compared with
 * the bytes left before anything is allocated, and every reachable tree node checked (features
 * in range, finite thresholds and coefficients, leaves where the height limit says, leaf path
 * lengths within what ψ allows). Anything wrong → InputError (exit 3) naming the problem.
 */
import { gunzipSync } from 'node:zlib';
import { InputError, ModelError } from '../common/errors.js';
import {
  BASELINE_FORMAT_VERSION,
  BASELINE_MAGIC,
  type Baseline,
  type BaselineKind,
  type BaselineThreshold,
  type TrainingInput,
} from './baseline-file.js';
import { forestShape, type IsolationForest, type IsolationParams } from './iforest.js';
import { averagePathLength } from './iforest-math.js';
import { DISCRETE_VALUES, QUANTILES, type ColumnProfile } from './rarity.js';
import { ByteReader } from './serialize-read.js';

/** Largest decompressed body accepted (a guard against gzip bombs). */
export const MAX_BASELINE_BYTES = 1 << 28;
/** Most tree slots (nTrees · nodes · k) a baseline may declare. */
export const MAX_BASELINE_SLOTS = 1 << 25;

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const HINT = 'The file is not a valid nad baseline; make it again with `nad baseline train`.';

function bad(what: string): InputError {
  return new InputError(`baseline file: ${what}`, { hint: HINT });
}

/** Parses and validates a baseline file; anything wrong → InputError. */
export function deserializeBaseline(bytes: Uint8Array): Baseline {
  if (bytes.length < 8 || BASELINE_MAGIC.some((b, i) => bytes[i] !== b))
    throw new InputError('not a nad baseline file (bad magic)', {
      hint: 'Make one with `nad baseline train CAPTURES… -o FILE.nadb`.',
    });
  const version = new DataView(bytes.buffer, bytes.byteOffset, 8).getUint32(4, true);
  if (version !== BASELINE_FORMAT_VERSION)
    throw new InputError(
      `baseline format version ${version}; this nad reads version ${BASELINE_FORMAT_VERSION}`,
      { hint: 'Make the baseline again with this version of nad.' },
    );
  let body: Uint8Array;
  try {
    body = gunzipSync(bytes.subarray(8), { maxOutputLength: MAX_BASELINE_BYTES });
  } catch (err) {
    throw new InputError('baseline file is truncated or corrupt (gzip)', {
      hint: HINT,
      cause: err,
    });
  }
  try {
    return readBody(new ByteReader(body));
  } catch (err) {
    if (err instanceof ModelError) throw bad(err.message.replace(/^model file/, 'body')); // truncated
    throw err;
  }
}

function readBody(r: ByteReader): Baseline {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(r.raw(r.u32()));
  let h: Record<string, unknown>;
  try {
    h = JSON.parse(text, (key, value: unknown) => (UNSAFE_KEYS.has(key) ? undefined : value));
  } catch {
    throw bad('header is not valid JSON');
  }
  if (!isObject(h) || h.format !== 'nad-baseline') throw bad('header: not a nad baseline');
  const d = int(h.nFeatures, 1, 4096, 'nFeatures');
  const params = readParams(h.params, d);
  const psi = int(h.psi, 1, params.sampleSize, 'psi');
  const shape = forestShape(params, d, psi);
  const { nodesPerTree: nodes, k } = shape;
  const slots = params.nTrees * nodes * k;
  if (slots > MAX_BASELINE_SLOTS)
    throw bad(`header: ${slots} tree slots (at most ${MAX_BASELINE_SLOTS})`);
  const coefs = params.extensionLevel > 0 ? slots : 0;
  const want = 4 * (slots + coefs + params.nTrees * nodes);
  if (r.remaining() < want) throw bad('body is truncated');
  if (r.remaining() > want) throw bad(`${r.remaining() - want} unexpected trailing bytes`);
  const forest: IsolationForest = {
    ...shape,
    feature: r.i32s(slots),
    coef: r.f32s(coefs),
    value: r.f32s(params.nTrees * nodes),
  };
  checkTrees(forest);
  const featureNames = strings(h.featureNames, d, 'featureNames');
  const cats = h.featureCategories;
  if (!Array.isArray(cats) || cats.length !== d) throw bad('header: bad featureCategories');
  const featureCategories = cats.map((c, i) =>
    c === null ? null : strings(c, -1, `featureCategories[${i}]`),
  );
  const profiles = h.profiles;
  if (!Array.isArray(profiles) || profiles.length !== d) throw bad('header: bad profiles');
  return {
    forest,
    info: {
      featureNames,
      featureCategories,
      threshold: readThreshold(h.threshold),
      inputs: readInputs(h.inputs),
      profiles: profiles.map(readProfile),
      kinds: readKinds(h.kinds, featureCategories),
    },
  };
}

/** The kinds of connection seen: symbols of the baseline's vocabularies, positive counts. */
function readKinds(v: unknown, cats: readonly (readonly string[] | null)[]): BaselineKind[] {
  if (!Array.isArray(v) || v.length > 1_000_000) throw bad('header: bad kinds');
  return v.map((x: unknown, i) => {
    const ok =
      Array.isArray(x) &&
      x.length === 4 &&
      [0, 1, 2].every((c) => typeof x[c] === 'string' && cats[c + 1]?.includes(x[c]) === true) &&
      Number.isSafeInteger(x[3]) &&
      (x[3] as number) > 0;
    if (!ok) throw bad(`header: bad kinds[${i}]`);
    return x as unknown as BaselineKind;
  });
}

function readParams(v: unknown, d: number): IsolationParams {
  if (!isObject(v)) throw bad('header: bad params');
  return {
    nTrees: int(v.nTrees, 1, 10_000, 'params.nTrees'),
    sampleSize: int(v.sampleSize, 2, 65_536, 'params.sampleSize'),
    extensionLevel: int(v.extensionLevel, 0, d - 1, 'params.extensionLevel'),
    seed: int(v.seed, 0, Number.MAX_SAFE_INTEGER, 'params.seed'),
  };
}

/** Every node a row can reach: in range, finite, and a leaf at the height limit. */
function checkTrees(f: IsolationForest): void {
  const { nodesPerTree: nodes, k, feature, coef, value, nFeatures } = f;
  const maxPath = f.depth + averagePathLength(f.psi);
  const reach = new Uint8Array(nodes);
  for (let t = 0; t < f.params.nTrees; t++) {
    reach.fill(0);
    reach[0] = 1;
    for (let i = 0; i < nodes; i++) {
      if (reach[i] === 0) continue;
      const at = t * nodes + i;
      const v = value[at]!;
      if (feature[at * k] === -1) {
        if (!(v >= 0 && v <= maxPath)) throw bad(`tree ${t}: leaf ${i} has path length ${v}`);
        continue;
      }
      if (2 * i + 2 >= nodes) throw bad(`tree ${t}: node ${i} splits below the height limit`);
      if (!Number.isFinite(v)) throw bad(`tree ${t}: node ${i} has a non-finite threshold`);
      for (let c = 0; c < k; c++) {
        const j = feature[at * k + c]!;
        if (j < 0 || j >= nFeatures) throw bad(`tree ${t}: node ${i} splits on feature ${j}`);
        if (f.coef.length > 0 && !Number.isFinite(coef[at * k + c]!))
          throw bad(`tree ${t}: node ${i} has a non-finite coefficient`);
      }
      reach[2 * i + 1] = 1;
      reach[2 * i + 2] = 1;
    }
  }
}

function readThreshold(v: unknown): BaselineThreshold {
  if (!isObject(v)) throw bad('header: bad threshold');
  const value = v.value;
  if (typeof value !== 'number' || !(value > 0 && value <= 1))
    throw bad('header: threshold.value must be in (0, 1]');
  const target = v.target;
  if (typeof target !== 'number' || !(target > 0 && target < 1))
    throw bad('header: threshold.target must be in (0, 1)');
  const share = v.holdoutShare;
  if (typeof share !== 'number' || !(share >= 0 && share <= 1))
    throw bad('header: threshold.holdoutShare must be in [0, 1]');
  return {
    value,
    target,
    holdoutShare: share,
    folds: int(v.folds, 2, 100, 'threshold.folds'),
    holdoutRows: int(v.holdoutRows, 1, Number.MAX_SAFE_INTEGER, 'threshold.holdoutRows'),
    fitRows: int(v.fitRows, 1, Number.MAX_SAFE_INTEGER, 'threshold.fitRows'),
  };
}

function readInputs(v: unknown): TrainingInput[] {
  if (!Array.isArray(v) || v.length > 1_000_000) throw bad('header: bad inputs');
  return v.map((x, i) => {
    if (!isObject(x) || typeof x.name !== 'string') throw bad(`header: bad inputs[${i}]`);
    const sha = x.sha256;
    if (sha !== null && (typeof sha !== 'string' || !/^[0-9a-f]{64}$/.test(sha)))
      throw bad(`header: bad inputs[${i}].sha256`);
    const connections = int(x.connections, 0, Number.MAX_SAFE_INTEGER, `inputs[${i}].connections`);
    return { name: x.name, sha256: sha, connections };
  });
}

function readProfile(v: unknown, j: number): ColumnProfile {
  const fail = (): InputError => bad(`header: bad profiles[${j}]`);
  if (!isObject(v)) throw fail();
  const finite = (a: unknown, max: number): a is number[] =>
    Array.isArray(a) && a.length <= max && a.every((x) => Number.isFinite(x));
  if (v.kind === 'discrete') {
    const { values, counts } = v;
    if (!finite(values, DISCRETE_VALUES) || !finite(counts, DISCRETE_VALUES)) throw fail();
    if (counts.length !== values.length || !counts.every((c) => Number.isSafeInteger(c) && c > 0))
      throw fail();
    return { kind: 'discrete', values, counts };
  }
  if (v.kind === 'continuous') {
    const q = v.quantiles;
    if (!finite(q, QUANTILES + 1) || q.length !== QUANTILES + 1) throw fail();
    if (q.some((x, i) => i > 0 && x < q[i - 1]!)) throw fail();
    return { kind: 'continuous', quantiles: q };
  }
  throw fail();
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function int(v: unknown, lo: number, hi: number, name: string): number {
  if (!Number.isInteger(v) || (v as number) < lo || (v as number) > hi)
    throw bad(`header: ${name} must be an integer in ${lo}..${hi}`);
  return v as number;
}

function strings(v: unknown, length: number, name: string): string[] {
  if (
    !Array.isArray(v) ||
    v.length > 65_536 ||
    (length >= 0 && v.length !== length) ||
    !v.every((s) => typeof s === 'string')
  )
    throw bad(`header: bad ${name}`);
  return v as string[];
}
