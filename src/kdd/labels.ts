/**
 * KDD Cup 1999 labels, their five categories and the contest cost matrix
 * (../spec/kdd-labels.md). Includes the 17 attack types that occur only in `corrected`.
 */

/** The five categories, in the order of the cost matrix rows and columns. */
export const KDD_CATEGORIES = Object.freeze(['normal', 'probe', 'dos', 'u2r', 'r2l'] as const);

/** One of the five categories. */
export type KddCategory = (typeof KDD_CATEGORIES)[number];

const ATTACKS: Record<Exclude<KddCategory, 'normal'>, readonly string[]> = {
  dos: ['back', 'land', 'neptune', 'pod', 'smurf', 'teardrop', 'apache2', 'mailbomb', 'processtable', 'udpstorm'],
  probe: ['ipsweep', 'nmap', 'portsweep', 'satan', 'mscan', 'saint'],
  r2l: [
    'ftp_write', 'guess_passwd', 'imap', 'multihop', 'phf', 'spy', 'warezclient', 'warezmaster',
    'named', 'sendmail', 'snmpgetattack', 'snmpguess', 'worm', 'xlock', 'xsnoop',
  ],
  u2r: ['buffer_overflow', 'loadmodule', 'perl', 'rootkit', 'httptunnel', 'ps', 'sqlattack', 'xterm'],
}; // prettier-ignore

/** Label (without the trailing '.') → category, for all 40 labels of the two KDD files. */
export const KDD_LABEL_CATEGORY: ReadonlyMap<string, KddCategory> = new Map<string, KddCategory>([
  ['normal', 'normal'],
  ...Object.entries(ATTACKS).flatMap(([cat, names]) =>
    names.map((n): [string, KddCategory] => [n, cat as KddCategory]),
  ),
]);

/** The label without its trailing '.' (`smurf.` → `smurf`). */
export function bareLabel(label: string): string {
  return label.endsWith('.') ? label.slice(0, -1) : label;
}

/** Category of a label (with or without the trailing '.'), or undefined for an unknown label. */
export function labelCategory(label: string): KddCategory | undefined {
  return KDD_LABEL_CATEGORY.get(bareLabel(label));
}

/** Index of a category in KDD_CATEGORIES. */
export function categoryIndex(category: KddCategory): number {
  return KDD_CATEGORIES.indexOf(category);
}

/** Contest cost matrix: KDD_COST[true][predicted], categories in KDD_CATEGORIES order. */
export const KDD_COST: readonly (readonly number[])[] = Object.freeze([
  Object.freeze([0, 1, 2, 2, 2]),
  Object.freeze([1, 0, 2, 2, 2]),
  Object.freeze([2, 1, 0, 2, 2]),
  Object.freeze([3, 2, 2, 0, 2]),
  Object.freeze([4, 2, 2, 2, 0]),
]);

/** Average cost per example of a 5 × 5 category confusion matrix (rows: true). */
export function costPerExample(confusion: readonly (readonly number[])[]): number {
  let cost = 0;
  let n = 0;
  for (let t = 0; t < 5; t++) {
    for (let p = 0; p < 5; p++) {
      const c = confusion[t]?.[p] ?? 0;
      cost += c * KDD_COST[t]![p]!;
      n += c;
    }
  }
  return n === 0 ? 0 : cost / n;
}
