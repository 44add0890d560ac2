/**
 * The replay feed: streams workload records into a running simulation, lazily. Only one kernel
 * event is ever pending for the whole workload — the next record's time; when it fires, every
 * record due by then is applied and the next one is scheduled. So neither the event heap nor
 * memory grows with the trace (the state kept is per *live* machine, job and task).
 *
 * Applying a record (through the scenario's mapping, spec.ts):
 *   machine.event    add / remove / update an agent (sampled by machine; capacity scaled, or the
 *                    platform's shape, or one shape for all; racks assigned in order of appearance)
 *   job.submitted    `taskCount` tasks with a known run time (SWF, Alibaba, native CSV, generators),
 *                    once the stages and jobs it depends on finished here (dependency-gate.ts)
 *   task.event       submit queues a task (held until the collections its collection comes after
 *                    ended here: Google 2019 start_after, start-after-gate.ts); schedule notes the
 *                    trace's start; finish / fail / kill / evict / lost end the incarnation with the
 *                    trace's run time
 * Jobs are sampled by a seeded hash of their id, so all tasks of a job are kept or dropped
 * together and the choice does not depend on reading order. Records the mapping sends nowhere
 * are counted, not replayed.
 *
 * With `lookahead` W > 0 records are read up to W ahead of simulated time into a bounded buffer
 * (lookahead.ts) and still applied at their own time; only the ends of started incarnations are
 * told to the frameworks as soon as they are read. W = 0 is the plain path below, unchanged.
 */
import { restatedTotal } from '../../cluster/restated-total.ts';
import { parseResources } from '../../cluster/resource-text.ts';
import type { Resources } from '../../cluster/resources.ts';
import type { EventSink } from '../../core/event-sink.ts';
import type { Rng } from '../../kernel/rng.ts';
import { Priority, type Simulation } from '../../kernel/simulation.ts';
import type { Master } from '../../master/master.ts';
import { AGENT_CAPABILITIES } from '../../master/allocator/types.ts';
import type { PlacementConstraint } from '../../frameworks/placement.ts';
import type { ReplayHub } from '../../frameworks/replay-hub.ts';
import type { ReplayOutcome, ReplayTask } from '../../frameworks/trace-replay.ts';
import { DiagnosticSink } from '../diagnostics.ts';
import { TRACE_CODES } from '../messages.ts';
import { AFTER_WINDOW_MS, type Constraint, type JobEventRecord, type JobSubmittedRecord, type Resources as TraceResources, type TaskEventRecord, type WorkloadRecord } from '../records.ts';
import { DependencyGate } from './dependency-gate.ts';
import { StartAfterGate, type StartAfterStats } from './start-after-gate.ts';
import { clipToWindow, runFromWindow } from './window-clip.ts';
import { Lookahead, outcomeOf, type AheadEnd, type Buffered } from './lookahead.ts';
import type { MappingRule, WorkloadSpec } from './spec.ts';
import type { RecordSource } from './record-source.ts';

export interface FeedStats {
  records: number;
  agentsAdded: number;
  agentsRemoved: number;
  agentsUpdated: number;
  tasksSubmitted: number;
  tasksEnded: number;
  sampledOut: number;
  unmapped: number;
  withoutRequest: number;
  ignored: number;
  /** Largest number of tasks the feed tracked at once (live trace incarnations). */
  peakLiveTasks: number;
  /** Largest number of records held in the look-ahead buffer at once (0 without look-ahead). */
  peakLookaheadRecords: number;
  /** Incarnation ends told to frameworks ahead of their terminal record (look-ahead only). */
  endsToldAhead: number;
  /**
   * Records applied after their own time because the source went back in time (applied at the
   * current simulated time instead). 0 for sorted sources and for unsorted formats replayed
   * through the sorted-copy cache (sorted-cache.ts).
   */
  late: number;
  /** job.submitted records held back for dependencies still running (dependency-gate.ts), and the most held at once. */
  dependencyDelayed: number;
  peakDependencyHeld: number;
  /**
   * `window.before: include` (window-clip.ts): tasks the trace ended at or before the window start
   * (not run; Google incarnations are submitted and ended at time 0 before they can start), and
   * tasks running across the window start that run only their remaining time (end − window start).
   */
  endedBeforeWindow: number;
  shortenedAtWindow: number;
  /** Google 2019 `start_after_collection_ids`: instances held until the collections they come after ended here (start-after-gate.ts). */
  startAfter: StartAfterStats | null;
  /**
   * Google 2019 alloc sets, not modelled (docs/workloads.md): submitted incarnations of alloc
   * instances (instances of a collection of type alloc set) and of tasks that run in an alloc set
   * (`alloc_collection_id`), both replayed as plain tasks.
   */
  allocInstances: number;
  tasksInAllocs: number;
}

