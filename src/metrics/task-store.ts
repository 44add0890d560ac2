/**
 * Compact per-task storage for the metrics layer: one row per task in typed-array columns that grow by
 * doubling, with repeated strings (jobs, frameworks, roles, agents, states) interned to small integers.
 * A replay that launches hundreds of thousands of tasks keeps ~50 bytes of columns per task plus its id
 * instead of an object per task (docs/outputs.md "Memory"). Values are kept exactly: times are integer
 * ms in Float64 columns (NaN = null), so the tasks table and exact percentiles come out unchanged.
 */

type TypedArray = Float64Array | Int32Array | Uint8Array;

/** An append-only typed-array list that doubles its capacity when full. */
export class GrowableColumn<A extends TypedArray> {
  private data: A;
  private readonly make: (n: number) => A;
  length = 0;

  constructor(make: (n: number) => A, initialCapacity = 16) {
    this.make = make;
    this.data = make(Math.max(1, initialCapacity));
  }

  push(x: number): number {
    if (this.length === this.data.length) this.grow();
    this.data[this.length] = x;
    return this.length++;
  }

  get(i: number): number {
    return this.data[i];
  }

  set(i: number, x: number): void {
    this.data[i] = x;
  }

  /** The values so far, in push order (a view: valid until the next push). */
  view(): A {
    return this.data.subarray(0, this.length) as A;
  }

  /** Allocated slots (for tests of the growth policy). */
  get capacity(): number {
    return this.data.length;
  }

  private grow(): void {
    const next = this.make(this.data.length * 2);
    next.set(this.data);
    this.data = next;
  }
}

export const float64Column = (n = 16) => new GrowableColumn((k) => new Float64Array(k), n);
export const int32Column = (n = 16) => new GrowableColumn((k) => new Int32Array(k), n);
export const uint8Column = (n = 16) => new GrowableColumn((k) => new Uint8Array(k), n);

/** Strings ↔ small integers, in first-seen order; -1 stands for null. */
export class Interner {
  private readonly ids = new Map<string, number>();
  readonly names: string[] = [];

  of(s: string | null): number {
    if (s === null) return -1;
    let i = this.ids.get(s);
    if (i === undefined) {
      i = this.names.length;
      this.names.push(s);
      this.ids.set(s, i);
    }
    return i;
  }

  name(i: number): string | null {
    return i < 0 ? null : this.names[i];
  }
}

/** One task's row, as read back (a fresh object: build it only where one is needed). */
export interface TaskRow {
  id: string;
  job: string | null;
  framework: string;
  role: string | null;
  agent: string | null;
  state: string;
  revocable: boolean;
  submitMs: number | null;
  launchMs: number | null;
  endMs: number | null;
  /** index of the task's requested scalars in the owner's shape table */
  shape: number;
}

const num = (x: number): number | null => (Number.isNaN(x) ? null : x);
const col = (x: number | null): number => (x === null ? Number.NaN : x);

/**
 * Tasks by id, in first-seen order (as a Map would keep them: writing a row again keeps its place).
 * Jobs, frameworks, roles and agents share one interner; states have their own.
 */
export class TaskStore {
  readonly ids: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly strings = new Interner();
  private readonly states = new Interner();
  private readonly job = int32Column();
  private readonly framework = int32Column();
  private readonly role = int32Column();
  private readonly agent = int32Column();
  private readonly shapeCol = int32Column();
  private readonly stateCol = uint8Column();
  private readonly revocableCol = uint8Column();
  private readonly submit = float64Column();
  private readonly launch = float64Column();
  private readonly end = float64Column();

  get size(): number {
    return this.ids.length;
  }

  /** The row index of a task id, or -1. */
  indexOf(id: string): number {
    return this.index.get(id) ?? -1;
  }

  /** Writes a task's row (a new row at the end, or over the task's existing row); returns its index. */
  put(r: TaskRow): number {
    let i = this.index.get(r.id);
    if (i === undefined) {
      i = this.ids.length;
      this.ids.push(r.id);
      this.index.set(r.id, i);
      for (const c of [this.job, this.framework, this.role, this.agent, this.shapeCol, this.stateCol, this.revocableCol, this.submit, this.launch, this.end]) c.push(0);
    }
    this.job.set(i, this.strings.of(r.job));
    this.framework.set(i, this.strings.of(r.framework));
    this.role.set(i, this.strings.of(r.role));
    this.agent.set(i, this.strings.of(r.agent));
    this.shapeCol.set(i, r.shape);
    this.setState(i, r.state);
    this.revocableCol.set(i, r.revocable ? 1 : 0);
    this.submit.set(i, col(r.submitMs));
    this.launch.set(i, col(r.launchMs));
    this.end.set(i, col(r.endMs));
    return i;
  }

  setState(i: number, state: string): void {
    const s = this.states.of(state);
    if (s > 255) throw new Error(`more than 256 task states (${state})`);
    this.stateCol.set(i, s);
  }

  /** null: not ended (a task reported lost that came back, task-probe.ts). */
  setEnd(i: number, t: number | null): void {
    this.end.set(i, col(t));
  }

  id(i: number): string { return this.ids[i]; }
  jobOf(i: number): string | null { return this.strings.name(this.job.get(i)); }
  frameworkOf(i: number): string { return this.strings.name(this.framework.get(i))!; }
  roleOf(i: number): string | null { return this.strings.name(this.role.get(i)); }
  agentOf(i: number): string | null { return this.strings.name(this.agent.get(i)); }
  stateOf(i: number): string { return this.states.name(this.stateCol.get(i))!; }
  revocableOf(i: number): boolean { return this.revocableCol.get(i) === 1; }
  shapeOf(i: number): number { return this.shapeCol.get(i); }
  submitMs(i: number): number | null { return num(this.submit.get(i)); }
  launchMs(i: number): number | null { return num(this.launch.get(i)); }
  endMs(i: number): number | null { return num(this.end.get(i)); }

  row(i: number): TaskRow {
    return {
      id: this.ids[i], job: this.jobOf(i), framework: this.frameworkOf(i), role: this.roleOf(i), agent: this.agentOf(i),
      state: this.stateOf(i), revocable: this.revocableOf(i), submitMs: this.submitMs(i), launchMs: this.launchMs(i), endMs: this.endMs(i),
      shape: this.shapeOf(i),
    };
  }

  /** Row indices ordered by task id (code-unit order, as `a < b` compares strings). */
  byId(): Int32Array {
    const order = new Int32Array(this.ids.length);
    for (let i = 0; i < order.length; i++) order[i] = i;
    const ids = this.ids;
    return order.sort((a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
  }
}
