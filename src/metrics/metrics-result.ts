/**
 * MetricsResult: everything a run measured, as plain JSON (written to the run directory as
 * metrics.json; `clustersim report` and `compare` rebuild every output from it). Built once at the
 * end of a run from the probes. Tables follow the column orders of docs/outputs.md; series are the
 * probes' bounded exact segments ([t0, t1) rows; a value is a time-weighted mean over its row).
 *
 * Units: times in simulated ms; shares and fractions in [0, 1]; resources in natural units
 * (cpus, MiB for mem and disk).
 */
import { roundSig } from '../core/canonical-json.ts';
import { lazyArrayProperty } from '../core/lazy-array.ts';
import type { Master } from '../master/master.ts';
import type { AllocationProbe } from './allocation-probe.ts';
import type { AvailabilityProbe } from './availability-probe.ts';
import { quantile } from './fairness.ts';
import { metricsView, waitingAtEnd } from './scheduler-metrics.ts';
import { statefulSection } from './stateful-stats.ts';
import { analyticsSection } from './analytics-stats.ts';
import type { ShareProbe } from './share-probe.ts';
import type { StepRecorder } from './step-recorder.ts';
import type { TaskProbe } from './task-probe.ts';
import { UTILIZATION_STATES, byPreference, type UtilizationProbe } from './utilization-probe.ts';
import type { WaitProbe } from './wait-probe.ts';
import { parseResources } from '../cluster/resource-text.ts';
import { duration, failureCards, physicalAvailabilityCard, type FailureFacts } from './failure-cards.ts';
import { clientLabel } from './client-label.ts';
import { LOST_STATES, type LossCause } from './loss-cause.ts';

export const METRICS_FORMAT = 'clustersim-metrics/1';

export type MetricsCell = string | number | null;
export interface MetricsTable { columns: string[]; rows: MetricsCell[][] }

export interface Headline {
  key: string;
  label: string;
  value: number | string;
  unit?: string;
  note?: string;
  better?: 'higher' | 'lower';
}

export interface MetricsResult {
  format: typeof METRICS_FORMAT;
  scenario: string;
  seed: string | number;
  endMs: number;
  headline: Headline[];
  /** [resource, state, t0, t1, fraction] */
  utilization: [string, string, number, number, number][];
  /** [resource, t0, t1, capacity (milli-units)]: the cluster's capacity per resource over time. */
  capacity?: [string, number, number, number][];
  /** [kind, client, t0, t1, dominant share] */
  shares: ['role' | 'framework', string, number, number, number][];
  /** [measure ('jain' | 'max_min_gap'), t0, t1, value] */
  fairness: [string, number, number, number][];
  /** [service, t0, t1, fraction] */
  availability: [string, number, number, number][];
  /** [group (role), wait ms] in launch order */
  waits: [string, number][];
  /** Segment grid widths (0 = exact steps) per series group, for the record. */
  gridMs: { utilization: number; shares: number; fairness: number; availability: number };
  tables: { roles: MetricsTable; frameworks: MetricsTable; jobs: MetricsTable; tasks: MetricsTable; agents: MetricsTable };
  /** Numbers merged into summary.json (extends it; never renames its keys). */
  summary: Record<string, unknown>;
  /**
   * A usage model ran (usage profiles / oversubscription). Without one, utilization state `used` is the
   * requests of running tasks, not measured use. Absent in metrics.json written before this field.
   */
  usageModel?: boolean;
}

export interface BuildInput {
  scenario: string;
  seed: string | number;
  startMs: number;
  endMs: number;
  master: Master;
  allocation: AllocationProbe;
  utilization: UtilizationProbe;
  shares: ShareProbe;
  tasks: TaskProbe;
  waits: WaitProbe;
  availability: AvailabilityProbe;
  /** summary.json `failures` and the physical availability steps, when the run models failures (failure-probe.ts) */
  failures?: { facts: FailureFacts; rows: { tMs: number; service: string; fraction: number }[] } | null;
  /** A workload's trace diagnostics (summary.json replay.feed.invalidLines / traceWarnings), null without one. */
  traceDiagnostics?: { errors: number; warnings: number; timeUnitFiles?: number } | null;
  /** The card of a run that replayed a workload (replay-card.ts): what was replayed; null without one. */
  replay?: Headline | null;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Terminal states of a task that went away with its agent (mesos-semantics §6.1, §6.2). */
const r9 = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : roundSig(x));

/** Column name for a resource quantity in natural units. */
function resourceColumn(name: string): string {
  return name === 'mem' || name === 'disk' ? `${name}_mib` : name;
}

/**
 * A table's columns: its own, then one per resource. A resource named like a column already there
 * (a custom resource `state`, or `mem_mib` beside `mem`) gets the prefix `resource_` until its name
 * is new: the writer refuses repeated column names, and that stopped the run (exit 3).
 */
