import type { WorkloadRecord } from './records.ts';

/** Statistics `trace inspect` prints; every resource figure is in milli-units. */
export interface TraceStats {
  records: number;
  byKind: Record<string, number>;
  /** `kind event` → count, e.g. `task.event submit` */
  byEvent: Record<string, number>;
  distinct: { jobs: number; tasks: number; taskGroups: number; machines: number; users: number };
  /** tasks announced by job.submitted rows (their taskCount summed) */
  submittedTasks: number;
  /** machines added at the earliest machine-event time (Google: before the window) */
  start: { atMs: number | null; machines: number; cpus: number; mem: number; disk: number; unknownCapacity: number; shapes: Record<string, number> };
  /** per-task requests of task submit events and job.submitted rows (× taskCount) */
  /** `missing`: tasks with a request that does not give that resource (the NASA SWF log has no memory). */
  requested: {
    tasks: number; withoutRequest: number; cpus: number; mem: number; disk: number; meanCpus: number; meanMem: number; meanDisk: number;
    missing: { cpus: number; mem: number; disk: number };
  };
  time: { firstMs: number | null; lastMs: number | null; spanMs: number; beforeWindow: number; afterWindow: number };
}

/**
 * Streaming accumulator behind `trace inspect`. Memory grows with the number of distinct ids
 * (jobs, tasks, machines, users), never with the number of records.
 */
export class StatsCollector {
  private records = 0;
  private readonly byKind = new Map<string, number>();
  private readonly byEvent = new Map<string, number>();
  private readonly jobs = new Set<string>();
  private readonly tasks = new Set<string>();
  private readonly groups = new Set<string>();
  private readonly machines = new Set<string>();
  private readonly users = new Set<string>();
  private submittedTasks = 0;
  private startAt = Infinity;
  private startMachines = 0;
  private startCpus = 0;
  private startMem = 0;
  private startDisk = 0;
  private startUnknown = 0;
  private shapes = new Map<string, number>();
  private reqTasks = 0;
  private reqNone = 0;
  private readonly reqMissing = { cpus: 0, mem: 0, disk: 0 };
  private reqCpus = 0;
  private reqMem = 0;
  private reqDisk = 0;
  private first = Infinity;
  private last = -Infinity;
  private before = 0;
  private after = 0;

  add(r: WorkloadRecord): void {
    this.records++;
    this.byKind.set(r.kind, (this.byKind.get(r.kind) ?? 0) + 1);
    if ('event' in r) {
      const k = `${r.kind} ${r.event}`;
      this.byEvent.set(k, (this.byEvent.get(k) ?? 0) + 1);
    }
    if (r.window === 'before') this.before++;
    else if (r.window === 'after') this.after++;
    else {
      if (r.atMs < this.first) this.first = r.atMs;
      if (r.atMs > this.last) this.last = r.atMs;
    }
    if ('jobId' in r && r.jobId !== undefined) this.jobs.add(r.jobId);
    if ('machineId' in r && r.machineId !== undefined) this.machines.add(r.machineId);
    if ('user' in r && r.user !== undefined) this.users.add(r.user);
    switch (r.kind) {
      case 'task.event':
      case 'task.constraint':
        this.tasks.add(`${r.jobId}/${r.taskIndex}`);
        if (r.kind === 'task.event' && r.event === 'submit') this.request(r.request, 1);
        break;
      case 'usage.sample':
        if (r.jobId !== undefined && r.taskIndex !== undefined) this.tasks.add(`${r.jobId}/${r.taskIndex}`);
        break;
      case 'task.run':
        this.tasks.add(`${r.jobId}/${r.instance}`);
        break;
      case 'job.submitted':
        this.groups.add(`${r.jobId}/${r.group ?? ''}`);
        this.submittedTasks += r.taskCount;
        this.request(r.request, r.taskCount);
        break;
      case 'machine.event':
        this.machineAtStart(r.atMs, r.event === 'add', r.capacity);
        break;
    }
  }

  private request(req: { cpus?: number; mem?: number; disk?: number } | undefined, n: number): void {
    if (req === undefined || (req.cpus === undefined && req.mem === undefined && req.disk === undefined)) {
      this.reqNone += n;
      return;
    }
    this.reqTasks += n;
    if (req.cpus === undefined) this.reqMissing.cpus += n;
    if (req.mem === undefined) this.reqMissing.mem += n;
    if (req.disk === undefined) this.reqMissing.disk += n;
    this.reqCpus += (req.cpus ?? 0) * n;
    this.reqMem += (req.mem ?? 0) * n;
    this.reqDisk += (req.disk ?? 0) * n;
  }

  /** Only the earliest machine-event time counts as "the start"; an earlier event resets it. */
  private machineAtStart(atMs: number, isAdd: boolean, cap: { cpus?: number; mem?: number; disk?: number } | undefined): void {
    if (atMs > this.startAt) return;
    if (atMs < this.startAt) {
      this.startAt = atMs;
      this.startMachines = this.startCpus = this.startMem = this.startDisk = this.startUnknown = 0;
      this.shapes = new Map();
    }
    if (!isAdd) return;
    this.startMachines++;
    if (cap === undefined || (cap.cpus === undefined && cap.mem === undefined)) {
      this.startUnknown++;
      return;
    }
    this.startCpus += cap.cpus ?? 0;
    this.startMem += cap.mem ?? 0;
    this.startDisk += cap.disk ?? 0;
    const shape = `cpus ${cap.cpus ?? '?'} mem ${cap.mem ?? '?'}`;
    this.shapes.set(shape, (this.shapes.get(shape) ?? 0) + 1);
  }

  result(): TraceStats {
    const sorted = (m: Map<string, number>) => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const mean = (x: number) => (this.reqTasks === 0 ? 0 : Math.round(x / this.reqTasks));
    const hasTime = this.first !== Infinity;
    return {
      records: this.records,
      byKind: sorted(this.byKind),
      byEvent: sorted(this.byEvent),
      distinct: { jobs: this.jobs.size, tasks: this.tasks.size, taskGroups: this.groups.size, machines: this.machines.size, users: this.users.size },
      submittedTasks: this.submittedTasks,
      start: {
        atMs: this.startAt === Infinity ? null : this.startAt, machines: this.startMachines, cpus: this.startCpus,
        mem: this.startMem, disk: this.startDisk, unknownCapacity: this.startUnknown,
        shapes: Object.fromEntries([...this.shapes].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))),
      },
      requested: {
        tasks: this.reqTasks, withoutRequest: this.reqNone, cpus: this.reqCpus, mem: this.reqMem, disk: this.reqDisk,
        meanCpus: mean(this.reqCpus), meanMem: mean(this.reqMem), meanDisk: mean(this.reqDisk), missing: { ...this.reqMissing },
      },
      time: {
        firstMs: hasTime ? this.first : null, lastMs: hasTime ? this.last : null,
        spanMs: hasTime ? this.last - this.first : 0, beforeWindow: this.before, afterWindow: this.after,
      },
    };
  }
}
