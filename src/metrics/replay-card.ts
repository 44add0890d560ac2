/**
 * The headline card of a run that replayed a workload (docs/outputs.md): what was replayed. Without
 * it report.html and compare.html said only the scenario's description, so a reader could not tell
 * which trace files, which window and which sample a run stood for, nor how many tasks reached the
 * frameworks (a different seed draws a different sample: compare then shows it here).
 */
import type { WorkloadSpec } from '../workload/replay/spec.ts';
import { duration } from './failure-cards.ts';
import type { Headline } from './metrics-result.ts';

/** What the card reads at the end of a run: the feed's counts (workload/replay/feed.ts stats) and the trace files read. */
export interface ReplaySource {
  readonly stats: { readonly records: number; readonly tasksSubmitted: number; readonly sampledOut: number; readonly unmapped: number };
  readonly inputs: readonly { readonly path: string; readonly format: string; readonly table: string }[];
}

/** 1234567 → "1,234,567" (locale-independent: report bytes must not depend on the machine). */
function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function pct(f: number): string {
  return `${Number((100 * f).toPrecision(3))}%`;
}

function baseName(p: string): string {
  const i = p.lastIndexOf('/');
  return i >= 0 ? p.slice(i + 1) : p;
}

export function replayCard(src: ReplaySource, spec: WorkloadSpec): Headline {
  // the files read, by format and table (a directory of shards is one table): "google-2011 machine_events, task_events (2 files)"
  const byFormat = new Map<string, Set<string>>();
  for (const i of src.inputs) {
    const tables = byFormat.get(i.format) ?? new Set<string>();
    tables.add(i.table);
    byFormat.set(i.format, tables);
  }
  const files = src.inputs.length === 1
    ? `${src.inputs[0].format} ${baseName(src.inputs[0].path)}`
    : [...byFormat].map(([f, t]) => `${f} ${[...t].join(', ')}`).join('; ') + (src.inputs.length > 0 ? ` (${src.inputs.length} files)` : '');
  const generators = spec.sources.filter((s) => s.kind === 'synthetic').length;
  const what = [src.inputs.length > 0 ? files : null, generators > 0 ? `${generators} synthetic generator${generators === 1 ? '' : 's'}` : null].filter((x) => x !== null).join(' + ');
  const w = spec.window;
  const window = `window from trace time ${duration(w.startMs)}${w.endMs === null ? '' : ` to ${duration(w.endMs)}`} (time 0 here)`;
  const sampled = spec.sample.jobs < 1 || spec.sample.machines < 1 ? `; ${pct(spec.sample.jobs)} of jobs, ${pct(spec.sample.machines)} of machines kept${spec.sample.seed === undefined ? '' : ` (sample seed ${String(spec.sample.seed)})`}` : '';
  const s = src.stats;
  const read = `; ${thousands(s.records)} records read${s.sampledOut > 0 ? `, ${thousands(s.sampledOut)} sampled out` : ''}${s.unmapped > 0 ? `, ${thousands(s.unmapped)} unmapped (no rule)` : ''}`;
  return {
    key: 'replay.tasksSubmitted', label: 'workload tasks submitted', value: s.tasksSubmitted,
    note: `${what || 'no source'}; ${window}${sampled}${read}`,
  };
}
