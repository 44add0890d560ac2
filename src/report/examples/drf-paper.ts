/**
 * A hand-made but self-consistent ReportData for the DRF paper example (Ghodsi et al., NSDI 2011):
 * one agent with 9 CPUs and 18 GB; user A's tasks need <1 CPU, 4 GB>, user B's <3 CPU, 1 GB>.
 * DRF converges to A running 3 tasks and B running 2, both at dominant share 2/3 (A on memory
 * 12/18, B on CPU 6/9). After B's queue empties at 25 min, A grows to 4 tasks; all done at 28.3 min.
 *
 * Used by the report layer's tests (and `generate.ts`); every number
 * below is derived from the allocation timeline, so the charts, tables and headline agree.
 */
import type { Cell, ReportData, UtilizationRow } from '../report-data.ts';

const CPUS = 9;
const MEM_GB = 18;
const A = { cpus: 1, mem: 4 };
const B = { cpus: 3, mem: 1 };
const END_MS = 1_800_000;
const TASK_MS = 300_000;
const USED = { cpus: 0.8, mem: 0.9 }; // tasks use this part of what they were allocated

/** [start, end, tasks of A, tasks of B]: the DRF progression, then the steady state, then the tail. */
const SEGMENTS: [number, number, number, number][] = [
  [0, 1000, 0, 0],
  [1000, 2000, 1, 1],
  [2000, 3000, 2, 1],
  [3000, 4000, 2, 2],
  [4000, 1_500_000, 3, 2],
  [1_500_000, 1_700_000, 4, 0],
  [1_700_000, END_MS, 0, 0],
];

function shareOf(a: number, b: number) {
  const sa = Math.max((a * A.cpus) / CPUS, (a * A.mem) / MEM_GB);
  const sb = Math.max((b * B.cpus) / CPUS, (b * B.mem) / MEM_GB);
  const jain = sa + sb === 0 ? 1 : (sa + sb) ** 2 / (2 * (sa * sa + sb * sb));
  return { sa, sb, jain, gap: Math.abs(sa - sb) };
}

function timeMean(f: (a: number, b: number) => number): number {
  return SEGMENTS.reduce((acc, [s, e, a, b]) => acc + f(a, b) * (e - s), 0) / END_MS;
}

/** Nearest-rank quantile. */
function quantile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

/** Launch time of each task; all were submitted at t = 0, so launch time = wait. */
function launches(): { fw: 'A' | 'B'; launchMs: number }[] {
  const out: { fw: 'A' | 'B'; launchMs: number }[] = [];
  const firstA = [1000, 2000, 4000];
  for (let k = 0; k < 15; k++) {
    const launchMs = k < 3 ? firstA[k] : firstA[k % 3] + TASK_MS * Math.floor(k / 3) + 137 * k;
    out.push({ fw: 'A', launchMs });
  }
  for (let k = 0; k < 4; k++) out.push({ fw: 'A', launchMs: 1_500_000 + 250 * k });
  const firstB = [1000, 3000];
  for (let k = 0; k < 10; k++) {
    const launchMs = k < 2 ? firstB[k] : firstB[k % 2] + TASK_MS * Math.floor(k / 2) + 211 * k;
    out.push({ fw: 'B', launchMs });
  }
  return out;
}