function withResourceColumns(own: readonly string[], resources: readonly string[]): string[] {
  const columns = [...own];
  const taken = new Set(own);
  for (const name of resources) {
    let column = resourceColumn(name);
    while (taken.has(column)) column = `resource_${column}`;
    taken.add(column);
    columns.push(column);
  }
  return columns;
}

function seriesRows(rec: StepRecorder): { name: string; t0: number; t1: number; value: number }[] {
  return rec.rows().map((r) => ({ name: rec.channels[r.channel], t0: r.t0, t1: r.t1, value: r.value }));
}

function sortedQ(xs: number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}

export function buildMetricsResult(x: BuildInput): MetricsResult {
  const T = x.endMs - x.startMs;
  const mean = (integral: number) => (T > 0 ? integral / T : 0);

  // ---- series ----
  const utilization: MetricsResult['utilization'] = [];
  const resOrder = x.utilization.resources;
  const rank = new Map(resOrder.map((n, i) => [n, i]));
  const uRows = seriesRows(x.utilization.recorder).map((r) => {
    const [res, state] = r.name.split('\u0000');
    return { res, state, ...r };
  });
  // rows come per segment in channel order; sort within a segment by resource preference, then state order
  uRows.sort((a, b) => a.t0 - b.t0 || (rank.get(a.res)! - rank.get(b.res)!) || UTILIZATION_STATES.indexOf(a.state as never) - UTILIZATION_STATES.indexOf(b.state as never));
  for (const r of uRows) utilization.push([r.res, r.state, r.t0, r.t1, r.value]);
  const capacity: MetricsResult['capacity'] = seriesRows(x.utilization.capacityRecorder)
    .sort((a, b) => a.t0 - b.t0 || (rank.get(a.name) ?? 99) - (rank.get(b.name) ?? 99))
    .map((r) => [r.name, r.t0, r.t1, r.value]);

  // Roles first, then frameworks, each by name, each in time order: the channels are put in that order
  // and their rows read one channel at a time (a sort of every row took seconds with a thousand clients).
  const shares: MetricsResult['shares'] = [];
  const shareRec = x.shares.shares;
  const shareChannels = shareRec.channels.map((name, c) => {
    const [kind, client] = name.split('\u0000');
    return { c, kind: kind as 'role' | 'framework', client };
  }).sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'role' ? -1 : 1) || cmp(a.client, b.client));
  for (const { c, kind, client } of shareChannels) shareRec.forEachRowOf(c, (t0, t1, value) => { shares.push([kind, client, t0, t1, value]); });

  const fairness: MetricsResult['fairness'] = seriesRows(x.shares.fairness).map((r) => [r.name, r.t0, r.t1, r.value]);
  const availability: MetricsResult['availability'] = physicalAvailability(x.failures?.rows ?? [], x.endMs) ?? seriesRows(x.availability.recorder)
    .sort((a, b) => cmp(a.name, b.name) || a.t0 - b.t0).map((r) => [r.name, r.t0, r.t1, r.value]);

  // ---- tasks, waits ----
  const store = x.tasks.tasks;
  const shapes = x.tasks.shapes;
  const byId = store.byId();
  const taskRes = new Set<string>();
  const shapeUsed = new Uint8Array(shapes.length);
  for (let i = 0; i < store.size; i++) shapeUsed[store.shapeOf(i)] = 1;
  shapes.forEach((sh, k) => { if (shapeUsed[k] === 1) for (const n of sh.q.keys()) taskRes.add(n); });
  const taskResCols = [...taskRes].sort(byPreference);
  const waitsByRole = new Map<string, number[]>();
  const waitsByFw = new Map<string, number[]>();
  const allWaits: number[] = [];
  // in first-launch order (the store keeps a task's first place, as a Map would)
  const launched = new Int32Array(store.size);
  let nLaunched = 0;
  for (let i = 0; i < store.size; i++) {
    const launch = store.launchMs(i), submit = store.submitMs(i);
    if (launch === null || submit === null) continue;
    launched[nLaunched++] = i;
    const w = launch - submit;
    allWaits.push(w);
    const fw = store.frameworkOf(i);
    const g = store.roleOf(i) ?? fw;
    push(waitsByRole, g, w);
    push(waitsByFw, fw, w);
  }
  // The per-task arrays (waits, the tasks table) are lazy (core/lazy-array.ts): metrics.json is written
  // from the store row by row; a reader of the property (the report, tests) gets a plain array.
  const waitAt = (k: number): [string, number] => {
    const i = launched[k];
    return [store.roleOf(i) ?? store.frameworkOf(i), store.launchMs(i)! - store.submitMs(i)!];
  };
  const tasks = { columns: withResourceColumns(['task', 'job', 'framework', 'role', 'agent', 'state', 'revocable', 'submit_ms', 'launch_ms', 'end_ms', 'wait_ms'], taskResCols) } as MetricsTable;
  lazyArrayProperty(tasks, 'rows', byId.length, (k): MetricsCell[] => {
    const i = byId[k];
    const submit = store.submitMs(i), launch = store.launchMs(i);
    const q = shapes[store.shapeOf(i)].q;
    return [
      store.id(i), store.jobOf(i), store.frameworkOf(i), store.roleOf(i), store.agentOf(i), store.stateOf(i), store.revocableOf(i) ? 'yes' : 'no',
      submit, launch, store.endMs(i), launch !== null && submit !== null ? launch - submit : null,
      ...taskResCols.map((n) => (q.has(n) ? q.get(n)! / 1000 : null)),
    ];
  });

  // ---- jobs ----
  const completions: number[] = [];
  const jobRows: MetricsCell[][] = [];
  for (const j of [...x.tasks.jobs.values()].sort((a, b) => cmp(a.id, b.id))) {
    const fw = x.master.frameworks.get(j.framework);
    const queued = fw ? (metricsView(fw.scheduler).queuedTasksOf?.(j.id) ?? 0) : 0;
    const state = j.running > 0 ? 'running' : queued > 0 ? 'waiting' : j.failed > 0 ? 'failed' : 'finished';
    const done = state === 'finished' || state === 'failed';
    const completion = done && j.submitMs !== null && j.lastEndMs !== null ? j.lastEndMs - j.submitMs : null;
    if (state === 'finished' && completion !== null) completions.push(completion);
    jobRows.push([j.id, j.framework, j.role, j.tasks, state, j.submitMs, j.firstLaunchMs, done ? j.lastEndMs : null, completion]);
  }
  const jobs: MetricsTable = { columns: ['job', 'framework', 'role', 'tasks', 'state', 'submit_ms', 'first_launch_ms', 'end_ms', 'completion_ms'], rows: jobRows };

  // ---- roles ----
  const launchedByRole = new Map<string, [number, number]>();
  for (const i of byId) {
    const role = store.roleOf(i);
    if (role === null || store.launchMs(i) === null) continue;
    const c = launchedByRole.get(role) ?? [0, 0];
    c[0]++;
    if (store.stateOf(i) === 'TASK_FINISHED') c[1]++;
    launchedByRole.set(role, c);
  }
  const fwsOfRole = new Map<string, string[]>();
  for (const [fw, roles] of x.tasks.frameworkRoles) for (const r of roles) push(fwsOfRole, r, fw);
  const anyQuota = [...x.shares.roles.values()].some((r) => r.hasQuota);
  const roleNames = [...x.shares.roles.keys()].sort(cmp);
  const roleRows: MetricsCell[][] = roleNames.map((name) => {
    const r = x.shares.roles.get(name)!;
    const a = x.allocation.roles.get(name);
    const w = sortedQ(waitsByRole.get(name) ?? []);
    const [launched, finished] = launchedByRole.get(name) ?? [0, 0];
    return [
      name, r.weight, (fwsOfRole.get(name) ?? []).sort(cmp).join(';'), launched, finished,
      r9(mean(a?.shareMs ?? 0)), r9(r.maxShare), r9(r.fairShare),
      r.hasQuota ? r.belowGuaranteeMs : anyQuota ? 0 : null,
      r.demandMs > 0 ? (r.violations === 0 ? 'yes' : 'no') : 'n/a',
      quantile(w, 0.5), quantile(w, 0.95), quantile(w, 0.99),
      r9(a?.endShare ?? 0), r.demandMs, r.shortfallMs, r9(Math.max(0, r.fairShare - r.maxTaskShare)), r.violations, r.longestShortfallMs,
      r9(mean((a?.cpusMs ?? 0) / 1000)), r9(mean((a?.memMs ?? 0) / 1000)),
    ];
  });
  const roles: MetricsTable = {
    columns: [
      'role', 'weight', 'frameworks', 'tasks_launched', 'tasks_finished', 'dominant_share_mean', 'dominant_share_max', 'fair_share',
      'time_below_guarantee_ms', 'sharing_incentive_met', 'wait_p50_ms', 'wait_p95_ms', 'wait_p99_ms',
      'dominant_share_end', 'demand_ms', 'below_fair_share_ms', 'si_entitlement', 'si_violations', 'longest_shortfall_ms', 'cpus_mean', 'mem_mib_mean',
    ],
    rows: roleRows,
  };

  // ---- frameworks ----
  const fwNames = [...new Set([...x.tasks.frameworks.keys(), ...x.allocation.frameworks.keys()])].sort(cmp);
  const frameworks: MetricsTable = {
    columns: [
      'framework', 'role', 'tasks_launched', 'tasks_finished', 'tasks_failed', 'tasks_killed', 'offers_received', 'offers_declined',
      'offers_rescinded', 'dominant_share_mean', 'dominant_share_max', 'wait_p50_ms', 'wait_p95_ms', 'wait_p99_ms', 'offers_accepted', 'dominant_share_end',
    ],
    rows: fwNames.map((id) => {
      const c = x.tasks.frameworks.get(id);
      const a = x.allocation.frameworks.get(id);
      const w = sortedQ(waitsByFw.get(id) ?? []);
      return [
        id, (x.tasks.frameworkRoles.get(id) ?? []).join(';'), c?.tasksLaunched ?? 0, c?.tasksFinished ?? 0, c?.tasksFailed ?? 0, c?.tasksKilled ?? 0,
        c?.offersReceived ?? 0, c?.offersDeclined ?? 0, c?.offersRescinded ?? 0, r9(mean(a?.shareMs ?? 0)), r9(x.shares.frameworkMax.get(id) ?? 0),
        quantile(w, 0.5), quantile(w, 0.95), quantile(w, 0.99), c?.offersAccepted ?? 0, r9(a?.endShare ?? 0),
      ];
    }),
  };

  // ---- agents ----
  const agentList = [...x.tasks.agents.values()].sort((a, b) => cmp(a.id, b.id));
  const agentRes = agentList.map((a) => {
    const r = parseResources(a.resources);
    const q = new Map<string, number>();
    if (typeof r !== 'string') for (const e of r) if (e.ranges === null && !e.shared && !e.revocable) q.set(e.name, (q.get(e.name) ?? 0) + e.amount);
    return q;
  });
  const agentResCols = [...new Set(agentRes.flatMap((q) => [...q.keys()]))].sort(byPreference);
  const agents: MetricsTable = {
    columns: withResourceColumns(['agent', 'rack', 'zone', 'region', 'state', 'tasks_launched', 'down_ms'], agentResCols),
    rows: agentList.map((a, i) => [a.id, a.rack, a.zone, a.region, a.state, a.tasksLaunched, a.downMs, ...agentResCols.map((n) => (agentRes[i].has(n) ? agentRes[i].get(n)! / 1000 : null))]),
  };

  // ---- headline and summary ----
  const utilMeans: Record<string, Record<string, number>> = {};
  for (const name of resOrder) {
    const acc = x.utilization.integrals.get(name);
    if (!acc || acc[UTILIZATION_STATES.length] <= 0) continue;
    const cap = acc[UTILIZATION_STATES.length];
    const m: Record<string, number> = {};
    UTILIZATION_STATES.forEach((s, i) => { m[s === 'reserved-idle' ? 'reservedIdle' : s] = roundSig(acc[i] / cap); });
    m.offeredOrAllocated = roundSig((acc[0] + acc[1] + acc[2]) / cap);
    utilMeans[name] = m;
  }
  const sw = sortedQ(allWaits);
  const sc = sortedQ(completions);
  const defined = x.shares.fairnessDefinedMs;
  const jainMean = defined > 0 ? roundSig(x.shares.jainMs / defined) : null;
  const gapMean = defined > 0 ? roundSig(x.shares.gapMs / defined) : null;
  const rolesWithDemand = [...x.shares.roles.values()].filter((r) => r.demandMs > 0);
  const siViolating = roleNames.filter((n) => { const r = x.shares.roles.get(n)!; return r.demandMs > 0 && r.violations > 0; });
  let running = 0;
  for (let i = 0; i < store.size; i++) if (store.endMs(i) === null && store.launchMs(i) !== null) running++;
  let pending = 0;
  for (const fw of x.master.frameworks.values()) pending += fw.scheduler.pendingWork?.() ?? 0;
  const complete = running === 0 && pending === 0 && x.tasks.lastEndMs !== null;
  const makespan = complete && x.tasks.firstSubmitMs !== null ? x.tasks.lastEndMs! - x.tasks.firstSubmitMs : null;
  let availMean: number | null = null;
  const availability2: Record<string, { mean: number; fullyAvailable: number }> = {};
  {
    let num = 0, den = 0;
    for (const [svc, [f, wanted, full]] of [...x.availability.totals].sort(([a], [b]) => cmp(a, b))) {
      num += f; den += wanted;
      availability2[svc] = { mean: roundSig(f / wanted), fullyAvailable: roundSig(full / wanted) };
    }
    if (den > 0) availMean = roundSig(num / den);
  }
  const belowGuarantee = anyQuota ? [...x.shares.roles.values()].reduce((n, r) => n + r.belowGuaranteeMs, 0) : 0;
  const c = x.master.counters;

  const headline: Headline[] = [];
  const add = (h: Headline) => { if (h.value !== null && !(typeof h.value === 'number' && !Number.isFinite(h.value))) headline.push(h); };
  // Rows of a replayed trace that could not be read were skipped (docs/workloads.md §9): the run
  // stood for less than the trace, which the page must say first, not only stderr and summary.json.
  const traceDiag = x.traceDiagnostics;
  if (traceDiag && traceDiag.errors > 0) {
    const warned = traceDiag.warnings > 0 ? `; ${traceDiag.warnings} warning${traceDiag.warnings === 1 ? '' : 's'}` : '';
    add({ key: 'replay.invalidLines', label: 'invalid trace lines skipped', value: traceDiag.errors, better: 'lower', note: `not replayed; file:line:column on stderr, the first ones in events.jsonl (workload.diagnostic)${warned}` });
  }
  // Google times below 600 s in a replay whose window opens later (CS6015, docs/workloads.md §1): the
  // table is in seconds or ms, so nearly all of it was read as work before the window. A warning, not
  // an error (the exit code stays 0), so the page says it first.
  const timeUnitFiles = traceDiag?.timeUnitFiles ?? 0;
  if (timeUnitFiles > 0) {
    add({ key: 'replay.timesNotMicroseconds', label: 'Google trace files with times not in µs', value: timeUnitFiles, better: 'lower', note: 'times below 600 s (seconds or ms?) in a replay whose window opens later: read as µs, nearly all of the file was before the window; CS6015 at file:line:column on stderr' });
  }
  if (x.replay) add(x.replay);
  for (const name of resOrder.filter((n) => n === 'cpus' || n === 'mem' || n === 'gpus')) {
    const m = utilMeans[name];
    if (!m) continue;
    // With the capacity changing (agents down, drained, added) a higher share of what was up is not
    // better: a rack outage raised it (google-2011-sample rack_outage 56.4% vs drf 55.1%). No direction then.
    const note = allocatedNote(name, x.utilization.integrals.get(name)!, capacity);
    add({ key: `utilization.${name}.allocated.mean`, label: `${name} allocated (mean)`, value: m.offeredOrAllocated, unit: '%', ...(note.endsWith(CAPACITY_CHANGED) ? {} : { better: 'higher' as const }), note });
    // Without a usage model tasks use exactly what they asked for: used would repeat allocated.
    if (x.utilization.hasUsageModel) add({ key: `utilization.${name}.used.mean`, label: `${name} used (mean)`, value: m.used, unit: '%', better: 'higher' });
  }
  for (const card of fairnessCards(jainMean, gapMean, defined, x.shares.soleDemandMs, x.endMs - x.startMs, rolesWithDemand.length)) add(card);
  if (roleNames.length <= 8) {
    for (const n of roleNames) add({ key: `dominantShare.role.${n}.end`, label: `dominant share of ${clientLabel(n)} at end`, value: roundSig(x.allocation.roles.get(n)?.endShare ?? 0), unit: '%' });
  }
  if (rolesWithDemand.length > 0) add({ key: 'sharingIncentive.rolesViolating', label: 'roles below their static share (sharing incentive)', value: siViolating.length, better: 'lower', note: siViolating.length > 0 ? siViolating.map(clientLabel).join(', ') : (rolesWithDemand.length === 1 ? 'the one role with demand met it' : `all ${rolesWithDemand.length} roles with demand met it`) });
  if (anyQuota) add({ key: 'quota.belowGuaranteeMs', label: 'time below quota guarantee (all roles)', value: belowGuarantee, unit: 'ms', better: 'lower' });
  // no `better`: relaunches after failures count too, so more is not simply better
  add({ key: 'tasks.launched', label: 'tasks launched', value: c.tasksLaunched });
  add({ key: 'tasks.finished', label: 'tasks finished', value: c.tasksFinished, better: 'higher' });
  const wq = (p: number) => quantile(sw, p);
  // With tasks still waiting at the end the percentiles are censored: placing fewer tasks can only
  // lower them, so they have no direction then (compare does not colour −100% waits of a run that
  // placed almost nothing as an improvement).
  const lowerWaits = (left: number) => (left > 0 ? {} : { better: 'lower' as const });
  if (sw.length > 0) {
    add({ key: 'wait.p50', label: 'task wait p50', value: wq(0.5)!, unit: 'ms', ...lowerWaits(pending), note: 'submit → launch' });
    add({ key: 'wait.p95', label: 'task wait p95', value: wq(0.95)!, unit: 'ms', ...lowerWaits(pending) });
    add({ key: 'wait.p99', label: 'task wait p99', value: wq(0.99)!, unit: 'ms', ...lowerWaits(pending) });
  }
  // The wait percentiles count launched tasks only: what never launched within the run is told beside
  // them (summary.json tasks.waitingAtEnd), or a policy that places less reads as one that waits less.
  const waiting = waitingAtEnd(x.master);
  if (sw.length > 0 || pending > 0) add({ key: 'tasks.waitingAtEnd', label: 'tasks still waiting at end', value: pending, better: 'lower', note: 'submitted, not launched within the run: not in the wait percentiles' });
  // Per framework when there are a few (the same keys as summary.json waitMs.byFramework, so they compare).
  const fwWaits = [...waitsByFw].filter(([, w]) => w.length > 0).sort(([a], [b]) => cmp(a, b));
  if (fwWaits.length >= 2 && fwWaits.length <= 6) {
    for (const [fw, w] of fwWaits) {
      const q = sortedQ(w);
      const left = waiting.get(fw) ?? 0;
      add({ key: `waitMs.byFramework.${fw}.p50`, label: `${fw}: task wait p50`, value: quantile(q, 0.5)!, unit: 'ms', ...lowerWaits(left), note: `${q.length} task${q.length === 1 ? '' : 's'}${left > 0 ? `; ${left} more still waiting at end` : ''}` });
      add({ key: `waitMs.byFramework.${fw}.p95`, label: `${fw}: task wait p95`, value: quantile(q, 0.95)!, unit: 'ms', ...lowerWaits(left) });
    }
  }
  if (sc.length > 0) {
    add({ key: 'jobs.completed', label: 'jobs completed', value: sc.length, better: 'higher' });
    add({ key: 'jobs.completion.p50', label: 'job completion p50', value: quantile(sc, 0.5)!, unit: 'ms', better: 'lower', note: 'submit → last task end' });
    add({ key: 'jobs.completion.p95', label: 'job completion p95', value: quantile(sc, 0.95)!, unit: 'ms', better: 'lower' });
    add({ key: 'jobs.completion.p99', label: 'job completion p99', value: quantile(sc, 0.99)!, unit: 'ms', better: 'lower' });
  }
  if (makespan !== null) add({ key: 'makespan', label: 'makespan', value: makespan, unit: 'ms', better: 'lower', note: 'first submit → last task end' });
  // With a failures section, services are measured on the physical state (failure-probe.ts): a
  // replica on an unreachable agent does not serve, though the master still counts it.
  const physical = x.failures ? physicalAvailabilityCard(x.failures.facts, x.endMs) : null;
  if (physical) add(physical);
  else if (availMean !== null) add({ key: 'availability.mean', label: 'service availability (mean)', value: availMean, unit: '%', better: 'higher', note: 'instances running ÷ wanted' });
  if (x.failures) {
    const heldMin = new Map<string, number>();
    for (const [svc, t0, t1, v] of availability) if (t1 > t0) heldMin.set(svc, Math.min(heldMin.get(svc) ?? 1, v));
    for (const card of failureCards(x.failures.facts, heldMin)) add(card);
  }
  // What agents going away cost (docs/failures.md), shown only when some did; planned maintenance
  // downtime (machine DOWN, agent drained) is told apart from crashes and partitions.
  const wentDown = agentList.filter((a) => a.downMs > 0);
  if (wentDown.length > 0) {
    const total = wentDown.reduce((n, a) => n + a.downMs, 0);
    const planned = wentDown.reduce((n, a) => n + a.plannedDownMs, 0);
    const agents = `${wentDown.length} agent${wentDown.length === 1 ? '' : 's'} removed or unreachable for a while`;
    add({
      key: 'agents.downMs', label: 'agent time down', value: total, unit: 'ms', better: 'lower',
      note: planned === 0 ? agents : planned === total ? `${agents}; all planned (machines down for maintenance)` : `${agents}; ${duration(planned)} planned (maintenance), ${duration(total - planned)} unplanned`,
    });
    if (planned > 0) add({ key: 'agents.unplannedDownMs', label: 'agent time down, unplanned', value: total - planned, unit: 'ms', better: 'lower', note: 'crashes and partitions; not maintenance' });
  }
  // Tasks that ended lost, by cause (loss-cause.ts): failures apart from planned maintenance, so a
  // rolling kernel upgrade does not read as tasks lost to failures; both cards when either is non-zero.
  const lost: Record<LossCause, number> = { failure: 0, maintenance: 0, revoked: 0, neverRan: 0 };
  for (let i = 0; i < store.size; i++) if (LOST_STATES.has(store.stateOf(i))) lost[x.tasks.lossCause.get(store.id(i)) ?? 'failure']++;
  if (lost.failure > 0 || lost.maintenance > 0) {
    add({ key: 'tasks.lostToFailures', label: 'tasks lost to failures', value: lost.failure, better: 'lower', note: 'with their agent: crashes, partitions, rack outages (TASK_LOST, UNREACHABLE, GONE)' });
    add({ key: 'tasks.lostToMaintenance', label: 'tasks ended by planned maintenance', value: lost.maintenance, better: 'lower', note: 'machines taken DOWN, agents marked gone or restarted by an upgrade; not failures' });
  }
  if (lost.revoked > 0) add({ key: 'tasks.revokedByQoS', label: 'revocable tasks killed by QoS', value: lost.revoked, note: 'QoS corrections (§4); not failures' });
  const central = x.master.monolithic;
  // The monolithic baseline makes no offers: its own cards stand in for the others (below); offers
  // made stays, at 0, so a comparison with an offer-based run shows 0 rather than nothing.
  add({ key: 'offers.made', label: 'offers made', value: c.offersMade, ...(central ? { note: 'none: a central scheduler places every task' } : {}) });
  if (!central) {
    // no `better`: declining offers a framework cannot use is normal, more offers bring more declines
    add({ key: 'offers.declined', label: 'offers declined', value: c.offersDeclined });
    // Not `offers.filtered` (summary.json): how many candidates a run looks at is the allocator's own
    // business (quota makes every batch run visit every agent), so it does not compare across runs.
    add({ key: 'offers.filtersInstalled', label: 'refusal filters installed', value: c.filtersInstalled, note: 'by declines and accepts with a refuse time (§2.1)' });
    add({ key: 'offers.rescinded', label: 'offers rescinded', value: c.offersRescinded, better: 'lower' });
  }
  if (x.master.rateLimiter) {
    // master --rate_limits (src/master/rate-limiter.ts): the same counts as summary.json `calls`
    add({ key: 'calls.throttled', label: 'framework calls throttled', value: c.callsThrottled, note: 'delayed by master rate limits' });
    add({ key: 'calls.dropped', label: 'framework calls dropped', value: c.callsDropped, better: 'lower', note: 'over a rate limit\'s capacity' });
    add({ key: 'calls.frameworkErrors', label: 'scheduler drivers aborted', value: c.frameworkErrors, better: 'lower', note: 'FrameworkErrorMessage for a dropped call; the scheduler fails over' });
  }
  // Offer models (docs/offer-models.md): what the alternative architectures cost.
  const optimistic = x.master.optimistic;
  if (optimistic) {
    const t = optimistic.totals;
    add({ key: 'offerModel.conflicts', label: 'launch conflicts (optimistic offers)', value: t.conflicts, better: 'lower', note: `${t.attempted > 0 ? Math.round((1000 * t.conflicts) / t.attempted) / 10 : 0}% of ${t.attempted} launches` });
  }
  if (central && T > 0) {
    add({ key: 'offerModel.central.utilization', label: 'central scheduler busy (monolithic)', value: roundSig(central.busyMsUntil(x.endMs) / T), unit: '%', better: 'lower', note: `queue up to ${central.stats.maxQueueJobs} jobs` });
    add({ key: 'offerModel.central.decisions', label: 'central scheduler decisions', value: central.stats.decisions, note: `for ${central.stats.jobs} jobs; ${central.stats.requeued} put the job back (tasks did not fit)` });
  }
  const stateful = statefulSection(x.master, x.endMs).stateful as { rebuilds: number; relaunchesOnVolume: number } | undefined;
  // Analytics jobs run inside executors: the jobs cards above see only the executors (analytics-stats.ts).
  const analytics = (analyticsSection(x.master).analytics ?? {}) as Record<string, { jobsCompleted: number; jobsSubmitted: number; jobCompletionMs: { p50: number } | null; locality: { nodeLocalShare: number | null } }>;
  for (const [fw, a] of Object.entries(analytics)) {
    if (a.jobCompletionMs === null) continue;
    const local = a.locality.nodeLocalShare === null ? '' : `; ${Math.round(100 * a.locality.nodeLocalShare)}% of tasks node-local`;
    add({ key: `analytics.${fw}.jobCompletionMs.p50`, label: `${fw} analytics job completion p50`, value: a.jobCompletionMs.p50, unit: 'ms', better: 'lower', note: `${a.jobsCompleted} of ${a.jobsSubmitted} jobs completed${local}` });
  }
  if (stateful) add({ key: 'stateful.rebuilds', label: 'data rebuilds (stateful services)', value: stateful.rebuilds, better: 'lower', note: `${stateful.relaunchesOnVolume} relaunches on their own volume` });

  const summary: Record<string, unknown> = {
    // not `utilization`: `utilization.cpus` is an alias of cluster.meanAllocated.cpus in metric paths (check/sweep)
    utilizationStates: utilMeans,
    // definedMs: time with two or more roles with demand (the means are over it); singleRoleMs: exactly one
    fairness: { jainMean, maxMinGapMean: gapMean, definedMs: defined, singleRoleMs: x.shares.soleDemandMs },
    sharingIncentive: {
      rolesWithDemand: rolesWithDemand.length, rolesViolating: siViolating,
      byRole: Object.fromEntries(roleNames.map((n) => { const r = x.shares.roles.get(n)!; return [n, { fairShare: roundSig(r.fairShare), demandMs: r.demandMs, belowFairShareMs: r.shortfallMs, violations: r.violations, ...(r.hasQuota ? { belowQuotaGuaranteeMs: r.belowGuaranteeMs } : {}) }]; })),
    },
    timeBelowQuotaGuaranteeMs: anyQuota ? belowGuarantee : null,
    jobs: { observed: x.tasks.jobs.size, completed: sc.length, completionMs: { p50: quantile(sc, 0.5), p95: quantile(sc, 0.95), p99: quantile(sc, 0.99) } },
    makespanMs: makespan,
    availability: availMean === null ? null : { mean: availMean, services: availability2 },
  };

  const result = {
    format: METRICS_FORMAT, scenario: x.scenario, seed: x.seed, endMs: x.endMs, headline,
    utilization, capacity, shares, fairness, availability,
    gridMs: { utilization: x.utilization.recorder.gridMs, shares: x.shares.shares.gridMs, fairness: x.shares.fairness.gridMs, availability: x.availability.recorder.gridMs },
    tables: { roles, frameworks, jobs, tasks, agents },
    summary,
    usageModel: x.utilization.hasUsageModel,
  } as Omit<MetricsResult, 'waits'> as MetricsResult;
  lazyArrayProperty(result, 'waits', nLaunched, waitAt);
  return result;
}

