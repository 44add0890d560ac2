/**
 * Human units at the boundary, integers inside.
 *
 * - Time: integer milliseconds. Strings like `500ms`, `30s`, `5m`, `1h30m`, `2d`, `1w`; a bare number
 *   means seconds (Mesos' own flags, e.g. refuse_seconds, are in seconds).
 * - Scalars (cpus, mem, disk, gpus, custom): integer milli-units, the 3-decimal fixed point Mesos uses
 *   (`src/common/values.cpp`), so 0.1 + 0.2 is exactly 0.3 here too. mem/disk are MiB; `16GiB` etc. accepted.
 */
const TIME_UNITS: Record<string, number> = {
  ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000,
};

/** Parse a duration; returns ms or an error string. */
export function parseDuration(input: string | number): number | string {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) return `duration must be a non-negative number of seconds, got ${input}`;
    return Math.round(input * 1000);
  }
  const text = input.trim();
  if (text === '') return 'empty duration';
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const re = /(\d+(?:\.\d+)?)\s*(ms|sec|min|s|m|h|d|w)/gy;
  let total = 0;
  let pos = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    total += Number(m[1]) * TIME_UNITS[m[2]];
    pos = re.lastIndex;
    while (text[pos] === ' ') pos++;
    re.lastIndex = pos;
  }
  if (pos !== text.length) {
    return `cannot read duration "${input}": use a number of seconds or units ms, s, m, h, d, w (e.g. 30s, 1h30m)`;
  }
  return Math.round(total);
}

const MEM_UNITS: Record<string, number> = {
  b: 1 / 1048576, kib: 1 / 1024, kb: 1 / 1024, mib: 1, mb: 1, gib: 1024, gb: 1024, tib: 1048576, tb: 1048576,
};

/** Parse a memory/disk quantity into MiB (float; converted to milli by the caller). Bare number = MiB. */
export function parseMiB(input: string | number): number | string {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) return `size must be a non-negative number of MiB, got ${input}`;
    return input;
  }
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(input);
  if (!m) return `cannot read size "${input}": use MiB or a unit such as 512MiB, 16GiB, 1TiB`;
  if (m[2] === '') return Number(m[1]);
  const factor = MEM_UNITS[m[2].toLowerCase()];
  if (factor === undefined) return `unknown size unit "${m[2]}" in "${input}" (use KiB, MiB, GiB, TiB)`;
  return Number(m[1]) * factor;
}

/** To Mesos' 3-decimal fixed point (llround(v * 1000)). */
export function toMilli(value: number): number {
  return Math.round(value * 1000);
}

/** Format milli-units as a decimal with up to 3 fraction digits (no float noise). */
export function formatMilli(milli: number): string {
  const neg = milli < 0;
  const abs = Math.abs(milli);
  const whole = Math.floor(abs / 1000);
  const frac = abs % 1000;
  let s = String(whole);
  if (frac !== 0) s += Number.isInteger(frac) ? FRACTIONS[frac] : '.' + String(frac).padStart(3, '0').replace(/0+$/, '');
  return neg ? '-' + s : s;
}

/**
 * ".001" … ".999" without trailing zeros, by milli-units: every offer and launch in the event log
 * carries formatted quantities (5% of a full-size trace replay's time went to formatting them).
 */
const FRACTIONS: readonly string[] = Array.from({ length: 1000 }, (_, f) => '.' + String(f).padStart(3, '0').replace(/0+$/, ''));

const DURATION_STEPS: readonly [number, string][] = [[86_400_000, 'd'], [3_600_000, 'h'], [60_000, 'min'], [1000, 's']];

/** The unit a duration reads best in, for people: [size in ms, name] — d, h, min, s or ms. */
export function durationUnit(ms: number): [number, string] {
  const abs = Math.abs(ms);
  for (const [size, unit] of DURATION_STEPS) if (abs >= size) return [size, unit];
  return [1, 'ms'];
}

/** Format a duration in ms for humans (used in messages and reports). */
export function formatDuration(ms: number): string {
  if (ms % 86_400_000 === 0 && ms > 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
