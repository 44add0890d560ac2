/**
 * A stateful, Cassandra-like service (product story 16): `instances` nodes, each holding
 * `dataSize` of data that the other replicas also hold. The point is what a node failure costs.
 *
 * volumes: true   (mesos-semantics §3.5-3.6) On its first suitable offer an instance accepts with
 *                 RESERVE (cpus, mem and disk dynamically reserved for the framework's role) and
 *                 CREATE (a persistent volume `<framework>-vol-<i>` of `dataSize` on that disk), and
 *                 launches its task on them. The reservation and the volume outlive the task: when
 *                 the task fails (or its machine goes down for maintenance), the allocator offers the
 *                 reserved resources and the volume to the role again, and the instance relaunches
 *                 on the SAME agent on its volume: its data is still there, it serves at once.
 *                 If the volume's agent does not come back within `replaceAfter`, the instance gives
 *                 the volume up (DESTROY + UNRESERVE when it is offered again) and starts afresh
 *                 elsewhere, rebuilding its data from the replicas.
 * volumes: false  (the baseline) a failed instance relaunches wherever an offer fits, on plain
 *                 (sandbox) disk; its data is gone, so it streams it from the replicas first and
 *                 counts as available only after a rebuild of dataSize ÷ rebuildRate.
 *
 * The first launch of an instance starts empty (a new cluster: nothing to rebuild) in both modes.
 * One instance per agent (a Cassandra node per machine); new placements avoid machines scheduled
 * for maintenance. Task failures are injected by the model itself (`failure`: a seeded time to
 * failure per task, reported as TASK_FAILED like the service model's crashes); machine failures and
 * maintenance come from the failure machinery (docs/failures.md).
 *
 * Inverse offers (§5.2) are advisory: `accept` (default) agrees to the window and keeps the
 * volume — the instance goes down with the machine and comes back on its volume when the machine
 * is up again; `decline` / `ignore` answer no / nothing. Nothing is killed or moved because of an
 * inverse offer (no proactive migration: see docs/workloads.md, deviations).
 *
 * Under a central scheduler (`master.offerModel: monolithic`, src/master/monolithic/) the central
 * scheduler places the instances itself, as Borg places a job's tasks (there are no offers to turn
 * into reservations): an instance without a volume is handed over as a task of cpus, mem and
 * `dataSize` unreserved disk that must go on a machine with no instance of this service and no
 * maintenance scheduled; with `volumes` the task carries RESERVE + CREATE, which the central
 * scheduler applies on the machine it picked before the launch (§3.5-3.6), so the task runs on the
 * reserved resources and its persistent volume. A failed instance is handed over again pinned to
 * the agent holding its volume and its reservation (nobody else can take those: they are reserved
 * to the role), and relaunches there on its data; after `replaceAfter` the pinned request is taken
 * back, the volume given up (the central scheduler DESTROYs and UNRESERVEs it once its agent is
 * back) and the instance handed over afresh, to rebuild elsewhere. Without volumes a failed
 * instance is handed over afresh at once and rebuilds wherever it lands.
 *
 * Availability for the metrics layer: one service named after the framework, serving instances
 * (running and not rebuilding) ÷ `instances`; counters for summary.json `stateful` via statefulStats().
 */
import { makeResource, type Resource } from '../cluster/resource.ts';
import { add, contains, resources, subtract, type Resources } from '../cluster/resources.ts';
import { parseResources } from '../cluster/resource-text.ts';
import type { Operation } from '../cluster/operations.ts';
import type { InverseOfferView, OfferReply, OfferView, Scheduler, SchedulerDriver, TaskLaunch, TaskUpdate } from '../master/scheduler.ts';
import type { AgentView, CentralQueue, WorkClient, WorkTask } from '../master/monolithic/pending-work.ts';
import { drawInt, type Dist } from './distributions.ts';
import { fit, shapeOf, type TaskShape } from './fit.ts';
import { registerFramework, type FrameworkContext } from './registry.ts';
import { endOwnTask } from './task-end.ts';

