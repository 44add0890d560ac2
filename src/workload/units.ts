/**
 * Scale factors that turn a trace's units into the core's integer milli-units.
 * Normalized traces (Google: the largest machine = 1.0; Alibaba memory: the machine = 100) cannot
 * be converted without an assumption about the real machine size, so the assumption is explicit,
 * documented here and in docs/workloads.md, and overridable per run (`--scale-cpus` …).
 */
export interface ScaleFactors {
  /** cores per trace CPU unit */
  readonly cpus: number;
  /** MiB per trace memory unit */
  readonly memMiB: number;
  /** MiB per trace disk unit */
  readonly diskMiB: number;
}

/** Google 2011 / 2019: 1.0 = the largest machine; assumed 32 cores, 128 GiB RAM, 1 TiB disk. */
export const GOOGLE_SCALE: ScaleFactors = { cpus: 32, memMiB: 131_072, diskMiB: 1_048_576 };
/** Alibaba 2018: CPU in hundredths of a core (plan_cpu 100 = 1 core); memory 100 = a 512 GiB machine. */
export const ALIBABA_2018_SCALE: ScaleFactors = { cpus: 0.01, memMiB: 524_288 / 100, diskMiB: 0 };
/** Alibaba 2017: CPU in hundredths of a core (data shows 50, 100 …); memory 1.0 = a 256 GiB machine. */
export const ALIBABA_2017_SCALE: ScaleFactors = { cpus: 0.01, memMiB: 262_144, diskMiB: 0 };
/** SWF: one processor = one core; memory in KB. */
export const SWF_SCALE: ScaleFactors = { cpus: 1, memMiB: 1 / 1024, diskMiB: 0 };
/** Native CSV: cores and MiB, written as decimals with at most 3 fraction digits. */
export const NATIVE_SCALE: ScaleFactors = { cpus: 1, memMiB: 1, diskMiB: 1 };

export function withScale(base: ScaleFactors, override?: Partial<ScaleFactors>): ScaleFactors {
  return override ? { ...base, ...override } : base;
}

/**
 * The largest resource amount a trace field may hold, in the file's own units (a billion cores, MiB,
 * KB…: far above any real machine or request, and small enough that × scale × 1000 stays an exact
 * integer). Above it, or negative, or too large to be a number (`1e400`), a line is CS6010.
 */
export const MAX_TRACE_AMOUNT = 1e9;
/** The most tasks one job record may ask for (SWF processors, Alibaba 2017 instances, native CSV taskCount): CS6010 above. */
export const MAX_TASKS_PER_JOB = 10_000_000;

/** Trace value × scale → integer milli-units (round half away from zero, deterministic). */
export function toMilli(value: number, scale: number): number {
  const x = value * scale * 1000;
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** Milli-units → decimal text with up to 3 fraction digits, exact ("1500" → "1.5"). */
export function formatMilli(milli: number): string {
  const neg = milli < 0;
  const abs = neg ? -milli : milli;
  const whole = Math.floor(abs / 1000);
  const frac = abs - whole * 1000;
  let s = String(whole);
  if (frac !== 0) s += '.' + String(frac).padStart(3, '0').replace(/0+$/, '');
  return neg ? '-' + s : s;
}

/** Seconds (possibly fractional) → integer ms. */
export function secondsToMs(seconds: number): number {
  return Math.round(seconds * 1000);
}

/** A resource vector, or undefined when every field is unknown (unknown is not zero). */
export function resourcesOf(cpus: number | undefined, mem: number | undefined, disk?: number): { cpus?: number; mem?: number; disk?: number } | undefined {
  if (cpus === undefined && mem === undefined && disk === undefined) return undefined;
  return disk === undefined ? { cpus, mem } : { cpus, mem, disk };
}
