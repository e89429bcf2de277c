/**
 * Reads numbers out of ASCII bytes without making strings: the metric CSV reader's inner loop (a
 * 10^6-row file is 3 × 10^6 numbers; `Number(slice)` on each cost most of the read).
 *
 * The fast path is Clinger's: a decimal whose digits fit a double exactly (≤ 2^53) scaled by an
 * exact power of ten (≤ 10^22) is one correctly rounded multiplication or division, so it gives
 * the very double `Number()` gives; more digits or a larger scale go to `Number()` on the text.
 * So when `scanDecimal` reads a whole field, its result is `Number(field)`; what it cannot read
 * (`NaN`, `Infinity`, spaces, `0x…`, an empty field) is the caller's to hand to `Number()`.
 */

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, exponent) => 10 ** exponent);
const MAX_EXACT_INTEGER = 2 ** 53;
const ZERO = 0x30;
const NINE = 0x39;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const LOWER_E = 0x65;
const UPPER_E = 0x45;

/** Node's own latin1 decoder, without `toString`'s argument checks (a third of the read went there). */
const { latin1Slice } = Buffer.prototype as Buffer & { latin1Slice(start: number, end: number): string };
const textOf = (bytes: Uint8Array, start: number, end: number): string => latin1Slice.call(bytes, start, end);

/** Where the last {@link scanDecimal} stopped: the first byte past the number's grammar. */
export const decimalScan = { end: 0 };

const isDigit = (byte: number | undefined): boolean => byte !== undefined && byte >= ZERO && byte <= NINE;

/**
 * Reads `[+-]digits[.digits][e[+-]digits]` from `start` (not past `limit`), leaves the index
 * where it stopped in `decimalScan.end`, and returns the number — `NaN` when no digit was read
 * (the caller then sees `end` short of its field and asks `Number()`).
 */
export function scanDecimal(bytes: Uint8Array, start: number, limit: number): number {
  let index = start;
  let negative = false;
  const sign = bytes[index];
  if (sign === MINUS || sign === PLUS) {
    negative = sign === MINUS;
    index++;
  }
  // Digit loops on the byte minus '0' (one unsigned compare), counting digits by position.
  let mantissa = 0;
  const integerStart = index;
  for (; index < limit; index++) {
    const digit = bytes[index]! - ZERO;
    if (digit >>> 0 > 9) break;
    mantissa = mantissa * 10 + digit;
  }
  let digits = index - integerStart;
  let fractionDigits = 0;
  if (index < limit && bytes[index] === DOT) {
    const fractionStart = ++index;
    for (; index < limit; index++) {
      const digit = bytes[index]! - ZERO;
      if (digit >>> 0 > 9) break;
      mantissa = mantissa * 10 + digit;
    }
    fractionDigits = index - fractionStart;
    digits += fractionDigits;
  }
  if (digits === 0) {
    decimalScan.end = start;
    return Number.NaN;
  }
  let exponent = 0;
  const marker = bytes[index];
  if (index < limit && (marker === LOWER_E || marker === UPPER_E)) {
    let at = index + 1;
    const exponentSign = bytes[at];
    if (exponentSign === MINUS || exponentSign === PLUS) at++;
    const exponentStart = at;
    while (at < limit && isDigit(bytes[at]) && at - exponentStart < 6)
      exponent = exponent * 10 + (bytes[at++]! - ZERO);
    if (at === exponentStart) {
      decimalScan.end = start; // `1e`: not a number Number() would read either way; let it say
      return Number.NaN;
    }
    if (exponentSign === MINUS) exponent = -exponent;
    index = at;
  }
  decimalScan.end = index;
  const scale = exponent - fractionDigits;
  // Digits past what a double holds exactly, or a scale past 10^22: one string, Number() decides.
  if (mantissa > MAX_EXACT_INTEGER || scale > 22 || scale < -22) return Number(textOf(bytes, start, index));
  const value =
    scale === 0 ? mantissa : scale > 0 ? mantissa * POWERS_OF_TEN[scale]! : mantissa / POWERS_OF_TEN[-scale]!;
  return negative ? -value : value;
}
