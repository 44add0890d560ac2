/**
 * A custom resource named like a table column (`state`, `agent`, `mem_mib` beside `mem`) stopped the
 * run at the report (exit 3, "table agents: duplicate column names", no run directory), although
 * `validate` said ok. Such a resource's column is prefixed `resource_`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiment/run.ts';
import { reportDataFromMetrics } from '../../src/report/from-metrics.ts';
import { writeReport } from '../../src/report/write-report.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';

const root = mkdtempSync(join(tmpdir(), 'cs-resource-columns-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('resource columns of the tasks and agents tables', () => {
  it('never repeat a column: a resource named like one is prefixed resource_', async () => {
    const r = loadScenarioText('collide.yaml', `name: collide
until: 1m
agents:
  - { id: n, count: 1, resources: "cpus:4;mem:4GiB;state:2;mem_mib:3;agent:1" }
frameworks:
  - { id: f, role: r, scheduler: { type: batch, jobs: { count: 1, tasks: 1, resources: "cpus:1;mem:1GiB;state:1", duration: 10s } } }
`);
    expect(r.diagnostics).toEqual([]);
    const { metrics } = runScenario(r.spec!, { outDir: null });
    const agents = metrics.tables.agents;
    expect(agents.columns).toEqual(['agent', 'rack', 'zone', 'region', 'state', 'tasks_launched', 'down_ms', 'cpus', 'mem_mib', 'resource_agent', 'resource_mem_mib', 'resource_state']);
    expect(agents.rows[0].slice(7)).toEqual([4, 4096, 1, 3, 2]);
    expect(metrics.tables.tasks.columns.slice(-3)).toEqual(['cpus', 'mem_mib', 'resource_state']);
    const out = join(root, 'report');
    await writeReport(out, reportDataFromMetrics(metrics), { png: false });
    expect(readFileSync(join(out, 'tables', 'agents.csv'), 'utf8').split('\n')[0]).toContain(',resource_state');
  });
});
