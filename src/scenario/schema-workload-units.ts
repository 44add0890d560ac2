/**
 * `units` and `scale` of a trace source in the scenario's `workload.sources` (docs/workloads.md §1,
 * §6 CS6014, §9 "Units and scale of several sources"): `normalized` (the default) says the file holds
 * what its format defines (Google: requests and capacities divided by the largest machine, at most 1),
 * and a value out of that range is an error of the file; `absolute` says the values are in other units
 * on purpose (cores, bytes: a table in the format's layout from another cluster), which a scale must
 * then say (what one trace unit is), since the format's default scale (32 cores per Google unit) would
 * multiply them. The scale is the source's own `scale`, key by key, else `workload.scale` (every source).
 */
import { z } from 'zod';
import { TRACE_UNITS } from '../workload/traces/normalized-range.ts';
import { readHeadSync } from '../workload/io/open.ts';
import { detectFromHead } from '../workload/traces/detect.ts';
import { listTraceFilesSync } from '../workload/traces/list-sync.ts';
import { ALIBABA_2017_SCALE, ALIBABA_2018_SCALE, GOOGLE_SCALE, NATIVE_SCALE, SWF_SCALE, type ScaleFactors } from '../workload/units.ts';

type Path = (string | number)[];
type Scale = { readonly cpus?: number; readonly memMiB?: number; readonly diskMiB?: number };
const KEYS = ['cpus', 'memMiB', 'diskMiB'] as const;

export const TraceUnitsField = z.enum(TRACE_UNITS as [string, ...string[]]).optional()
  .describe('what the resource columns hold: normalized (default; the format\'s own units, e.g. Google ≤ 1 = the largest machine, values above are an error) or absolute (other units on purpose; give a scale: what one unit is, e.g. cpus: 1 for cores, memMiB: 0.00000095367431640625 for bytes)');

/** Cores or MiB per trace unit: positive and at most 1e9 (beyond, amounts overflow to Infinity in milli-units). */
export const ScaleFactor = z.number().positive().max(1e9, 'at most 1e9 cores or MiB per trace unit (a larger scale makes amounts that cannot be represented)');

export const TraceScaleField = z.strictObject({ cpus: ScaleFactor.optional(), memMiB: ScaleFactor.optional(), diskMiB: ScaleFactor.optional() }).optional()
  .describe("this source's cores / MiB per trace unit, key by key before workload.scale (which applies to every source); needed when sources of different units or formats share a scenario");

/** SourceSpec's `units`: only `absolute` is kept, so a spec that does not declare it (and its run id) is unchanged. */
export function sourceUnits(units: string | undefined): { units?: 'absolute' } {
  return units === 'absolute' ? { units: 'absolute' } : {};
}

/** SourceSpec's `scale`: only the keys given, and none at all without one (run ids of existing scenarios unchanged). */
export function sourceScale(scale: Scale | undefined): { scale?: Scale } {
  if (scale === undefined) return {};
  const given = Object.fromEntries(KEYS.filter((k) => scale[k] !== undefined).map((k) => [k, scale[k]]));
  return Object.keys(given).length === 0 ? {} : { scale: given };
}

/** `units: absolute` without a cpus and memMiB scale (the source's own or workload.scale): the format's default scale would apply to values that are not normalized. */
export function absoluteUnitsWithoutScale(scale: Scale, own: Scale = {}): string | undefined {
  const missing = (['cpus', 'memMiB'] as const).filter((k) => own[k] === undefined && scale[k] === undefined);
  if (missing.length === 0) return undefined;
  return `units: absolute needs workload.scale.${missing.join(' and workload.scale.')} (or the source's own scale.${missing.join(' and scale.')}): what one unit of the trace is (e.g. scale: { cpus: 1, memMiB: 0.00000095367431640625 } for cores and bytes); ` +
    'without it the format\'s default scale would multiply the values as normalized ones';
}

const DEFAULTS: Readonly<Record<string, ScaleFactors>> = {
  'google-2011': GOOGLE_SCALE, 'google-2019': GOOGLE_SCALE, 'alibaba-2018': ALIBABA_2018_SCALE, 'alibaba-2017': ALIBABA_2017_SCALE, swf: SWF_SCALE, 'native-csv': NATIVE_SCALE,
};

