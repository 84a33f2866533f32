// The KDD feature schema (kdd-features.md §1).
import { describe, expect, it } from 'vitest';
import {
  KDD_FEATURE_COUNT,
  KDD_FEATURE_NAMES,
  KDD_SCHEMA,
  KDD_SYMBOLIC_COLUMNS,
  schemaHash,
} from '../../src/features/schema.js';

describe('KDD schema', () => {
  it('has the 41 features in row order with three symbolic columns', () => {
    expect(KDD_FEATURE_COUNT).toBe(41);
    expect(KDD_FEATURE_NAMES[0]).toBe('duration');
    expect(KDD_FEATURE_NAMES[19]).toBe('num_outbound_cmds');
    expect(KDD_FEATURE_NAMES[22]).toBe('count');
    expect(KDD_FEATURE_NAMES[40]).toBe('dst_host_srv_rerror_rate');
    expect(new Set(KDD_FEATURE_NAMES).size).toBe(41);
    expect(KDD_SYMBOLIC_COLUMNS).toEqual([1, 2, 3]);
    expect(KDD_SCHEMA.filter((f) => f.kind === 'symbolic').map((f) => f.name)).toEqual([
      'protocol_type',
      'service',
      'flag',
    ]);
  });

  it('has a stable hash that changes with names, kinds and order', () => {
    expect(schemaHash()).toBe(schemaHash(KDD_SCHEMA));
    expect(schemaHash()).toMatch(/^[0-9a-f]{16}$/);
    expect(schemaHash()).toMatchInlineSnapshot(`"0525b3f7aee51d7b"`);
    const renamed = KDD_SCHEMA.map((f, i) => (i === 0 ? { ...f, name: 'duration_sec' } : f));
    const rekinded = KDD_SCHEMA.map((f, i) => (i === 0 ? { ...f, kind: 'symbolic' as const } : f));
    const swapped = [KDD_SCHEMA[1]!, KDD_SCHEMA[0]!, ...KDD_SCHEMA.slice(2)];
    for (const other of [renamed, rekinded, swapped])
      expect(schemaHash(other)).not.toBe(schemaHash());
  });
});