/**
 * The fairness cards. Jain's index and the gap compare roles with demand, so they are defined only
 * while two or more roles want offers; their means are over that time, and the note says how much of
 * the run it was. Never defined although a role wanted offers: one card `n/a` saying why, instead of
 * a Jain of 1 and a gap of 0 that read as perfect fairness (oversubscription.on: batch alone, 4 h).
 */
export function fairnessCards(jainMean: number | null, gapMean: number | null, definedMs: number, soleMs: number, runMs: number, rolesWithDemand: number): Headline[] {
  const label = "Jain's index over roles (mean)";
  if (jainMean === null || gapMean === null) {
    if (rolesWithDemand === 0) return [];
    const alone = soleMs > 0 ? `only one role wanted offers at a time (${duration(soleMs)} of the ${duration(runMs)} run)` : 'no two roles wanted offers at the same time';
    return [{ key: 'fairness.jain.mean', label, value: 'n/a', note: `undefined: ${alone}; fairness compares two or more roles with demand` }];
  }
  const part = definedMs < runMs
    ? `; defined while two or more roles want offers: ${duration(definedMs)} of the ${duration(runMs)} run (${pct(definedMs / runMs)})${soleMs > 0 ? `, one role alone ${duration(soleMs)}` : ''}`
    : '';
  return [
    { key: 'fairness.jain.mean', label, value: jainMean, better: 'higher', note: `weighted dominant shares of roles with demand${part}` },
    { key: 'fairness.maxMinGap.mean', label: 'max−min dominant-share gap (mean)', value: gapMean, unit: '%', better: 'lower', ...(part ? { note: `over the same ${duration(definedMs)}` } : {}) },
  ];
}

