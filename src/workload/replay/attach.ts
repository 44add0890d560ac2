/**
 * Wire a run's `workload` section into a built simulation: open every source for synchronous
 * streaming (trace files through their importers, generators from named seeded streams), merge
 * them in time order and start the replay feed. Returns the feed (its statistics) and the hub
 * the trace-replay frameworks attach to.
 */
import type { EventSink } from '../../core/event-sink.ts';
import type { RngStreams } from '../../kernel/rng.ts';
import type { Simulation } from '../../kernel/simulation.ts';
import type { Master } from '../../master/master.ts';
import type { ReplayHub } from '../../frameworks/trace-replay.ts';
import { DiagnosticSink } from '../diagnostics.ts';
import { openTraceSync } from '../traces/open-sync.ts';
import { listTraceFilesSync } from '../traces/list-sync.ts';
import type { TraceFormat } from '../traces/reader.ts';
import { google2011Like } from '../synthetic/google-2011-like.ts';
import { jobStream } from '../synthetic/job-stream.ts';
import { ReplayFeed } from './feed.ts';
import { iteratorSource, mergeSources, traceSource, type RecordSource } from './record-source.ts';
import type { WorkloadSpec } from './spec.ts';

export function attachWorkload(o: {
  sim: Simulation; master: Master; hub: ReplayHub; spec: WorkloadSpec; rngs: RngStreams; events: EventSink; untilMs: number;
}): ReplayFeed {
  const sink = new DiagnosticSink({ maxReported: o.spec.maxErrors });
  const scale = {
    ...(o.spec.scale.cpus !== null ? { cpus: o.spec.scale.cpus } : {}),
    ...(o.spec.scale.memMiB !== null ? { memMiB: o.spec.scale.memMiB } : {}),
    ...(o.spec.scale.diskMiB !== null ? { diskMiB: o.spec.scale.diskMiB } : {}),
  };
  const sources: RecordSource[] = [];
  for (const s of o.spec.sources) {
    if (s.kind === 'synthetic') {
      const rng = o.rngs.stream(`workload/generator/${s.name}`);
      sources.push(iteratorSource(s.generator.type === 'jobs' ? jobStream(s.generator, rng, s.name) : google2011Like(s.generator, rng)));
      continue;
    }
    for (const file of listTraceFilesSync(s.path)) {
      const reader = openTraceSync(file, { sink, scale, format: (s.format ?? 'auto') as TraceFormat | 'auto', table: s.table ?? undefined });
      if (reader) sources.push(traceSource(reader));
    }
  }
  return new ReplayFeed({
    sim: o.sim, master: o.master, hub: o.hub, spec: o.spec, source: mergeSources(sources), sink, events: o.events,
    sampleRng: o.rngs.stream('workload/sample'), untilMs: o.untilMs,
  });
}