export interface FeedOptions {
  readonly sim: Simulation;
  readonly master: Master;
  readonly hub: ReplayHub;
  readonly spec: WorkloadSpec;
  readonly source: RecordSource;
  readonly sink: DiagnosticSink;
  readonly events: EventSink;
  /** Seeds the sampling hash (`workload/sample` stream). */
  readonly sampleRng: Rng;
  readonly untilMs: number;
}

export class ReplayFeed {
  readonly stats: FeedStats = {
    records: 0, agentsAdded: 0, agentsRemoved: 0, agentsUpdated: 0, tasksSubmitted: 0, tasksEnded: 0,
    sampledOut: 0, unmapped: 0, withoutRequest: 0, ignored: 0, peakLiveTasks: 0, peakLookaheadRecords: 0, endsToldAhead: 0, late: 0,
    dependencyDelayed: 0, peakDependencyHeld: 0, endedBeforeWindow: 0, shortenedAtWindow: 0, startAfter: null,
    allocInstances: 0, tasksInAllocs: 0,
  };
  private readonly o: FeedOptions;
  private readonly kind: number;
  private readonly salt: number;
  /** Live trace incarnations: key → (framework, trace start or null if not scheduled yet). */
  private readonly live = new Map<string, { framework: string; startMs: number | null }>();
  /** Google 2019 collections' spreading limits (max_per_machine, max_per_switch) by job, while the job lives. */
  private readonly jobSpread = new Map<string, PlacementConstraint[]>();
  /** Google 2019 collections alive now that are alloc sets ('alloc-set') or jobs running in one (the alloc set's id). */
  private readonly allocOf = new Map<string, string>();
  private readonly racks = new Map<string, string>();
  private closed = false;
  private reportedDiagnostics = 0;
  /** The look-ahead buffer, or null for `lookahead: 0` (records applied as they are read). */
  private readonly ahead: Lookahead | null;
  /** Holds job.submitted records until their dependencies finished (null: `dependencies: false`). */
  private readonly gate: DependencyGate | null;
  /** Holds Google 2019 instances until the collections theirs comes after ended here (null: `dependencies: false`). */
  private readonly startAfter: StartAfterGate | null;

  constructor(o: FeedOptions) {
    this.o = o;
    this.salt = Math.floor(o.sampleRng.next() * 0x7fffffff);
    this.kind = o.sim.on('workload.next', () => this.step());
    this.ahead = o.spec.lookaheadMs > 0
      ? new Lookahead(o.spec.lookaheadMs, o.spec.window.startMs, {
        taskApplies: (r) => !this.droppedBeforeWindow(r) && this.sampled(r.jobId, this.o.spec.sample.jobs),
        submitTarget: (r) => (r.request ? this.rule(r)?.framework : undefined),
      }, (end) => this.tellAhead(end))
      : null;
    const release = o.sim.on('workload.release', (r: JobSubmittedRecord) => this.released(r));
    this.gate = o.spec.dependencies === false ? null : new DependencyGate({
      now: () => o.sim.now, release: (r) => this.released(r), releaseAfter: (ms, r) => o.sim.after(ms, release, r),
    });
    this.startAfter = o.spec.dependencies === false ? null : new StartAfterGate({
      now: () => o.sim.now, submit: (framework, task) => o.hub.submit(framework, task), settle: () => o.hub.settle(),
      warn: (message) => { o.sink.report({ code: TRACE_CODES.startAfterCycle, severity: 'warning', message }); this.flushDiagnostics(); },
    });
    this.stats.startAfter = this.startAfter?.stats ?? null;
    const gate = this.gate, startAfter = this.startAfter;
    if (gate && startAfter) o.hub.onTaskDone = (key) => { gate.taskDone(key); startAfter.taskDone(key); };
    // Late priority: at equal times, frameworks and agents of the scenario are added first.
    this.scheduleNext();
  }

  private simTime(atMs: number): number {
    return Math.max(0, atMs - this.o.spec.window.startMs);
  }

  /** When a record is read: its own time, or W before it with look-ahead. */
  private readTime(r: WorkloadRecord): number {
    return Math.max(0, this.simTime(r.atMs) - (this.ahead?.windowMs ?? 0));
  }