/** Decline filter for offers nobody can use while instances only wait for their volumes' agents. */
const IDLE_REFUSE_SECONDS = 3600;

export interface StatefulSpec {
  readonly type: 'stateful';
  readonly instances: number;
  /** cpus and mem of one instance (normalized resource text, unreserved). */
  readonly resources: string;
  /** Data per instance in MiB: the persistent volume's size (or the sandbox disk without volumes). */
  readonly dataSizeMiB: number;
  /** How fast a fresh instance streams its data from the replicas, MiB per second. */
  readonly rebuildMiBPerSec: number;
  readonly volumes: boolean;
  /** Time to failure of each task (ms, seeded), or null = tasks never fail by themselves. */
  readonly failure: Dist | null;
  /** volumes: give the volume up when its agent has not offered it this long after the task ended; null = wait forever. */
  readonly replaceAfterMs: number | null;
  readonly onInverseOffer: 'accept' | 'decline' | 'ignore';
  readonly refuseSeconds: number;
  /** The role to reserve for; null = the framework's first role. */
  readonly role: string | null;
}

export type InstanceState = 'pending' | 'rebuilding' | 'serving';

interface Instance {
  readonly index: number;
  /** Volume generation: a replaced volume gets a new id. */
  generation: number;
  volumeId: string | null;
  /** Where the volume lives (volumes) or where the task last ran. */
  agentId: string | null;
  taskId: string | null;
  state: InstanceState;
  /** Has it ever served (the first launch starts empty; later ones start from data). */
  bootstrapped: boolean;
  downSinceMs: number | null;
  rebuildStartMs: number | null;
  downMs: number;
  /**
   * The task launched together with the RESERVE + CREATE of the instance's volume, until its first
   * update. If that says the launch never ran (TASK_ERROR: the operations failed; a launch the master
   * never got, answered by reconciliation), the volume was never made: the instance forgets it and
   * starts afresh (it waited for ever on its agent for a volume that did not exist).
   */
  creatingWith: string | null;
}

export interface StatefulStats {
  readonly instances: number;
  readonly volumes: boolean;
  readonly serving: number;
  readonly failures: number;
  readonly relaunches: number;
  /** Relaunches on the instance's own volume, on the agent that holds it (volumes: true). */
  readonly relaunchesOnVolume: number;
  readonly volumesCreated: number;
  readonly volumesReplaced: number;
  readonly volumesDestroyed: number;
  /** Rebuilds started (a fresh copy of an instance's data streamed from the replicas). */
  readonly rebuilds: number;
  readonly rebuildsCompleted: number;
  /** Total time spent rebuilding (completed or interrupted rebuilds, and any still running at the end). */
  readonly rebuildMs: number;
  /** Per-instance time not serving after its first start, summed over instances. */
  readonly downMs: number;
  readonly inverseOffers: { readonly received: number; readonly accepted: number; readonly declined: number };
  /** Per instance: where it runs, its volume, its state. */
  readonly byInstance: readonly { readonly name: string; readonly agent: string | null; readonly volume: string | null; readonly state: InstanceState; readonly downMs: number }[];
}

type Token =
  | { readonly kind: 'fail'; readonly taskId: string }
  | { readonly kind: 'rebuilt'; readonly taskId: string }
  | { readonly kind: 'replace'; readonly index: number; readonly since: number };

export class StatefulService implements Scheduler, WorkClient {
  readonly spec: StatefulSpec;
  private readonly ctx: FrameworkContext;
  private readonly role: string;
  private readonly shape: TaskShape;
  /** Unreserved cpus, mem and disk one instance takes (what RESERVE consumes). */
  private readonly plain: Resources;
  private readonly rebuildDurationMs: number;
  private readonly list: Instance[] = [];
  private readonly byTask = new Map<string, Instance>();
  /** Volumes given up (replaceAfter) still to DESTROY and UNRESERVE: volume id → agent. */
  private readonly abandoned = new Map<string, string>();
  private suppressed = false;
  private wantedFresh = true; // at start every instance needs a place (no revive needed: not suppressed yet)
  private taskSeq = 0;
  /** Monolithic mode: the central scheduler; instances handed to it and not launched yet (index → task id). */
  private central: CentralQueue | null = null;
  private readonly queued = new Map<number, string>();
  /** Monolithic mode: agents picked for a fresh instance in a decision whose launch is not reported yet. */
  private readonly placing = new Set<string>();
  private readonly counts = {
    failures: 0, relaunches: 0, relaunchesOnVolume: 0, volumesCreated: 0, volumesReplaced: 0, volumesDestroyed: 0,
    rebuilds: 0, rebuildsCompleted: 0, rebuildMs: 0, ioReceived: 0, ioAccepted: 0, ioDeclined: 0,
  };

