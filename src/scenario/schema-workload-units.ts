/**
 * `units` of a trace source in the scenario's `workload.sources` (docs/workloads.md §1, §6 CS6014):
 * `normalized` (the default) says the file holds what its format defines (Google: requests and
 * capacities divided by the largest machine, at most 1), and a value out of that range is an error
 * of the file; `absolute` says the values are in other units on purpose (cores, bytes: a table in the
 * format's layout from another cluster), which `workload.scale` must then say (what one trace unit
 * is), since the format's default scale (32 cores per Google unit) would multiply them.
 */
import { z } from 'zod';
import { TRACE_UNITS } from '../workload/traces/normalized-range.ts';

export const TraceUnitsField = z.enum(TRACE_UNITS as [string, ...string[]]).optional()
  .describe('what the resource columns hold: normalized (default; the format\'s own units, e.g. Google ≤ 1 = the largest machine, values above are an error) or absolute (other units on purpose; give workload.scale: what one unit is, e.g. cpus: 1 for cores, memMiB: 0.00000095367431640625 for bytes)');

/** SourceSpec's `units`: only `absolute` is kept, so a spec that does not declare it (and its run id) is unchanged. */
export function sourceUnits(units: string | undefined): { units?: 'absolute' } {
  return units === 'absolute' ? { units: 'absolute' } : {};
}

/** `units: absolute` without `workload.scale.cpus` and `.memMiB`: the format's default scale would apply to values that are not normalized. */
export function absoluteUnitsWithoutScale(scale: { readonly cpus?: number; readonly memMiB?: number }): string | undefined {
  const missing = (['cpus', 'memMiB'] as const).filter((k) => scale[k] === undefined);
  if (missing.length === 0) return undefined;
  return `units: absolute needs workload.scale.${missing.join(' and workload.scale.')}: what one unit of the trace is (e.g. scale: { cpus: 1, memMiB: 0.00000095367431640625 } for cores and bytes); ` +
    'without it the format\'s default scale would multiply the values as normalized ones';
}