  private scheduleNext(): void {
    const r = this.o.source.peek();
    let next = r === undefined || this.pastEnd(r) ? Infinity : this.readTime(r);
    // Buffered records are due at their own time (all are dated within the window: read ≤ untilMs).
    const buffered = this.ahead?.headTime();
    if (buffered !== undefined && buffered < next) next = buffered;
    if (next === Infinity || next > this.o.untilMs) { this.close(); return; }
    this.o.sim.at(Math.max(this.o.sim.now, next), this.kind, undefined, Priority.late);
  }

  /**
   * Not read: after the window's end, or read after the run's end. With look-ahead a record
   * dated up to W after `until` is still read (its terminal may end a task before `until`), but
   * never applied: no feed event is scheduled after `until`.
   */
  private pastEnd(r: WorkloadRecord): boolean {
    const end = this.o.spec.window.endMs;
    return r.atMs === AFTER_WINDOW_MS || (end !== null && r.atMs > end) || this.readTime(r) > this.o.untilMs;
  }

  private step(): void {
    const now = this.o.sim.now;
    const ahead = this.ahead;
    // Buffered records whose time has come, in reading order (so in the same order as without look-ahead).
    if (ahead !== null) {
      for (let e = ahead.popDue(now); e !== undefined; e = ahead.popDue(now)) {
        this.stats.records++;
        this.apply(e.r, e);
      }
    }
    for (;;) {
      const r = this.o.source.peek();
      if (r === undefined || this.pastEnd(r) || this.readTime(r) > now) break;
      this.o.source.take();
      if (ahead === null) { this.stats.records++; this.apply(r); continue; }
      // A record already due with nothing buffered before it is applied at once, as without look-ahead.
      const due = ahead.size === 0 && this.simTime(r.atMs) <= now;
      // A sampled-out job's record has no effect but its count: counted now (if it would be applied
      // before `until`) instead of buffered, so memory follows the sampled fraction of the trace.
      if (!due && this.sampledOutJob(r)) {
        if (this.simTime(r.atMs) <= this.o.untilMs) { this.stats.records++; this.stats.sampledOut++; }
        continue;
      }
      const e = ahead.read(r, this.simTime(r.atMs), due);
      if (due) { this.stats.records++; this.apply(r, e); }
    }
    if (ahead !== null) this.stats.peakLookaheadRecords = ahead.peak;
    this.flushDiagnostics();
    this.o.hub.settle();
    this.scheduleNext();
  }

  /**
   * What the replay holds now for the tasks it fed (docs/workloads.md "Memory"): per replay
   * framework, tasks queued and the queue entries holding them (a trace job's instances are one
   * entry), the live incarnations tracked here, and the dependency gate's open tasks (noted one by
   * one: `keys`; in batches: `batches` holding `batchTasks`). Not in any output: a debugging and
   * test view, so a return to an object per queued task shows as entries ≈ tasks.
   */
  footprint(): { queues: Record<string, { tasks: number; entries: number }>; liveTasks: number; lookaheadRecords: number; gate: { keys: number; batches: number; batchTasks: number } | null } {
    return { queues: this.o.hub.queueFootprints(), liveTasks: this.live.size, lookaheadRecords: this.ahead?.size ?? 0, gate: this.gate?.openTasks() ?? null };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.o.source.close();
    this.flushDiagnostics();
  }

  private flushDiagnostics(): void {
    const reported = this.o.sink.reported;
    while (this.reportedDiagnostics < reported.length) {
      const d = reported[this.reportedDiagnostics++];
      this.o.events.emit(this.o.sim.now, 'workload.diagnostic', { code: d.code, severity: d.severity, message: d.message, file: d.file ?? '', line: d.line ?? 0, column: d.column ?? 0 });
    }
  }

  /** `e`: the record's look-ahead entry (what was already told ahead), when look-ahead is on. */
  private apply(r: WorkloadRecord, e?: Buffered): void {
    if (this.simTime(r.atMs) < this.o.sim.now) this.stats.late++;
    if (this.droppedBeforeWindow(r)) { this.stats.ignored++; return; }
    switch (r.kind) {
      case 'machine.event': return this.machine(r);
      case 'machine.attribute': return this.attribute(r.machineId, r.name, r.deleted ? undefined : r.value ?? '');
      case 'job.submitted': return this.jobSubmitted(r);
      case 'task.event': return this.taskEvent(r, e);
      case 'job.event': return this.jobEvent(r);
      default: this.stats.ignored++;
    }
  }

