/**
 * Number and duration formatting. Two formatters, both deterministic (no locale, no Intl):
 * - `formatCell` for machine-readable text outputs (CSV, markdown tables): 9 significant digits.
 * - `formatDisplay` / `formatHeadline` for people (HTML cards and tables): 4 significant digits,
 *   thousands separators, durations humanised.
 */
import { roundSig } from '../core/canonical-json.ts';
import { durationUnit } from '../core/units.ts';
import type { Cell, HeadlineMetric } from './report-data.ts';

/** One fixed formatter for every number in a text table: up to 9 significant digits; non-finite → empty. */
export function formatCell(value: Cell | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(roundSig(value, 9)) : '';
  return value;
}

/** Round a number for storage (Arrow, JSON) with the same 9 significant digits; non-finite → null. */
export function roundCell(value: number): number | null {
  return Number.isFinite(value) ? roundSig(value, 9) : null;
}

function groupThousands(intPart: string): string {
  const neg = intPart.startsWith('-');
  const digits = neg ? intPart.slice(1) : intPart;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return neg ? `-${grouped}` : grouped;
}

/** A number for people: integers grouped (12,345), other values to 4 significant digits. */
export function formatDisplay(x: number): string {
  if (!Number.isFinite(x)) return '—';
  const abs = Math.abs(x);
  if (abs !== 0 && (abs >= 1e15 || abs < 1e-4)) return x.toExponential(2);
  if (Number.isInteger(x)) return groupThousands(String(x));
  if (abs >= 1000) {
    const [i, f] = x.toFixed(1).split('.');
    return f === '0' ? groupThousands(i) : `${groupThousands(i)}.${f}`;
  }
  return String(Number(x.toPrecision(4)));
}

/** Milliseconds → "1.5 h", "42 s", "250 ms". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  return formatDurationIn(ms, durationUnit(ms));
}

/** Milliseconds in a given unit (3 significant digits; 0 stays 0): formatDurationIn(0, [3_600_000, 'h']) = "0 h". */
export function formatDurationIn(ms: number, [size, unit]: [number, string]): string {
  if (!Number.isFinite(ms)) return '—';
  return `${formatDisplay(Number((ms / size).toPrecision(3)))} ${unit}`;
}

/**
 * The display text of a headline value. Unit conventions: `'%'` marks a fraction in [0, 1] (shown
 * ×100), `'ms'` a duration (humanised); any other unit is appended after a space.
 */
export function formatHeadline(m: Pick<HeadlineMetric, 'value' | 'unit'>): string {
  if (typeof m.value === 'string') return m.unit ? `${m.value} ${m.unit}` : m.value;
  if (m.unit === '%') return formatPercent(m.value);
  if (m.unit === 'ms') return formatDuration(m.value);
  return m.unit ? `${formatDisplay(m.value)} ${m.unit}` : formatDisplay(m.value);
}

/**
 * A fraction as a percentage for people: 3 significant digits (13.6%), 4 from 99% up (99.65%), and
 * never rounded onto 0% or 100% when it is not exactly that (99.999%, 0.0012%): an availability
 * of 99.9992% is not 100%.
 */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '—';
  const p = fraction * 100;
  let digits = Math.abs(p) >= 99 ? 4 : 3;
  let text = Number(p.toPrecision(digits));
  while (digits < 9 && ((text === 100 && p !== 100) || (text === 0 && p !== 0) || (text === -100 && p !== -100))) text = Number(p.toPrecision(++digits));
  return `${Math.abs(text) >= 1000 ? formatDisplay(text) : String(text)}%`;
}

/** A time unit for an axis, chosen from the span it has to show. */
export interface TimeUnit {
  ms: number;
  label: string;
}

export function chooseTimeUnit(spanMs: number, allowMs = false): TimeUnit {
  if (spanMs >= 3 * 86_400_000) return { ms: 86_400_000, label: 'days' };
  if (spanMs >= 3 * 3_600_000) return { ms: 3_600_000, label: 'hours' };
  if (spanMs >= 3 * 60_000) return { ms: 60_000, label: 'minutes' };
  if (!allowMs || spanMs >= 3000) return { ms: 1000, label: 'seconds' };
  return { ms: 1, label: 'ms' };
}

/** Convert ms to the unit, rounded to 9 significant digits so chart data is stable text. */
export function inUnit(ms: number, unit: TimeUnit): number {
  return roundSig(ms / unit.ms, 9);
}