  constructor(spec: StatefulSpec, ctx: FrameworkContext) {
    this.spec = spec;
    this.ctx = ctx;
    this.role = spec.role ?? ctx.roles[0] ?? '*';
    const cm = parse(spec.resources).filter((r) => r.name !== 'disk');
    this.plain = add(resources(cm.map((r) => makeResource({ name: r.name, amount: r.amount }))), resources([makeResource({ name: 'disk', amount: Math.round(spec.dataSizeMiB * 1000) })]));
    this.shape = shapeOf(this.plain);
    this.rebuildDurationMs = spec.rebuildMiBPerSec > 0 ? Math.ceil((spec.dataSizeMiB / spec.rebuildMiBPerSec) * 1000) : 0;
    for (let i = 0; i < spec.instances; i++) {
      this.list.push({ index: i, generation: 1, volumeId: null, agentId: null, taskId: null, state: 'pending', bootstrapped: false, downSinceMs: null, rebuildStartMs: null, downMs: 0, creatingWith: null });
    }
  }

  useCentralScheduler(central: CentralQueue): void {
    this.central = central;
  }

  start(driver: SchedulerDriver): void {
    this.updateSuppression(driver);
  }

  /** Rebuild time of one instance (ms). */
  get rebuildMs(): number {
    return this.rebuildDurationMs;
  }

  instanceName(i: number): string {
    return `${this.ctx.frameworkId}-${i}`;
  }

  /** Metrics view (src/metrics/scheduler-metrics.ts): one service, all instances wanted. */
  wantedInstances(): ReadonlyMap<string, number> {
    return new Map([[this.ctx.frameworkId, this.spec.instances]]);
  }

  /** Metrics view: instances serving (running with their data). */
  runningInstances(): ReadonlyMap<string, number> {
    return new Map([[this.ctx.frameworkId, this.serving()]]);
  }

  pendingWork(): number {
    return this.list.filter((i) => i.state === 'pending').length;
  }

  /** Instance states (tests): name, agent, volume, state. */
  instances(): { name: string; agentId: string | null; volumeId: string | null; taskId: string | null; state: InstanceState }[] {
    return this.list.map((i) => ({ name: this.instanceName(i.index), agentId: i.agentId, volumeId: i.volumeId, taskId: i.taskId, state: i.state }));
  }

  /** summary.json `stateful.<framework>` (src/metrics/model-stats.ts); `nowMs` closes the open intervals. */
  statefulStats(nowMs: number): StatefulStats {
    const open = (i: Instance) => (i.downSinceMs !== null && i.bootstrapped ? Math.max(0, nowMs - i.downSinceMs) : 0);
    const rebuilding = this.list.reduce((n, i) => n + (i.state === 'rebuilding' && i.rebuildStartMs !== null ? Math.max(0, nowMs - i.rebuildStartMs) : 0), 0);
    const c = this.counts;
    return {
      instances: this.spec.instances, volumes: this.spec.volumes, serving: this.serving(),
      failures: c.failures, relaunches: c.relaunches, relaunchesOnVolume: c.relaunchesOnVolume,
      volumesCreated: c.volumesCreated, volumesReplaced: c.volumesReplaced, volumesDestroyed: c.volumesDestroyed,
      rebuilds: c.rebuilds, rebuildsCompleted: c.rebuildsCompleted, rebuildMs: c.rebuildMs + rebuilding,
      downMs: this.list.reduce((n, i) => n + i.downMs + open(i), 0),
      inverseOffers: { received: c.ioReceived, accepted: c.ioAccepted, declined: c.ioDeclined },
      byInstance: this.list.map((i) => ({ name: this.instanceName(i.index), agent: i.agentId, volume: i.volumeId, state: i.state, downMs: i.downMs + open(i) })),
    };
  }