  private tellAhead(end: AheadEnd): void {
    this.stats.endsToldAhead++;
    this.endTask(end.framework, end.key, end.outcome, end.traceRunMs);
  }

  /** The trace ended an incarnation: the framework is told, or the start-after gate if it holds it. */
  private endTask(framework: string, key: string, outcome: ReplayOutcome, traceRunMs: number | null): void {
    if (this.startAfter?.traceEnd(key, outcome, traceRunMs)) return;
    this.o.hub.end(framework, key, outcome, traceRunMs);
  }

  private sampledOutJob(r: WorkloadRecord): boolean {
    return (r.kind === 'task.event' || r.kind === 'job.submitted') && !this.droppedBeforeWindow(r) && !this.sampled(r.jobId, this.o.spec.sample.jobs);
  }

  private droppedBeforeWindow(r: WorkloadRecord): boolean {
    return r.atMs < this.o.spec.window.startMs && this.o.spec.window.before === 'drop' && r.kind !== 'machine.event';
  }

  // ---- machines -----------------------------------------------------------------------------

  private machine(r: Extract<WorkloadRecord, { kind: 'machine.event' }>): void {
    if (!this.sampled(r.machineId, this.o.spec.sample.machines)) { this.stats.sampledOut++; return; }
    const m = this.o.master;
    if (r.event === 'remove') {
      if (m.agents.has(r.machineId)) { m.removeAgent(r.machineId); this.stats.agentsRemoved++; }
      return;
    }
    const total = this.agentResources(r.capacity, r.platform);
    if (total === undefined) { this.stats.ignored++; return; }
    const existing = m.agents.get(r.machineId);
    if (existing) {
      // what the agent checkpointed stays (restated-total.ts); a capacity too small for it is not applied
      const restated = restatedTotal(existing.info.total, total, m.resourcesInUse(r.machineId));
      if (restated === null) { this.stats.ignored++; return; }
      m.redeclareAgent({ ...existing.info, total: restated });
      this.stats.agentsUpdated++;
      return;
    }
    const attributes: Record<string, string | number> = { ...this.o.spec.agents.attributes };
    if (r.platform !== undefined) attributes.platform = r.platform;
    if (r.switchId !== undefined) attributes.switch = r.switchId;
    const perRack = this.o.spec.agents.perRack;
    if (perRack !== null) {
      let rack = this.racks.get(r.machineId);
      if (rack === undefined) { rack = `rack-${String(Math.floor(this.racks.size / perRack) + 1).padStart(4, '0')}`; this.racks.set(r.machineId, rack); }
      attributes.rack = rack;
    }
    // Refused while its machine is DOWN for maintenance (§5.1; logged agent.refused).
    if (m.addAgent({ id: r.machineId, hostname: r.machineId, total, attributes, capabilities: [...AGENT_CAPABILITIES], region: null })) this.stats.agentsAdded++;
  }

  private attribute(machineId: string, name: string, value: string | undefined): void {
    const a = this.o.master.agents.get(machineId);
    if (!a) return;
    const attributes = { ...a.info.attributes };
    if (value === undefined) delete attributes[name]; else attributes[name] = value;
    this.o.master.updateAgent({ ...a.info, attributes });
  }

  private agentResources(capacity: TraceResources | undefined, platform: string | undefined): Resources | undefined {
    const a = this.o.spec.agents;
    if (a.resources !== null) return this.parse(a.resources);
    if (platform !== undefined && a.platforms[platform] !== undefined) return this.parse(a.platforms[platform]);
    if (capacity === undefined || (capacity.cpus === undefined && capacity.mem === undefined)) return undefined;
    return this.resources(capacity);
  }

  // ---- jobs and tasks -----------------------------------------------------------------------

  private jobSubmitted(record: JobSubmittedRecord): void {
    if (!this.sampled(record.jobId, this.o.spec.sample.jobs)) { this.stats.sampledOut++; return; }
    const rule = this.rule(record);
    if (!rule) { this.stats.unmapped++; return; }
    if (!record.request) { this.stats.withoutRequest++; return; }
    // Before the window (`include`): only what was still running or queued at its start (window-clip.ts).
    let r = record;
    const clip = clipToWindow(r, this.o.spec.window.startMs);
    if (clip.kind === 'ended') { this.stats.endedBeforeWindow += r.taskCount; return; }
    if (clip.kind === 'shortened') { this.stats.shortenedAtWindow += r.taskCount; r = clip.record; }
    if (this.gate && !this.gate.admit(r)) {
      this.stats.dependencyDelayed = this.gate.delayed;
      this.stats.peakDependencyHeld = this.gate.peakHeld;
      return;
    }
    this.submitJob(r, rule);
  }

