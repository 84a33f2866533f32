/**
 * The versioned binary model file (issue 3, "Serialization"). Layout:
 *   bytes 0–3  "NADM"; bytes 4–7  format version, u32 little-endian; then gzip of the body:
 *   u32 header length, header JSON (params, feature names and categories, schema hash, class
 *   names, provenance, metrics, importances), then per tree u32 node count, u32 leaf count and
 *   the arrays feature (i32), threshold (f32), left (i32), right (i32), leaf values (f32), all LE.
 * Loading treats the bytes as untrusted: every length is checked before anything is allocated,
 * trees must be well-formed (children after their parent, each node reached once, features in
 * range, finite thresholds, leaf frequencies in [0, 1] summing to 1), and any problem, including
 * truncation, is a ModelError. JSON keys that could pollute prototypes are dropped.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { ModelError } from '../common/errors.js';
import { Forest } from './forest.js';
import { resolveParams, type ForestParams } from './params.js';
import type { Tree } from './tree-store.js';
import { ByteReader, readHeader, type ModelHeader } from './serialize-read.js';

/** Current format version. */
export const MODEL_FORMAT_VERSION = 1;
/** First four bytes of every model file. */
export const MODEL_MAGIC = Uint8Array.of(0x4e, 0x41, 0x44, 0x4d); // "NADM"
/** Largest decompressed body accepted (a guard against gzip bombs). */
export const MAX_BODY_BYTES = 1 << 30;

/** A JSON value (metrics are free-form JSON). */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Where the training data came from. */
export interface Provenance {
  readonly rowCount: number;
  /** sha256 (hex) of the training file's bytes, when known. */
  readonly fileSha256: string | null;
  /** A display name of the source, when known. */
  readonly source: string | null;
}

/** Everything a model file carries besides the forest. */
export interface ModelInfo {
  readonly featureNames: readonly string[];
  /** Per feature: the symbols of a categorical column by integer code, or null. */
  readonly featureCategories: readonly (readonly string[] | null)[];
  readonly schemaHash: string;
  readonly classNames: readonly string[];
  readonly provenance: Provenance;
  readonly metrics: JsonValue;
}

/** A loaded model. */
export interface ModelFile {
  readonly forest: Forest;
  readonly info: ModelInfo;
}