  onOffers(offers: readonly OfferView[], driver: SchedulerDriver): OfferReply {
    const accept: { offerId: string; launch: TaskLaunch[]; refuseSeconds: number; operations: Operation[] }[] = [];
    const decline: { offerId: string; refuseSeconds: number }[] = [];
    const sorted = [...offers].sort((a, b) => (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : a.id < b.id ? -1 : 1));
    // Agents that hold (or are about to hold) an instance: one node per machine.
    const occupied = new Set<string>();
    for (const i of this.list) if (i.agentId !== null && (i.taskId !== null || i.volumeId !== null)) occupied.add(i.agentId);
    for (const offer of sorted) {
      const operations: Operation[] = [];
      const launch: TaskLaunch[] = [];
      let remaining = offer.resources;
      if (offer.role === this.role) {
        // 1. Volumes given up earlier: DESTROY and UNRESERVE them now that they are offered.
        for (const [vol, agent] of [...this.abandoned].sort(([a], [b]) => (a < b ? -1 : 1))) {
          if (agent !== offer.agentId) continue;
          const volume = this.volumeResources(vol);
          const reserved = this.reservedResources();
          const held = add(volume, subtract(reserved, this.reservedDisk())); // DESTROY turns the volume back into reserved disk
          if (!contains(remaining, held)) continue;
          operations.push({ kind: 'destroy', resources: volume }, { kind: 'unreserve', resources: reserved });
          remaining = add(subtract(remaining, held), this.plain);
          this.abandoned.delete(vol);
          this.counts.volumesDestroyed++;
        }
        // 2. An instance whose volume lives here relaunches on it (volumes) — its data survived.
        for (const inst of this.list) {
          if (inst.state !== 'pending' || inst.taskId !== null || inst.volumeId === null || inst.agentId !== offer.agentId) continue;
          const onVolume = add(subtract(this.reservedResources(), this.reservedDisk()), this.volumeResources(inst.volumeId));
          if (!contains(remaining, onVolume)) continue;
          remaining = subtract(remaining, onVolume);
          launch.push(this.launchOn(inst, offer, onVolume, driver, false));
          this.counts.relaunchesOnVolume++;
        }
        // 3. Instances without a place: a fresh start on an agent with no instance, not draining.
        if (!offer.unavailability && !occupied.has(offer.agentId)) {
          const inst = this.list.find((i) => i.state === 'pending' && i.taskId === null && i.volumeId === null);
          if (inst) {
            if (this.spec.volumes) {
              if (contains(remaining, this.plain)) {
                const volumeId = this.volumeIdOf(inst);
                const reserved = this.reservedResources();
                const volume = this.volumeResources(volumeId);
                operations.push({ kind: 'reserve', resources: reserved }, { kind: 'create', resources: volume });
                remaining = subtract(remaining, this.plain);
                inst.volumeId = volumeId;
                this.counts.volumesCreated++;
                const l = this.launchOn(inst, offer, subtract(add(reserved, volume), this.reservedDisk()), driver, inst.bootstrapped);
                inst.creatingWith = l.taskId ?? null;
                launch.push(l);
                occupied.add(offer.agentId);
              }
            } else {
              const picked = fit(remaining, this.shape);
              if (picked) {
                remaining = subtract(remaining, picked);
                launch.push(this.launchOn(inst, offer, picked, driver, inst.bootstrapped));
                occupied.add(offer.agentId);
              }
            }
          }
        }
      }
      if (launch.length > 0 || operations.length > 0) accept.push({ offerId: offer.id, launch, refuseSeconds: this.spec.refuseSeconds, operations });
      else {
        // Long filters only where nothing of ours waits: never on an agent holding a pending instance's volume.
        const waitedOn = this.list.some((i) => i.state === 'pending' && i.volumeId !== null && i.agentId === offer.agentId) || [...this.abandoned.values()].includes(offer.agentId);
        const idle = !this.needsFreshPlacement() && !waitedOn;
        decline.push({ offerId: offer.id, refuseSeconds: idle ? Math.max(this.spec.refuseSeconds, IDLE_REFUSE_SECONDS) : this.spec.refuseSeconds });
      }
    }
    this.updateSuppression(driver);
    return { accept, decline };
  }