  /** A held record's dependencies finished: its tasks are submitted now. */
  private released(r: JobSubmittedRecord): void {
    const rule = this.rule(r);
    if (!rule || !r.request) return;
    this.submitJob(r, rule);
    this.o.hub.settle();
  }

  private submitJob(r: JobSubmittedRecord, rule: MappingRule): void {
    const resources = this.resources(r.request!);
    const outcome: ReplayOutcome = r.outcome === 'fail' ? 'fail' : r.outcome === 'kill' || r.outcome === 'evict' || r.outcome === 'lost' ? 'kill' : 'finish';
    const base = r.group === undefined ? r.jobId : `${r.jobId}/${r.group}`;
    const now = this.o.sim.now;
    if (!(rule.gang && r.taskCount > 1)) {
      // One batch of identical tasks `${base}/0` …: queued as one entry, each made when it launches
      // (docs/workloads.md "Memory"); the same as submitting them one by one below.
      if (r.taskCount <= 0) return;
      this.o.hub.submitBatch(rule.framework, {
        base, count: r.taskCount,
        task: {
          key: base, jobId: r.jobId, resources, durationMs: r.durationMs ?? null, outcome,
          priority: r.priority ?? 0, submittedAtMs: now, revocable: rule.revocable || r.revocable === true,
          distinctMachines: false, constraints: constraintsOf(r.constraints),
        },
      });
      this.gate?.tasksSubmitted(r, base, r.taskCount);
      this.stats.tasksSubmitted += r.taskCount;
      return;
    }
    for (let i = 0; i < r.taskCount; i++) {
      this.o.hub.submit(rule.framework, {
        key: `${base}/${i}`, jobId: r.jobId, resources, durationMs: r.durationMs ?? null, outcome,
        priority: r.priority ?? 0, submittedAtMs: now, revocable: rule.revocable || r.revocable === true,
        distinctMachines: false, constraints: constraintsOf(r.constraints),
        ...(rule.gang && r.taskCount > 1 ? { gang: { key: base, size: r.taskCount } } : {}),
      });
      this.gate?.taskSubmitted(r, `${base}/${i}`);
      this.stats.tasksSubmitted++;
    }
  }

  /**
   * A job's own events: only a Google 2019 collection's spreading limits matter to the replay —
   * at most `max_per_machine` of its instances on a machine, `max_per_switch` under a switch —
   * which become placement constraints of its tasks. Everything else is counted as ignored.
   */
  private jobEvent(r: JobEventRecord): void {
    this.startAfter?.collectionEvent(r);
    if (r.collectionType === 'alloc-set' || r.allocJobId !== undefined) {
      if (TERMINAL_JOB_EVENTS.has(r.event)) this.allocOf.delete(r.jobId);
      else this.allocOf.set(r.jobId, r.collectionType === 'alloc-set' ? 'alloc-set' : r.allocJobId!);
    }
    if (r.event === 'submit' && (r.maxPerMachine || r.maxPerSwitch) && this.sampled(r.jobId, this.o.spec.sample.jobs)) {
      const spread: PlacementConstraint[] = [];
      if (r.maxPerMachine) spread.push({ field: 'hostname', op: 'MAX_PER', value: String(r.maxPerMachine) });
      if (r.maxPerSwitch) spread.push({ field: 'switch', op: 'MAX_PER', value: String(r.maxPerSwitch) });
      this.jobSpread.set(r.jobId, spread);
      return;
    }
    if (TERMINAL_JOB_EVENTS.has(r.event)) this.jobSpread.delete(r.jobId);
    this.stats.ignored++;
  }

