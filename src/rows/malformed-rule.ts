/**
 * The malformed-packet rule of scan models (issue 12): a connection carrying a protocol
 * violation that no working stack sends — IP fragments that overlap or overrun the datagram
 * (KDD `wrong_fragment` > 0: teardrop, ping of death) or a TCP segment from a host and port to
 * themselves (KDD `land` = 1 on TCP: LAND) — is an attack whatever the forest says: its score is
 * raised to MALFORMED_SCORE and its class is dos. UDP land is left to the forest (benign
 * captures hold UDP with equal endpoints, e.g. NTP and VXLAN tests). A model opts in by listing
 * MALFORMED_RULE in its metrics (`scan.rules`), so KDD models score as they always did.
 */
import type { ModelInfo } from '../model/serialize.js';

/** The rule's name in a model's `scan.rules`. */
export const MALFORMED_RULE = 'malformed-packets';
/** The score a connection that breaks the rule gets at least. */
export const MALFORMED_SCORE = 0.99;

/** KDD columns the rule reads (features/schema.ts order). */
const LAND = 6;
const WRONG_FRAGMENT = 7;

/** True when the model lists the rule. */
export function usesMalformedRule(info: Pick<ModelInfo, 'metrics'>): boolean {
  const m = info.metrics;
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return false;
  const scan = m.scan;
  if (typeof scan !== 'object' || scan === null || Array.isArray(scan)) return false;
  return Array.isArray(scan.rules) && scan.rules.includes(MALFORMED_RULE);
}

/**
 * The violation in a row of KDD numbers (`at`: offset of its first column), as `name=value`, or
 * undefined when there is none. `tcp`: the connection is TCP.
 */
export function malformedField(
  numbers: ArrayLike<number>,
  at: number,
  tcp: boolean,
): string | undefined {
  const wrong = numbers[at + WRONG_FRAGMENT]!;
  if (wrong > 0) return `wrong_fragment=${wrong}`;
  if (tcp && numbers[at + LAND]! > 0) return 'land=1';
  return undefined;
}
