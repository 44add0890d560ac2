/**
 * Small hand-made ReportData for the report tests: a two-resource cluster over 10 s with two
 * roles, one framework each, two services and hostile strings in every user-facing field.
 */
import type { ReportData } from '../../src/report/report-data.ts';

export const HOSTILE = '<script>alert(1)</script>';

export function tinyReport(title = `Scenario ${HOSTILE}`): ReportData {
  return {
    title,
    subtitle: 'seed 7 & "quotes" \u2028 line separator',
    headline: [
      { key: 'utilization.cpus.allocated.mean', label: 'CPU allocated', value: 0.6, unit: '%', better: 'higher' },
      { key: 'wait.p95', label: 'Wait p95', value: 2500, unit: 'ms', better: 'lower' },
      { key: 'fairness.jain.mean', label: 'Jain', value: 0.9, better: 'higher', note: `note ${HOSTILE}` },
      { key: 'policy', label: 'Policy', value: `drf ${HOSTILE}` },
    ],
    utilization: [
      // cpus: [0, 4000): 50% used, 10% allocated-unused, 40% idle; [4000, 10000): 100% idle
      { tStartMs: 0, tEndMs: 4000, resource: 'cpus', state: 'idle', fraction: 0.4 },
      { tStartMs: 0, tEndMs: 4000, resource: 'cpus', state: 'used', fraction: 0.5 },
      { tStartMs: 0, tEndMs: 4000, resource: 'cpus', state: 'allocated', fraction: 0.1 },
      { tStartMs: 4000, tEndMs: 10000, resource: 'cpus', state: 'idle', fraction: 1 },
      { tStartMs: 0, tEndMs: 10000, resource: 'mem', state: 'reserved-idle', fraction: 0.25 },
      { tStartMs: 0, tEndMs: 10000, resource: 'mem', state: 'revocable', fraction: 0.25 },
      { tStartMs: 0, tEndMs: 10000, resource: 'mem', state: 'idle', fraction: 0.5 },
    ],
    shares: [
      { tMs: 0, client: 'analytics', kind: 'role', dominantShare: 0.5 },
      { tMs: 0, client: HOSTILE, kind: 'role', dominantShare: 0.25 },
      { tMs: 4000, client: 'analytics', kind: 'role', dominantShare: 0 },
      { tMs: 0, client: 'spark-1', kind: 'framework', dominantShare: 0.5 },
    ],
    fairness: [
      { tMs: 0, jain: 0.9, maxMinGap: 0.25 },
      { tMs: 4000, jain: 0.5, maxMinGap: 0.25 },
    ],
    waits: [
      { group: 'analytics', waitMs: 0 },
      { group: 'analytics', waitMs: 1000 },
      { group: 'analytics', waitMs: 1000 },
      { group: HOSTILE, waitMs: 2500 },
    ],
    availability: [
      { tMs: 0, service: 'memcached', fraction: 1 },
      { tMs: 5000, service: 'memcached', fraction: 0.5 },
      { tMs: 0, service: 'mysql', fraction: 1 },
    ],
    tables: {
      tasks: {
        // deliberately out of documented order, with an extra column
        columns: ['cpus', 'wait_ms', 'task', 'role'],
        rows: [
          [1.23456789012, 1000, 'task-1', 'analytics'],
          [2, null, `task-2 ${HOSTILE}`, 'a,b "c"'],
        ],
      },
      roles: {
        columns: ['role', 'weight', 'dominant_share_mean'],
        rows: [
          ['analytics', 1, 1 / 3],
          [HOSTILE, 2, Number.NaN],
        ],
      },
    },
  };
}