  onTaskUpdate(u: TaskUpdate, driver: SchedulerDriver): void {
    const inst = this.byTask.get(u.taskId);
    if (inst && inst.creatingWith === u.taskId) {
      inst.creatingWith = null;
      const neverRan = u.state === 'TASK_ERROR' || u.agentId === ''; // master.launchesNotRun names no agent
      if (neverRan && inst.volumeId !== null) { inst.volumeId = null; inst.agentId = null; this.counts.volumesCreated--; }
    }
    if (u.state === 'TASK_RUNNING' || u.state === 'TASK_STAGING') {
      // A task we had given up on is back (its agent reregistered): the instance has moved on.
      if (!inst || inst.taskId !== u.taskId) driver.killTask(u.taskId);
      return;
    }
    if (!inst) return;
    this.byTask.delete(u.taskId);
    if (inst.taskId !== u.taskId) return;
    inst.taskId = null;
    if (inst.state === 'rebuilding' && inst.rebuildStartMs !== null) this.counts.rebuildMs += driver.now - inst.rebuildStartMs;
    inst.rebuildStartMs = null;
    inst.state = 'pending';
    if (inst.downSinceMs === null) inst.downSinceMs = driver.now; // (a rebuilding instance has been down since its relaunch)
    this.counts.failures++;
    if (!this.spec.volumes) inst.agentId = null; // the sandbox (and its data) is gone
    else if (this.spec.replaceAfterMs !== null) driver.setTimer(this.spec.replaceAfterMs, { kind: 'replace', index: inst.index, since: driver.now } satisfies Token);
    this.updateSuppression(driver);
  }

  onTimer(token: unknown, driver: SchedulerDriver): void {
    const t = token as Token;
    if (t.kind === 'fail') {
      const inst = this.byTask.get(t.taskId);
      if (inst && inst.taskId === t.taskId) endOwnTask(driver, t.taskId, 'TASK_FAILED', 'instance crashed');
      return;
    }
    if (t.kind === 'rebuilt') {
      const inst = this.byTask.get(t.taskId);
      if (!inst || inst.taskId !== t.taskId || inst.state !== 'rebuilding') return;
      this.counts.rebuildMs += driver.now - inst.rebuildStartMs!;
      this.counts.rebuildsCompleted++;
      inst.rebuildStartMs = null;
      this.serve(inst, driver.now);
      return;
    }
    // replace: the volume's agent has not offered it back in time; give it up and start elsewhere.
    const inst = this.list[t.index];
    if (inst.state !== 'pending' || inst.taskId !== null || inst.downSinceMs !== t.since || inst.volumeId === null) return;
    this.abandoned.set(inst.volumeId, inst.agentId!);
    if (this.central) {
      // Take the request pinned to the volume's agent back; the central scheduler DESTROYs and
      // UNRESERVEs the volume once that agent is back (as the offer path does when it is offered).
      const queuedId = this.queued.get(inst.index);
      if (queuedId !== undefined) { this.central.withdraw([queuedId]); this.queued.delete(inst.index); }
      const vol = inst.volumeId;
      this.central.release({
        agentId: inst.agentId!,
        operations: [{ kind: 'destroy', resources: this.volumeResources(vol) }, { kind: 'unreserve', resources: this.reservedResources() }],
        onDone: () => { this.abandoned.delete(vol); this.counts.volumesDestroyed++; },
      });
    }
    inst.volumeId = null;
    inst.agentId = null;
    inst.generation++;
    this.counts.volumesReplaced++;
    this.updateSuppression(driver);
  }

