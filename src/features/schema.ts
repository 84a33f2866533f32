/**
 * The KDD Cup 1999 feature schema (../spec/kdd-features.md §1): the 41 feature names in file
 * order, which of them are symbolic, and a stable hash that a model file stores so that a model
 * is never applied to rows of another layout.
 */
import { createHash } from 'node:crypto';

/** Kind of a KDD column: a number, or a symbol (protocol_type, service, flag). */
export type FeatureKind = 'numeric' | 'symbolic';

/** One column of the schema. */
export interface FeatureSpec {
  readonly name: string;
  readonly kind: FeatureKind;
}

const SYMBOLIC = new Set(['protocol_type', 'service', 'flag']);

/** The 41 KDD feature names in row order (kdd-features.md §1). */
export const KDD_FEATURE_NAMES: readonly string[] = Object.freeze([
  'duration', 'protocol_type', 'service', 'flag', 'src_bytes', 'dst_bytes', 'land',
  'wrong_fragment', 'urgent', 'hot', 'num_failed_logins', 'logged_in', 'num_compromised',
  'root_shell', 'su_attempted', 'num_root', 'num_file_creations', 'num_shells',
  'num_access_files', 'num_outbound_cmds', 'is_host_login', 'is_guest_login', 'count',
  'srv_count', 'serror_rate', 'srv_serror_rate', 'rerror_rate', 'srv_rerror_rate',
  'same_srv_rate', 'diff_srv_rate', 'srv_diff_host_rate', 'dst_host_count',
  'dst_host_srv_count', 'dst_host_same_srv_rate', 'dst_host_diff_srv_rate',
  'dst_host_same_src_port_rate', 'dst_host_srv_diff_host_rate', 'dst_host_serror_rate',
  'dst_host_srv_serror_rate', 'dst_host_rerror_rate', 'dst_host_srv_rerror_rate',
]); // prettier-ignore

/** Number of KDD features (41). */
export const KDD_FEATURE_COUNT = KDD_FEATURE_NAMES.length;

/** The full schema: name and kind of each column, in order. */
export const KDD_SCHEMA: readonly FeatureSpec[] = Object.freeze(
  KDD_FEATURE_NAMES.map((name) =>
    Object.freeze({ name, kind: SYMBOLIC.has(name) ? 'symbolic' : 'numeric' }),
  ),
);

/** Column indices of the symbolic features: protocol_type (1), service (2), flag (3). */
export const KDD_SYMBOLIC_COLUMNS: readonly number[] = Object.freeze(
  KDD_SCHEMA.flatMap((f, i) => (f.kind === 'symbolic' ? [i] : [])),
);

/**
 * A stable hash of a schema: sha256 of "name:kind" lines, first 16 hex digits. Changing a name,
 * a kind or the order changes the hash.
 */
export function schemaHash(schema: readonly FeatureSpec[] = KDD_SCHEMA): string {
  const text = schema.map((f) => `${f.name}:${f.kind}\n`).join('');
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);
}