export function drfPaperExample(): ReportData {
  const utilization: UtilizationRow[] = [];
  for (const [s, e, a, b] of SEGMENTS) {
    for (const [resource, cap, key] of [['cpus', CPUS, 'cpus'], ['mem', MEM_GB, 'mem']] as const) {
      const alloc = (a * A[key] + b * B[key]) / cap;
      const used = alloc * USED[key];
      utilization.push(
        { tStartMs: s, tEndMs: e, resource, state: 'used', fraction: used },
        { tStartMs: s, tEndMs: e, resource, state: 'allocated', fraction: alloc - used },
        { tStartMs: s, tEndMs: e, resource, state: 'revocable', fraction: 0 },
        { tStartMs: s, tEndMs: e, resource, state: 'reserved-idle', fraction: 0 },
        { tStartMs: s, tEndMs: e, resource, state: 'idle', fraction: 1 - alloc },
      );
    }
  }
  const shares: ReportData['shares'] = [];
  const fairness: ReportData['fairness'] = [];
  for (const [s, , a, b] of SEGMENTS) {
    const { sa, sb, jain, gap } = shareOf(a, b);
    shares.push({ tMs: s, client: 'A', kind: 'role', dominantShare: sa }, { tMs: s, client: 'B', kind: 'role', dominantShare: sb });
    shares.push(
      { tMs: s, client: 'scheduler-a', kind: 'framework', dominantShare: sa },
      { tMs: s, client: 'scheduler-b', kind: 'framework', dominantShare: sb },
    );
    fairness.push({ tMs: s, jain, maxMinGap: gap });
  }
  const tasks = launches();
  const waits = tasks.map((t) => ({ group: t.fw, waitMs: t.launchMs }));
  const sorted = waits.map((w) => w.waitMs).sort((x, y) => x - y);
  const waitsOf = (fw: string) => waits.filter((w) => w.group === fw).map((w) => w.waitMs).sort((x, y) => x - y);
  const makespan = 1_700_000;
  const allocMean = (key: 'cpus' | 'mem', cap: number) => timeMean((a, b) => (a * A[key] + b * B[key]) / cap);
  const usedMean = (key: 'cpus' | 'mem', cap: number) => allocMean(key, cap) * USED[key];

  const taskRows: Cell[][] = tasks.map((t, i) => {
    const fw = t.fw === 'A' ? 'scheduler-a' : 'scheduler-b';
    const end = Math.min(t.launchMs + TASK_MS, t.fw === 'B' ? 1_500_000 : 1_700_000);
    const res = t.fw === 'A' ? A : B;
    return [`task-${String(i + 1).padStart(3, '0')}`, `job-${t.fw.toLowerCase()}`, fw, t.fw, 'agent-1', 'FINISHED', 'no', 0, t.launchMs, end, t.launchMs, res.cpus, res.mem * 1024];
  });
  const roleRow = (role: 'A' | 'B', fw: string, n: number) => {
    const w = waitsOf(role);
    const dom = (x: { sa: number; sb: number }) => (role === 'A' ? x.sa : x.sb);
    return [role, 1, fw, n, n, timeMean((a, b) => dom(shareOf(a, b))), 2 / 3, 0.5, 0, 'yes', quantile(w, 0.5), quantile(w, 0.95), quantile(w, 0.99)];
  };
  return {
    title: 'DRF paper example: two users, one 9 CPU / 18 GB agent',
    subtitle: 'A runs <1 CPU, 4 GB> tasks, B runs <3 CPU, 1 GB> tasks; DRF gives each a dominant share of 2/3 · seed 1 · 30 min simulated',
    headline: [
      { key: 'dominant_share.role.A.steady', label: 'Dominant share of A (steady state)', value: 2 / 3, unit: '%', note: '3 tasks: 12 of 18 GB memory' },
      { key: 'dominant_share.role.B.steady', label: 'Dominant share of B (steady state)', value: 2 / 3, unit: '%', note: '2 tasks: 6 of 9 CPUs' },
      { key: 'utilization.cpus.allocated.mean', label: 'CPU allocated (mean)', value: allocMean('cpus', CPUS), unit: '%', better: 'higher', note: `used ${(usedMean('cpus', CPUS) * 100).toFixed(1)}%` },
      { key: 'utilization.mem.allocated.mean', label: 'Memory allocated (mean)', value: allocMean('mem', MEM_GB), unit: '%', better: 'higher', note: `used ${(usedMean('mem', MEM_GB) * 100).toFixed(1)}%` },
      { key: 'fairness.jain.mean', label: 'Jain\u2019s index (time mean)', value: timeMean((a, b) => shareOf(a, b).jain), better: 'higher', note: 'over roles A and B' },
      { key: 'wait.p50', label: 'Task wait p50', value: quantile(sorted, 0.5), unit: 'ms', better: 'lower' },
      { key: 'wait.p95', label: 'Task wait p95', value: quantile(sorted, 0.95), unit: 'ms', better: 'lower' },
      { key: 'wait.p99', label: 'Task wait p99', value: quantile(sorted, 0.99), unit: 'ms', better: 'lower' },
      { key: 'makespan', label: 'Makespan', value: makespan, unit: 'ms', better: 'lower', note: 'last task finished' },
      { key: 'tasks.launched', label: 'Tasks launched', value: tasks.length, note: 'A 19, B 10' },
      { key: 'offers.made', label: 'Offers made', value: 61, note: '12 declined, 0 rescinded' },
    ],
    utilization,
    shares,
    fairness,
    waits,
    tables: {
      roles: {
        columns: ['role', 'weight', 'frameworks', 'tasks_launched', 'tasks_finished', 'dominant_share_mean', 'dominant_share_max', 'fair_share', 'time_below_guarantee_ms', 'sharing_incentive_met', 'wait_p50_ms', 'wait_p95_ms', 'wait_p99_ms'],
        rows: [roleRow('A', 'scheduler-a', 19), roleRow('B', 'scheduler-b', 10)],
      },
      frameworks: {
        columns: ['framework', 'role', 'tasks_launched', 'tasks_finished', 'tasks_failed', 'tasks_killed', 'offers_received', 'offers_declined', 'offers_rescinded'],
        rows: [
          ['scheduler-a', 'A', 19, 19, 0, 0, 33, 7, 0],
          ['scheduler-b', 'B', 10, 10, 0, 0, 28, 5, 0],
        ],
      },
      jobs: {
        columns: ['job', 'framework', 'role', 'tasks', 'state', 'submit_ms', 'first_launch_ms', 'end_ms', 'completion_ms'],
        rows: [
          ['job-a', 'scheduler-a', 'A', 19, 'FINISHED', 0, 1000, 1_700_000, 1_700_000],
          ['job-b', 'scheduler-b', 'B', 10, 'FINISHED', 0, 1000, 1_500_000, 1_500_000],
        ],
      },
      tasks: {
        columns: ['task', 'job', 'framework', 'role', 'agent', 'state', 'revocable', 'submit_ms', 'launch_ms', 'end_ms', 'wait_ms', 'cpus', 'mem_mib'],
        rows: taskRows,
      },
      agents: {
        columns: ['agent', 'rack', 'zone', 'region', 'state', 'tasks_launched', 'down_ms', 'draining_ms', 'cpus', 'mem_mib'],
        rows: [['agent-1', 'rack-1', 'zone-1', null, 'UP', 29, 0, 0, CPUS, MEM_GB * 1024]],
      },
    },
  };
}