/** Serialises a forest and its info; the same inputs always give the same bytes. */
export function serializeModel(forest: Forest, info: ModelInfo): Uint8Array {
  if (info.featureNames.length !== forest.nFeatures || info.classNames.length !== forest.nClasses) {
    throw new ModelError('model info does not match the forest (feature or class count)');
  }
  const header: ModelHeader = {
    format: 'nad-forest',
    params: forest.params,
    nFeatures: forest.nFeatures,
    nClasses: forest.nClasses,
    nTrees: forest.trees.length,
    ...info,
    importances: Array.from(forest.importances),
    oobScore: forest.oobScore,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  let size = 4 + json.length;
  for (const t of forest.trees) size += 8 + t.feature.length * 16 + t.value.length * 4;
  const body = new Uint8Array(size);
  const view = new DataView(body.buffer);
  view.setUint32(0, json.length, true);
  body.set(json, 4);
  let at = 4 + json.length;
  for (const t of forest.trees) {
    view.setUint32(at, t.feature.length, true);
    view.setUint32(at + 4, t.value.length / forest.nClasses, true);
    at += 8;
    for (const v of t.feature) at = setI32(view, at, v);
    for (const v of t.threshold) at = setF32(view, at, v);
    for (const v of t.left) at = setI32(view, at, v);
    for (const v of t.right) at = setI32(view, at, v);
    for (const v of t.value) at = setF32(view, at, v);
  }
  const zipped = gzipSync(body);
  const out = new Uint8Array(8 + zipped.length);
  out.set(MODEL_MAGIC, 0);
  new DataView(out.buffer).setUint32(4, MODEL_FORMAT_VERSION, true);
  out.set(zipped, 8);
  return out;
}

function setI32(view: DataView, at: number, v: number): number {
  view.setInt32(at, v, true);
  return at + 4;
}

function setF32(view: DataView, at: number, v: number): number {
  view.setFloat32(at, v, true);
  return at + 4;
}

/** Parses and validates a model file; anything wrong → ModelError. */
export function deserializeModel(bytes: Uint8Array): ModelFile {
  if (bytes.length < 8 || MODEL_MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new ModelError('not a nad model file (bad magic)', {
      hint: 'Train one with `nad train`.',
    });
  }
  const version = new DataView(bytes.buffer, bytes.byteOffset, 8).getUint32(4, true);
  if (version !== MODEL_FORMAT_VERSION) {
    throw new ModelError(
      `model format version ${version}; this nad reads version ${MODEL_FORMAT_VERSION}`,
      {
        hint: 'Retrain the model with this version of nad.',
      },
    );
  }
  let body: Uint8Array;
  try {
    body = gunzipSync(bytes.subarray(8), { maxOutputLength: MAX_BODY_BYTES });
  } catch (err) {
    throw new ModelError('model file is truncated or corrupt (gzip)', { cause: err });
  }
  const r = new ByteReader(body);
  const h = readHeader(r);
  let params: ForestParams;
  try {
    params = resolveParams(h.params as Partial<ForestParams>);
  } catch (err) {
    throw new ModelError(`model parameters are invalid: ${(err as Error).message}`, { cause: err });
  }
  const trees: Tree[] = [];
  for (let t = 0; t < h.nTrees; t++) trees.push(readTree(r, h.nFeatures, h.nClasses, t));
  if (r.remaining() !== 0)
    throw new ModelError(`model file has ${r.remaining()} unexpected trailing bytes`);
  const forest = new Forest(
    params,
    h.nFeatures,
    h.nClasses,
    trees,
    Float64Array.from(h.importances),
    h.oobScore,
  );
  const info: ModelInfo = {
    featureNames: h.featureNames,
    featureCategories: h.featureCategories,
    schemaHash: h.schemaHash,
    classNames: h.classNames,
    provenance: h.provenance,
    metrics: h.metrics,
  };
  return { forest, info };
}

/** Reads and checks one tree. */
function readTree(r: ByteReader, nFeatures: number, K: number, t: number): Tree {
  const bad = (what: string): ModelError => new ModelError(`model tree ${t}: ${what}`);
  const n = r.u32();
  const leaves = r.u32();
  if (n < 1 || leaves < 1 || leaves > n) throw bad(`bad node/leaf counts ${n}/${leaves}`);
  if (n * 16 + leaves * K * 4 > r.remaining()) throw bad('truncated');
  const feature = r.i32s(n);
  const threshold = r.f32s(n);
  const left = r.i32s(n);
  const right = r.i32s(n);
  const value = r.f32s(leaves * K);
  const leaf = new Int32Array(n).fill(-1);
  const parents = new Uint8Array(n);
  let nextLeaf = 0;
  for (let i = 0; i < n; i++) {
    const f = feature[i]!;
    if (f === -1) {
      if (left[i] !== -1 || right[i] !== -1) throw bad(`leaf ${i} has children`);
      if (nextLeaf >= leaves) throw bad('more leaves than declared');
      leaf[i] = nextLeaf++;
      continue;
    }
    if (f < 0 || f >= nFeatures) throw bad(`node ${i} splits on feature ${f} of ${nFeatures}`);
    if (!Number.isFinite(threshold[i]!)) throw bad(`node ${i} has a non-finite threshold`);
    for (const c of [left[i]!, right[i]!]) {
      if (c <= i || c >= n) throw bad(`node ${i} has child ${c} (must be in ${i + 1}..${n - 1})`);
      if (parents[c]!++ !== 0) throw bad(`node ${c} has two parents`);
    }
  }
  if (nextLeaf !== leaves) throw bad(`declares ${leaves} leaves, has ${nextLeaf}`);
  for (let i = 1; i < n; i++) if (parents[i] !== 1) throw bad(`node ${i} is unreachable`);
  checkLeafValues(value, K, bad);
  return { feature, threshold, left, right, leaf, value };
}

function checkLeafValues(value: Float32Array, K: number, bad: (what: string) => ModelError): void {
  for (let l = 0; l < value.length / K; l++) {
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const v = value[l * K + k]!;
      if (!(v >= 0 && v <= 1)) throw bad(`leaf ${l} has class frequency ${v}`);
      sum += v;
    }
    if (Math.abs(sum - 1) > 1e-3) throw bad(`leaf ${l} frequencies sum to ${sum}`);
  }
}
