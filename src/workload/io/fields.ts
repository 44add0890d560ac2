/**
 * Byte-level field access for the hot path: fields are located as [start, end) offsets into the
 * decompressed Buffer, and numbers are parsed straight from the bytes without creating substrings.
 * Every parser returns NaN for "not a number of this kind" so callers can report a diagnostic.
 */

const C0 = 0x30; // '0'
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;

/** Exact powers of ten as doubles (10^0 … 10^22 are all exactly representable). */
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Unsigned decimal integer; NaN if empty, not all digits, or above 2^53 − 1. */
export function parseUint(buf: Buffer, s: number, e: number): number {
  if (s >= e || e - s > 16) return e - s > 16 ? parseLongUint(buf, s, e) : NaN;
  let v = 0;
  for (let i = s; i < e; i++) {
    const d = buf[i] - C0;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return v <= Number.MAX_SAFE_INTEGER ? v : NaN;
}

function parseLongUint(buf: Buffer, s: number, e: number): number {
  for (let i = s; i < e; i++) {
    const d = buf[i] - C0;
    if (d < 0 || d > 9) return NaN;
  }
  return NaN; // all digits but too long to be exact: caller decides (e.g. the 2^63−1 sentinel)
}

/** Signed decimal integer (optional leading '-'); NaN if invalid or unsafe. */
export function parseInt64(buf: Buffer, s: number, e: number): number {
  if (s < e && buf[s] === MINUS) return -parseUint(buf, s + 1, e);
  return parseUint(buf, s, e);
}

/** True when [s, e) holds only decimal digits (at least one). */
export function isDigits(buf: Buffer, s: number, e: number): boolean {
  if (s >= e) return false;
  for (let i = s; i < e; i++) {
    const d = buf[i] - C0;
    if (d < 0 || d > 9) return false;
  }
  return true;
}

/**
 * Decimal number `[-+]digits[.digits][(e|E)[-+]digits]`, with the same result as parseFloat.
 * Fast path (Clinger): with at most 15 significant digits and a power of ten ≤ 22, one exact
 * multiplication or division of two exact doubles is correctly rounded. Otherwise the validated
 * bytes are handed to Number().
 */
export function parseDecimal(buf: Buffer, s: number, e: number): number {
  let i = s;
  let neg = false;
  if (i < e && (buf[i] === MINUS || buf[i] === PLUS)) {
    neg = buf[i] === MINUS;
    i++;
  }
  let mant = 0;
  let digits = 0;    // significant digits accumulated in mant
  let scale = 0;     // decimal exponent correction
  let any = false;
  for (; i < e; i++) {
    const d = buf[i] - C0;
    if (d < 0 || d > 9) break;
    any = true;
    if (mant !== 0 || d !== 0) digits++;
    mant = mant * 10 + d;
  }
  if (i < e && buf[i] === DOT) {
    i++;
    for (; i < e; i++) {
      const d = buf[i] - C0;
      if (d < 0 || d > 9) break;
      any = true;
      if (mant !== 0 || d !== 0) digits++;
      mant = mant * 10 + d;
      scale--;
    }
  }
  if (!any) return NaN;
  let exp = 0;
  if (i < e && (buf[i] === 0x65 || buf[i] === 0x45)) {
    i++;
    let eneg = false;
    if (i < e && (buf[i] === MINUS || buf[i] === PLUS)) {
      eneg = buf[i] === MINUS;
      i++;
    }
    const es = i;
    for (; i < e; i++) {
      const d = buf[i] - C0;
      if (d < 0 || d > 9) return NaN;
      exp = exp * 10 + d;
    }
    if (i === es) return NaN;
    if (eneg) exp = -exp;
  }
  if (i !== e) return NaN;
  const p = scale + exp;
  let v: number;
  if (digits <= 15 && p >= -22 && p <= 22) {
    v = p < 0 ? mant / POW10[-p] : mant * POW10[p];
  } else {
    return Number(latin1(buf, s, e)); // grammar already validated above
  }
  return neg ? -v : v;
}

export function latin1(buf: Buffer, s: number, e: number): string {
  return buf.toString('latin1', s, e);
}

/**
 * A text field as UTF-8, which the traces' few non-hashed strings are (a hand-made Google 2011 or
 * Alibaba table may hold user names like `équipe`). Pure ASCII, which every genuine trace field
 * is, takes the cheaper Latin-1 decoder: for ASCII bytes it gives the same string.
 */
export function fieldText(buf: Buffer, s: number, e: number): string {
  for (let i = s; i < e; i++) if (buf[i] > 0x7f) return buf.toString('utf8', s, e);
  return buf.toString('latin1', s, e);
}

/** Byte-wise equality of buf[s, e) with an ASCII string (used for sentinels and headers). */
export function bytesEqual(buf: Buffer, s: number, e: number, ascii: string): boolean {
  if (e - s !== ascii.length) return false;
  for (let i = 0; i < ascii.length; i++) if (buf[s + i] !== ascii.charCodeAt(i)) return false;
  return true;
}
