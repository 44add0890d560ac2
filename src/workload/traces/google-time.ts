import { AFTER_WINDOW_MS, type TraceWindow } from '../records.ts';
import { bytesEqual, isDigits, parseUint } from '../io/fields.ts';

/**
 * Google timestamps (2011 and 2019): int64 microseconds since 600 s before the trace window.
 * 0 means "before the window" and 2^63 − 1 "after the window". 2^63 − 1 is not representable as
 * a JS number (it rounds to 2^63), so the sentinel is recognized on its digit string, never via
 * parseFloat; every real timestamp is far below 2^53 and parses exactly.
 */
export const AFTER_WINDOW_TEXT = '9223372036854775807';
/** The trace window opens at 600 s = 600 000 ms on the trace clock. */
export const GOOGLE_WINDOW_START_MS = 600_000;

/** Parsed µs; +Infinity for the after-window sentinel; NaN if not digits; -1 if digits but ≥ 2^53. */
export function googleMicrosFromBytes(buf: Buffer, s: number, e: number): number {
  const v = parseUint(buf, s, e);
  if (v === v) return v;
  if (bytesEqual(buf, s, e, AFTER_WINDOW_TEXT)) return Infinity;
  return isDigits(buf, s, e) ? -1 : NaN;
}

/** Same for the JSON (2019) encoding, where int64 values arrive as strings (or, rarely, numbers). */
export function googleMicrosFromJson(v: unknown): number {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? v : NaN;
  if (typeof v !== 'string') return NaN;
  if (v === AFTER_WINDOW_TEXT) return Infinity;
  if (!/^\d+$/.test(v)) return NaN;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : -1;
}

/** µs → integer ms on the trace clock (truncated; monotone, so sorted input stays sorted). */
export function googleAtMs(us: number): number {
  return us === Infinity ? AFTER_WINDOW_MS : Math.floor(us / 1000);
}

export function googleWindow(us: number): TraceWindow | undefined {
  return us === 0 ? 'before' : us === Infinity ? 'after' : undefined;
}