/** 0.531 → "53.1%" (3 significant digits; never 0% or 100% unless exact) */
function pct(f: number): string {
  if (f > 0 && f < 0.001) return '<0.1%';
  if (f < 1 && f > 0.999) return '>99.9%';
  return `${Number((100 * f).toPrecision(3))}%`;
}

/** Physical availability steps [tMs, service, fraction] → segments to `endMs`; null without any. */
function physicalAvailability(rows: { tMs: number; service: string; fraction: number }[], endMs: number): MetricsResult['availability'] | null {
  if (rows.length === 0) return null;
  const out: MetricsResult['availability'] = [];
  const sorted = [...rows].sort((a, b) => cmp(a.service, b.service) || a.tMs - b.tMs);
  sorted.forEach((r, i) => {
    const next = sorted[i + 1];
    const t1 = next && next.service === r.service ? next.tMs : endMs;
    if (t1 > r.tMs) out.push([r.service, r.tMs, t1, r.fraction]);
  });
  return out;
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a) a.push(v); else m.set(k, [v]);
}

/**
 * The allocated card divides by the capacity up at each moment. When capacity changed (agents down,
 * drained, added or removed), that reads higher than what the cluster at its peak could have given,
 * so the note also says the share of peak capacity (the utilization chart's base).
 */
const CAPACITY_CHANGED = '(capacity changed during the run)';

function allocatedNote(name: string, integrals: ArrayLike<number>, capacity: NonNullable<MetricsResult['capacity']>): string {
  // Σ (offered or allocated)·dt ÷ Σ capacity·dt: a moment with more capacity up weighs more.
  const base = 'time-integral of offered or allocated ÷ time-integral of capacity up';
  let peak = 0, span = 0;
  for (const [res, t0, t1, value] of capacity) if (res === name) { peak = Math.max(peak, value); span += t1 - t0; }
  const capIntegral = integrals[UTILIZATION_STATES.length];
  if (peak <= 0 || span <= 0 || capIntegral >= peak * span * (1 - 1e-9)) return base;
  const ofPeak = (integrals[0] + integrals[1] + integrals[2]) / (peak * span);
  return `${base}; ${(100 * ofPeak).toFixed(1)}% of peak capacity ${CAPACITY_CHANGED}`;
}
