/**
 * Bounds-checked reading of a model body and validation of its JSON header (see serialize.ts).
 * Every length is compared with what is left, counting from the current offset.
 */
import { ModelError } from '../common/errors.js';
import type { JsonValue, Provenance } from './serialize.js';

/** The JSON header of a model body, after validation. */
export interface ModelHeader {
  format: 'nad-forest';
  params: unknown;
  nFeatures: number;
  nClasses: number;
  nTrees: number;
  featureNames: readonly string[];
  featureCategories: readonly (readonly string[] | null)[];
  schemaHash: string;
  classNames: readonly string[];
  provenance: Provenance;
  metrics: JsonValue;
  importances: number[];
  oobScore: number | null;
}

/** A little-endian cursor over bytes that throws ModelError instead of reading past the end. */
export class ByteReader {
  private at = 0;
  private readonly view: DataView;

  /** A reader over `bytes`. */
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Bytes left. */
  remaining(): number {
    return this.bytes.length - this.at;
  }

  /** One unsigned 32-bit integer. */
  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.at, true);
    this.at += 4;
    return v;
  }

  /** `n` raw bytes (a view). */
  raw(n: number): Uint8Array {
    this.need(n);
    this.at += n;
    return this.bytes.subarray(this.at - n, this.at);
  }

  /** `n` signed 32-bit integers. */
  i32s(n: number): Int32Array {
    this.need(n * 4);
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++, this.at += 4) out[i] = this.view.getInt32(this.at, true);
    return out;
  }

  /** `n` 32-bit floats. */
  f32s(n: number): Float32Array {
    this.need(n * 4);
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++, this.at += 4) out[i] = this.view.getFloat32(this.at, true);
    return out;
  }

  private need(n: number): void {
    if (n > this.bytes.length - this.at) throw new ModelError('model file is truncated');
  }
}

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Reads the length-prefixed JSON header and checks every field. */
export function readHeader(r: ByteReader): ModelHeader {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(r.raw(r.u32()));
  let h: Record<string, unknown>;
  try {
    h = JSON.parse(text, (key, value: unknown) =>
      UNSAFE_KEYS.has(key) ? undefined : value,
    ) as Record<string, unknown>;
  } catch (err) {
    throw new ModelError('model header is not valid JSON', { cause: err });
  }
  if (typeof h !== 'object' || h === null || h.format !== 'nad-forest')
    throw new ModelError('model header: not a nad forest');
  const nFeatures = int(h.nFeatures, 1, 1_000_000, 'nFeatures');
  const nClasses = int(h.nClasses, 1, 256, 'nClasses');
  const nTrees = int(h.nTrees, 1, 100_000, 'nTrees');
  const featureNames = strings(h.featureNames, nFeatures, 'featureNames');
  const cats = h.featureCategories;
  if (!Array.isArray(cats) || cats.length !== nFeatures)
    throw new ModelError('model header: bad featureCategories');
  const featureCategories = cats.map((c, i) =>
    c === null ? null : strings(c, -1, `featureCategories[${i}]`),
  );
  const importances = h.importances;
  if (
    !Array.isArray(importances) ||
    importances.length !== nFeatures ||
    !importances.every(Number.isFinite)
  ) {
    throw new ModelError('model header: bad importances');
  }
  const oob = h.oobScore;
  if (oob !== null && typeof oob !== 'number') throw new ModelError('model header: bad oobScore');
  if (typeof h.schemaHash !== 'string') throw new ModelError('model header: bad schemaHash');
  return {
    format: 'nad-forest',
    params: h.params,
    nFeatures,
    nClasses,
    nTrees,
    featureNames,
    featureCategories,
    schemaHash: h.schemaHash,
    classNames: strings(h.classNames, nClasses, 'classNames'),
    provenance: provenance(h.provenance),
    metrics: (h.metrics ?? null) as JsonValue,
    importances: importances as number[],
    oobScore: oob,
  };
}

function int(v: unknown, lo: number, hi: number, name: string): number {
  if (!Number.isInteger(v) || (v as number) < lo || (v as number) > hi) {
    throw new ModelError(`model header: ${name} must be an integer in ${lo}..${hi}`);
  }
  return v as number;
}

function strings(v: unknown, length: number, name: string): string[] {
  if (
    !Array.isArray(v) ||
    (length >= 0 && v.length !== length) ||
    !v.every((s) => typeof s === 'string')
  ) {
    throw new ModelError(`model header: bad ${name}`);
  }
  return v as string[];
}

function provenance(v: unknown): Provenance {
  const p = v as Record<string, unknown> | null;
  if (typeof p !== 'object' || p === null) throw new ModelError('model header: bad provenance');
  const optString = (x: unknown): string | null => (typeof x === 'string' ? x : null);
  return {
    rowCount: int(p.rowCount, 0, Number.MAX_SAFE_INTEGER, 'provenance.rowCount'),
    fileSha256: optString(p.fileSha256),
    source: optString(p.source),
  };
}