  onInverseOffers(offers: readonly InverseOfferView[], driver: SchedulerDriver): void {
    this.counts.ioReceived += offers.length;
    // One answer per window: the filter lasts until the window ends (1 h when its length is unknown).
    for (const o of [...offers].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      const end = o.unavailability.startMs + (o.unavailability.durationMs ?? 3_600_000);
      const refuse = Math.max(5, Math.ceil((end - driver.now) / 1000));
      if (this.spec.onInverseOffer === 'accept') { this.counts.ioAccepted++; driver.acceptInverseOffers([o.id], refuse); }
      else if (this.spec.onInverseOffer === 'decline') { this.counts.ioDeclined++; driver.declineInverseOffers([o.id], refuse); }
    }
  }

  private launchOn(inst: Instance, offer: OfferView, res: Resources, driver: SchedulerDriver, rebuild: boolean): TaskLaunch {
    const taskId = this.nextTaskId(inst);
    this.started(inst, offer.agentId, taskId, driver, rebuild);
    return { taskId, resources: res, durationMs: null, jobId: this.instanceName(inst.index), submittedAtMs: driver.now };
  }

  private nextTaskId(inst: Instance): string {
    return `${this.instanceName(inst.index)}.${String(++this.taskSeq).padStart(5, '0')}`;
  }

  /** The instance's task `taskId` starts on `agentId` now (launched from an offer or by the central scheduler). */
  private started(inst: Instance, agentId: string, taskId: string, driver: SchedulerDriver, rebuild: boolean): void {
    if (inst.bootstrapped) this.counts.relaunches++;
    if (inst.downSinceMs !== null && inst.bootstrapped) inst.downMs += driver.now - inst.downSinceMs;
    inst.downSinceMs = null;
    inst.taskId = taskId;
    inst.agentId = agentId;
    this.byTask.set(taskId, inst);
    if (rebuild && this.rebuildDurationMs > 0) {
      inst.state = 'rebuilding';
      inst.rebuildStartMs = driver.now;
      this.counts.rebuilds++;
      driver.setTimer(this.rebuildDurationMs, { kind: 'rebuilt', taskId } satisfies Token);
      // Still down for availability until rebuilt: count from now again.
      inst.downSinceMs = inst.bootstrapped ? driver.now : null;
    } else {
      this.serve(inst, driver.now);
    }
    if (this.spec.failure) driver.setTimer(drawInt(this.spec.failure, this.ctx.rng), { kind: 'fail', taskId } satisfies Token);
  }

  /**
   * Monolithic mode: hand every pending instance not handed over yet to the central scheduler —
   * pinned to its volume's agent (volumes, a volume to go back to), else afresh: one job of all
   * the fresh instances, one machine each, none on a machine scheduled for maintenance.
   */
  private handOver(driver: SchedulerDriver): void {
    const central = this.central!;
    const fresh: { inst: Instance; task: WorkTask }[] = [];
    for (const inst of this.list) {
      if (inst.state !== 'pending' || inst.taskId !== null || this.queued.has(inst.index)) continue;
      const taskId = this.nextTaskId(inst);
      const name = this.instanceName(inst.index);
      this.queued.set(inst.index, taskId);
      if (inst.volumeId !== null) {
        const onVolume = add(subtract(this.reservedResources(), this.reservedDisk()), this.volumeResources(inst.volumeId));
        const home = inst.agentId;
        central.submit({
          jobId: name, role: this.role, submittedAtMs: driver.now,
          tasks: [{ taskId, resources: onVolume, durationMs: null, jobId: name, submittedAtMs: driver.now }],
          placement: { allows: (a) => a.agentId === home, place: () => undefined },
          onLaunched: (t, a, d) => { this.counts.relaunchesOnVolume++; this.launchedCentrally(inst, t.taskId, a, d, false); },
        });
        continue;
      }
      const operations = this.spec.volumes
        ? [{ kind: 'reserve' as const, resources: this.reservedResources() }, { kind: 'create' as const, resources: this.volumeResources(this.volumeIdOf(inst)) }]
        : undefined;
      fresh.push({ inst, task: { taskId, resources: this.plain, durationMs: null, jobId: name, submittedAtMs: driver.now, ...(operations ? { operations } : {}) } });
    }
    if (fresh.length === 0) return;
    const byTask = new Map(fresh.map((f) => [f.task.taskId!, f.inst]));
    central.submit({
      jobId: this.ctx.frameworkId, role: this.role, submittedAtMs: driver.now, tasks: fresh.map((f) => f.task),
      placement: {
        // One node per machine: not where an instance runs or keeps its volume, nor one just picked.
        allows: (a) => !a.unavailability && !this.placing.has(a.agentId)
          && !this.list.some((i) => i.agentId === a.agentId && (i.taskId !== null || i.volumeId !== null)),
        place: (a) => { this.placing.add(a.agentId); },
      },
      onLaunched: (t, a, d) => {
        const inst = byTask.get(t.taskId)!;
        this.placing.delete(a.agentId);
        if (this.spec.volumes) { inst.volumeId = this.volumeIdOf(inst); this.counts.volumesCreated++; }
        this.launchedCentrally(inst, t.taskId, a, d, inst.bootstrapped);
      },
    });
  }

