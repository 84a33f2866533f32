/**
 * pcapng timestamps: a 64-bit count of units since the epoch, units given by `if_tsresol`
 * (10^-n or 2^-n seconds, default 10^-6), plus `if_tsoffset` whole seconds.
 * Converted to (seconds, nanoseconds) without BigInt on the common paths.
 */

/** Resolution of one interface. */
export interface TsResolution {
  /** Units per second (10^n or 2^n). */
  unitsPerSec: number;
  /** Exact BigInt form, used when unitsPerSec is too large for the limb division. */
  unitsPerSecBig: bigint;
  /** Seconds to add (if_tsoffset). */
  offsetSec: number;
  /** Display name such as 'microseconds'. */
  label: string;
}

/** Decodes the `if_tsresol` option byte (absent → microseconds). */
export function tsResolution(optionByte: number | undefined, offsetSec = 0): TsResolution {
  const b = optionByte ?? 6;
  const exp = b & 0x7f;
  const binary = (b & 0x80) !== 0;
  const unitsPerSecBig = binary ? 1n << BigInt(exp) : 10n ** BigInt(exp);
  const label = binary ? `2^-${exp} s` : (DECIMAL_LABELS[exp] ?? `10^-${exp} s`);
  return { unitsPerSec: Number(unitsPerSecBig), unitsPerSecBig, offsetSec, label };
}

const DECIMAL_LABELS: Record<number, string> = {
  0: 'seconds',
  3: 'milliseconds',
  6: 'microseconds',
  9: 'nanoseconds',
};

/** Limb division is exact while remainder × 2^16 + limb stays below 2^53. */
const LIMB_SAFE_DIVISOR = 2 ** 36;

/**
 * Splits the 64-bit unit count `high:low` into seconds and nanoseconds, writing them to `out`.
 * The division runs over four 16-bit limbs so no intermediate exceeds 2^53.
 */
export function unitsToTime(
  high: number,
  low: number,
  res: TsResolution,
  out: { tsSec: number; tsNsec: number },
): void {
  const d = res.unitsPerSec;
  if (d === 1e6 && high < 0x200000) {
    // Fast path: microsecond counts below 2^53 are exact in a double.
    const units = high * 4294967296 + low;
    const sec = Math.floor(units / 1e6);
    out.tsSec = sec + res.offsetSec;
    out.tsNsec = (units - sec * 1e6) * 1000;
    return;
  }
  if (d > LIMB_SAFE_DIVISOR) {
    bigUnitsToTime(high, low, res, out);
    return;
  }
  // Long division of the 64-bit count by d, 16 bits at a time (no array, no BigInt).
  let cur = high >>> 16;
  let q = Math.floor(cur / d);
  let r = cur - q * d;
  cur = r * 65536 + (high & 0xffff);
  let ql = Math.floor(cur / d);
  r = cur - ql * d;
  q = q * 65536 + ql;
  cur = r * 65536 + (low >>> 16);
  ql = Math.floor(cur / d);
  r = cur - ql * d;
  q = q * 65536 + ql;
  cur = r * 65536 + (low & 0xffff);
  ql = Math.floor(cur / d);
  r = cur - ql * d;
  q = q * 65536 + ql;
  out.tsSec = q + res.offsetSec;
  out.tsNsec = d <= 1e9 && 1e9 % d === 0 ? r * (1e9 / d) : fractionToNanos(r, d);
}

/**
 * floor(r × 10^9 / d) for 0 ≤ r < d ≤ 2^36, exactly. `r * 1e9` would exceed 2^53 (for 10^-10 or
 * 2^-33 … 2^-36 units) and round, giving 1 ns too much — or 10^9. One decimal digit at a time,
 * every intermediate stays below 2^40.
 */
function fractionToNanos(r: number, d: number): number {
  let rem = r;
  let q = 0;
  for (let i = 0; i < 9; i++) {
    rem *= 10;
    const digit = Math.floor(rem / d);
    rem -= digit * d;
    q = q * 10 + digit;
  }
  return q;
}

function bigUnitsToTime(
  high: number,
  low: number,
  res: TsResolution,
  out: { tsSec: number; tsNsec: number },
): void {
  const units = (BigInt(high) << 32n) | BigInt(low);
  const d = res.unitsPerSecBig;
  out.tsSec = Number(units / d) + res.offsetSec;
  out.tsNsec = Number(((units % d) * 1_000_000_000n) / d);
}
