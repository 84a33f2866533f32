/**
 * Timestamps of the JSON inputs, parsed exactly to (seconds, nanoseconds) — never through a
 * float, so `936850256.001097000` keeps its nanoseconds: epoch seconds with up to nine
 * decimals (tshark's `frame.time_epoch`, telemetry numbers and numeric strings) and ISO 8601
 * date-times with a `Z` or ±hh:mm offset (telemetry).
 */

/** A point in time: whole seconds since the epoch and nanoseconds within the second. */
export interface EpochTime {
  sec: number;
  nsec: number;
}

const EPOCH_RE = /^(-?)([0-9]{1,15})(?:\.([0-9]{1,9})[0-9]*)?$/;
const ISO_RE =
  /^([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:[.,]([0-9]{1,9})[0-9]*)?(Z|[+-][0-9]{2}:?[0-9]{2})$/;

/** Parses decimal epoch seconds ("1700000000", "1700000000.5"); undefined when malformed. */
export function parseEpoch(text: string): EpochTime | undefined {
  const m = EPOCH_RE.exec(text);
  if (m === null) return undefined;
  let sec = Number(m[2]);
  let nsec = m[3] === undefined ? 0 : Number(m[3].padEnd(9, '0'));
  if (m[1] === '-') {
    sec = -sec;
    if (nsec > 0) {
      sec -= 1;
      nsec = 1_000_000_000 - nsec;
    }
  }
  return { sec, nsec };
}

/** Epoch seconds given as a JSON number; undefined when not finite. */
export function epochFromNumber(value: number): EpochTime | undefined {
  if (!Number.isFinite(value)) return undefined;
  // The decimal text JSON gave is the shortest round-trip form: parse that, not the float.
  return parseEpoch(String(value).includes('e') ? value.toFixed(9) : String(value));
}

/** Parses an ISO 8601 date-time with a zone ("2024-05-01T12:00:00.25Z"); undefined if bad. */
export function parseIso(text: string): EpochTime | undefined {
  const m = ISO_RE.exec(text);
  if (m === null) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  if (new Date(ms).getUTCDate() !== d) return undefined; // 31 April and the like
  let sec = ms / 1000;
  const zone = m[8]!;
  if (zone !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    sec -= sign * (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2)) * 60);
  }
  return { sec, nsec: m[7] === undefined ? 0 : Number(m[7].padEnd(9, '0')) };
}
