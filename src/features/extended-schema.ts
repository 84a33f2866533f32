/**
 * The extended feature set (docs/extended-features.md): its column names in output order (after
 * the 41 KDD columns) and the feature sets `nad features --set` offers.
 */

/** Feature sets of `nad features --set`: the 41 KDD features, or those plus the extended ones. */
export const FEATURE_SETS = ['kdd', 'extended'] as const;
/** One of FEATURE_SETS. */
export type FeatureSet = (typeof FEATURE_SETS)[number];

/** Columns of one per-source window, after its prefix (`src_60s_`, `src_100c_`). */
const WINDOW_COLUMNS = [
  'conn_count', 'failed_count', 'dst_hosts', 'dst_ports', 'same_dst_count', 'http_4xx_share',
]; // prettier-ignore

/** The extended columns in row order (docs/extended-features.md defines each). */
export const EXTENDED_FEATURE_NAMES: readonly string[] = Object.freeze([
  'orig_pkts', 'resp_pkts',
  'orig_payload_mean_bytes', 'orig_payload_max_bytes', 'orig_payload_std_bytes',
  'resp_payload_mean_bytes', 'resp_payload_max_bytes', 'resp_payload_std_bytes',
  'iat_mean_sec', 'iat_std_sec', 'iat_max_sec',
  'syn_count', 'fin_count', 'rst_count', 'psh_count', 'ack_only_count', 'urg_count',
  'handshake_seen', 'midflow',
  'icmp_type', 'icmp_code', 'icmp_payload_mean_bytes', 'icmp_payload_max_bytes',
  'dns_qname_len', 'dns_qname_labels', 'dns_qname_entropy', 'dns_longest_label', 'dns_qtype',
  'dns_rcode', 'dns_answers',
  'http_method', 'http_status_class', 'http_uri_len', 'http_requests', 'http_4xx_count',
  'tls_seen', 'tls_sni_present',
  ...WINDOW_COLUMNS.map((c) => `src_60s_${c}`),
  ...WINDOW_COLUMNS.map((c) => `src_100c_${c}`),
  'app_proto', 'auth_failures', 'src_60s_auth_fail_count', 'src_100c_auth_fail_count',
]); // prettier-ignore

/** Number of extended columns. */
export const EXTENDED_FEATURE_COUNT = EXTENDED_FEATURE_NAMES.length;