interface TraceSourceInput { readonly trace: string; readonly format?: string; readonly units?: string; readonly scale?: Scale }

/**
 * The format of a trace source that does not name one, as the replay will detect it (from its first
 * file: a directory source is one table); undefined when it cannot be read (the replay says why).
 * Only asked when one workload.scale key meets two normalized sources.
 */
export function detectedFormat(resolved: string): string | undefined {
  try {
    const first = listTraceFilesSync(resolved)[0];
    if (first === undefined) return undefined;
    const d = detectFromHead(first, readHeadSync(first)); // the head read as trace-source-check.ts does: no reader thread per gzip file
    return typeof d === 'string' ? undefined : d.format;
  } catch {
    return undefined;
  }
}

/**
 * One `workload.scale` meeting trace sources whose units differ: it replaces, for every source without
 * a scale of its own, what one trace unit is, so with a normalized source (Google: 1 = the largest
 * machine) and an `absolute` one (cores), or two normalized formats whose units differ (Google's
 * machine fraction and Alibaba's hundredths of a core; a source without `format:` by the format detected
 * in its first file), one of them is scaled wrongly and the run says nothing. A CS1004 at the first such
 * `workload.scale` key, naming the two sources and where they are; the fix is a `scale` on the sources.
 */
export function mixedScaleDiagnostic(
  sources: readonly (TraceSourceInput | object)[], scale: Scale, where: (p: Path) => string, detect: (i: number) => string | undefined = () => undefined,
): { path: Path; message: string } | undefined {
  const traces = sources.flatMap((s, i) => ('trace' in s ? [{ s: s as TraceSourceInput, i }] : []));
  const detected = new Map<number, string | undefined>();
  const format = (t: { s: TraceSourceInput; i: number }): string | undefined => {
    if (t.s.format !== undefined) return t.s.format;
    if (!detected.has(t.i)) detected.set(t.i, detect(t.i));
    return detected.get(t.i);
  };
  const what = (t: { s: TraceSourceInput; i: number }) => {
    if (t.s.units === 'absolute') return 'units: absolute';
    const f = format(t);
    return `normalized${f ? ` ${f}${t.s.format === undefined ? ' (detected)' : ''}` : ''}`;
  };
  const conflicts: { key: string; a: { s: TraceSourceInput; i: number }; b: { s: TraceSourceInput; i: number } }[] = [];
  for (const key of KEYS) {
    if (scale[key] === undefined) continue;
    const users = traces.filter((t) => t.s.scale?.[key] === undefined);
    const abs = users.find((t) => t.s.units === 'absolute');
    const norm = users.filter((t) => t.s.units !== 'absolute');
    if (abs !== undefined && norm.length > 0) { conflicts.push({ key, a: norm[0]!, b: abs }); continue; }
    const named = norm.length < 2 ? [] : norm.filter((t) => DEFAULTS[format(t) ?? ''] !== undefined);
    const other = named.find((t) => DEFAULTS[format(t)!]![key] !== DEFAULTS[format(named[0]!)!]![key]);
    if (other !== undefined) conflicts.push({ key, a: named[0]!, b: other });
  }
  if (conflicts.length === 0) return undefined;
  const { key } = conflicts[0]!;
  const [a, b] = [conflicts[0]!.a, conflicts[0]!.b].sort((x, y) => x.i - y.i) as [{ s: TraceSourceInput; i: number }, { s: TraceSourceInput; i: number }];
  const keys = conflicts.map((c) => `workload.scale.${c.key}`);
  const src = (t: { s: TraceSourceInput; i: number }) => `workload.sources.${t.i} (${t.s.trace}, ${what(t)}) at ${where(['workload', 'sources', t.i])}`;
  return {
    path: ['workload', 'scale', key],
    message: `${keys.join(', ')} ${keys.length > 1 ? 'apply' : 'applies'} to every trace source without a scale of its own, and these hold different units: ` +
      `${src(a)} and ${src(b)}; one of them would be scaled wrongly. Give each source its own scale (workload.sources.N.scale: { cpus, memMiB }), ` +
      'and keep workload.scale only for what every remaining source shares',
  };
}