  private volumeIdOf(inst: Instance): string {
    return `${this.ctx.frameworkId}-vol-${inst.index}${inst.generation > 1 ? `-g${inst.generation}` : ''}`;
  }

  private launchedCentrally(inst: Instance, taskId: string, a: AgentView, driver: SchedulerDriver, rebuild: boolean): void {
    if (this.queued.get(inst.index) === taskId) this.queued.delete(inst.index);
    this.started(inst, a.agentId, taskId, driver, rebuild);
  }

  private serve(inst: Instance, now: number): void {
    if (inst.downSinceMs !== null && inst.bootstrapped) inst.downMs += now - inst.downSinceMs;
    inst.downSinceMs = null;
    inst.state = 'serving';
    inst.bootstrapped = true;
  }

  private serving(): number {
    let n = 0;
    for (const i of this.list) if (i.state === 'serving') n++;
    return n;
  }

  /** cpus, mem and disk of one instance, dynamically reserved for the role (what RESERVE produces). */
  private reservedResources(): Resources {
    return resources(this.plain.map((r) => this.reserved(r)));
  }

  private reservedDisk(): Resources {
    return resources(this.plain.filter((r) => r.name === 'disk').map((r) => this.reserved(r)));
  }

  private volumeResources(volumeId: string): Resources {
    return resources([makeResource({ name: 'disk', amount: Math.round(this.spec.dataSizeMiB * 1000), reservations: [{ role: this.role, dynamic: true }], volume: volumeId })]);
  }

  private reserved(r: Resource): Resource {
    return makeResource({ name: r.name, amount: r.amount, reservations: [{ role: this.role, dynamic: true }] });
  }

  /** An instance without a volume to go back to needs offers from any agent. */
  private needsFreshPlacement(): boolean {
    return this.list.some((i) => i.state === 'pending' && i.taskId === null && i.volumeId === null);
  }

  /**
   * Suppress when nothing is pending (§2.2). Offers nobody can use are declined for an hour while
   * the only pending instances wait for their own volume's agent; so when an instance needs a
   * fresh placement again, revive (which also clears those filters).
   */
  private updateSuppression(driver: SchedulerDriver): void {
    if (this.central) { this.handOver(driver); return; }
    const needs = this.list.some((i) => i.state === 'pending') || this.abandoned.size > 0;
    const fresh = this.needsFreshPlacement();
    if (needs && (this.suppressed || (fresh && !this.wantedFresh))) { this.suppressed = false; driver.revive(); }
    else if (!needs && !this.suppressed) { this.suppressed = true; driver.suppress(); }
    this.wantedFresh = fresh;
  }
}

function parse(text: string): Resources {
  const r = parseResources(text);
  if (typeof r === 'string') throw new Error(`internal: unnormalized resources "${text}": ${r}`);
  return r;
}

registerFramework('stateful', (spec, ctx) => new StatefulService(spec as StatefulSpec, ctx));