  private taskEvent(r: TaskEventRecord, e: Buffered | undefined): void {
    if (!this.sampled(r.jobId, this.o.spec.sample.jobs)) { this.stats.sampledOut++; return; }
    const key = `${r.jobId}/${r.taskIndex}`;
    switch (r.event) {
      case 'submit': {
        const rule = this.rule(r);
        if (!rule) { this.stats.unmapped++; return; }
        if (!r.request) { this.stats.withoutRequest++; return; }
        const old = this.live.get(key);
        if (old) this.endTask(old.framework, key, 'kill', null); // a resubmission ends the previous incarnation
        this.live.set(key, { framework: rule.framework, startMs: null });
        if (this.live.size > this.stats.peakLiveTasks) this.stats.peakLiveTasks = this.live.size;
        const task: ReplayTask = {
          key, jobId: r.jobId, resources: this.resources(r.request), durationMs: null, outcome: 'finish',
          priority: r.priority ?? 0, submittedAtMs: this.o.sim.now, revocable: rule.revocable,
          distinctMachines: r.distinctMachines === true, constraints: [...constraintsOf(r.constraints), ...(this.jobSpread.get(r.jobId) ?? [])],
        };
        // Held (not submitted) while the collections its collection comes after still run here.
        if (!this.startAfter || this.startAfter.submit(rule.framework, task)) this.o.hub.submit(rule.framework, task);
        this.stats.tasksSubmitted++;
        const alloc = r.allocJobId ?? this.allocOf.get(r.jobId);
        if (alloc === 'alloc-set') this.stats.allocInstances++;
        else if (alloc !== undefined) this.stats.tasksInAllocs++;
        // Its end was read ahead while this submit was buffered (lookahead.ts).
        const end = e?.endAfterSubmit;
        if (end) this.tellAhead(end);
        return;
      }
      case 'schedule': {
        const l = this.live.get(key);
        if (l) l.startMs = r.atMs;
        this.startAfter?.traceStarted(r.jobId); // Borg started it: it waits for no unseen collection
        return;
      }
      case 'finish': case 'fail': case 'kill': case 'evict': case 'lost': {
        const l = this.live.get(key);
        if (!l) return;
        this.live.delete(key);
        this.stats.tasksEnded++;
        // Run time from the window start: a task scheduled before it runs only what was left (window-clip.ts).
        const windowStart = this.o.spec.window.startMs;
        if (r.atMs <= windowStart) this.stats.endedBeforeWindow++;
        else if (l.startMs !== null && l.startMs < windowStart) this.stats.shortenedAtWindow++;
        if (e?.told) return; // the framework was told this end when the record was read ahead
        this.endTask(l.framework, key, outcomeOf(r.event), runFromWindow(l.startMs, r.atMs, windowStart));
        return;
      }
      default: this.stats.ignored++;
    }
  }

  private rule(r: { band?: string; user?: string; framework?: string; priority?: number; schedulingClass?: number }): MappingRule | undefined {
    for (const rule of this.o.spec.map) {
      const m = rule.match;
      if (m.bands !== null && (r.band === undefined || !(m.bands as readonly string[]).includes(r.band))) continue;
      if (m.users !== null && (r.user === undefined || !m.users.includes(r.user))) continue;
      if (m.frameworks !== null && (r.framework === undefined || !m.frameworks.includes(r.framework))) continue;
      if (m.priorityMin !== null && (r.priority === undefined || r.priority < m.priorityMin)) continue;
      if (m.priorityMax !== null && (r.priority === undefined || r.priority > m.priorityMax)) continue;
      if (m.schedulingClasses !== null && (r.schedulingClass === undefined || !m.schedulingClasses.includes(r.schedulingClass))) continue;
      return rule;
    }
    return undefined;
  }

  /** Deterministic sampling: a seeded 32-bit hash of the id below fraction × 2^32. */
  private sampled(id: string, fraction: number): boolean {
    if (fraction >= 1) return true;
    if (fraction <= 0) return false;
    let h = 0x811c9dc5 ^ this.salt;
    for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
    h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
    return (h >>> 0) / 4294967296 < fraction;
  }

  private resources(r: TraceResources): Resources {
    const parts: string[] = [];
    const use = this.o.spec.resources;
    if (r.cpus !== undefined && r.cpus > 0 && use.includes('cpus')) parts.push(`cpus:${r.cpus / 1000}`);
    if (r.mem !== undefined && r.mem > 0 && use.includes('mem')) parts.push(`mem:${Math.round(r.mem) / 1000}`);
    if (r.disk !== undefined && r.disk > 0 && use.includes('disk')) parts.push(`disk:${Math.round(r.disk) / 1000}`);
    return this.parse(parts.join(';'));
  }

  /** Equal texts share one parse (parseResources remembers them). */
  private parse(text: string): Resources {
    const p = parseResources(text);
    if (typeof p === 'string') throw new Error(`internal: bad resources "${text}": ${p}`);
    return p;
  }
}

const TERMINAL_JOB_EVENTS: ReadonlySet<string> = new Set(['finish', 'fail', 'kill', 'lost']);

function constraintsOf(cs: readonly Constraint[] | undefined): PlacementConstraint[] {
  return (cs ?? []).map((c) => ({ field: c.attribute, op: c.op, value: c.value }));
}
