/**
 * The registry bounds as scenario keys: `master.registryMaxAgentAge` / `master.registryMaxAgentCount`
 * (Mesos `--registry_max_agent_age` / `--registry_max_agent_count`, mesos-semantics §8;
 * src/scenario/schema-registry.ts, src/master/failover/lost-agent-tasks.ts). Before, they were fixed
 * at 2 weeks / 102400 and the keys were unknown (a schema error). A kill of a task of an agent the
 * registry forgot is answered as for an unknown agent (TASK_UNKNOWN; master.cpp reconcile case 6).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSimulation } from '../../src/experiment/build-simulation.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import type { Ev } from './helpers.ts';

/** a1 and a2 (one 1-cpu task each of PARTITION_AWARE f1), cut off at 1 min and 3 min: unreachable at 2:15 and 4:15. */
function scenario(master: string): string {
  return `
name: registry-bounds
until: 20m
master: { ${master} }
agents: [{ id: a1, resources: "cpus:1;mem:512" }, { id: a2, resources: "cpus:1;mem:512" }]
frameworks:
  - id: f1
    checkpoint: true
    capabilities: [MULTI_ROLE, PARTITION_AWARE]
    scheduler: { type: scripted, onOffer: launch, maxTasks: 2, task: { resources: "cpus:1;mem:512", duration: 1h } }
timeline: ['{ at: 1m, do: fail, agents: [a1], kind: partition }', '{ at: 3m, do: fail, agents: [a2], kind: partition }']
`.replace("['{ at: 1m", '[{ at: 1m').replace("partition }', '{ at: 3m", 'partition }, { at: 3m').replace("partition }']", 'partition }]');
}

/** Kills of both tasks at each of `at` (ms); the answers [t, task, agent, state]. */
function killAnswers(master: string, at: number[]) {
  const { spec, diagnostics } = loadScenarioText('registry-bounds.yaml', scenario(master));
  if (!spec) throw new Error(JSON.stringify(diagnostics));
  const events: Ev[] = [];
  const built = buildSimulation(spec, [{ emit: (t, type, f) => { events.push({ t, type, ...f }); } }]);
  const kill = built.sim.on('test.kill', (task: string) => built.master.driver('f1').killTask(task));
  const tasks = () => [...new Set(events.filter((e) => e.type === 'task.launched').map((e) => e.task as string))].sort();
  for (const t of at) built.sim.at(t, built.sim.on(`test.kills.${t}`, () => { for (const id of tasks()) built.sim.at(t, kill, id); }), null);
  built.sim.run(spec.untilMs);
  return events.filter((e) => e.type === 'task.reconciled').map((e) => [e.t, e.task, e.agent ?? null, e.state]);
}

describe('master.registryMaxAgentCount / registryMaxAgentAge', () => {
  it('defaults (2 weeks, 102400): both unreachable agents are remembered', () => {
    expect(killAnswers('', [300_000])).toEqual([
      [300_000, 'f1-task-000001', 'a1', 'TASK_UNREACHABLE'],
      [300_000, 'f1-task-000002', 'a2', 'TASK_UNREACHABLE'],
    ]);
  });

  it('registryMaxAgentCount: 1 keeps only the newest unreachable agent: a kill of the older one\'s task is TASK_UNKNOWN', () => {
    const answers = killAnswers('registryMaxAgentCount: 1', [200_000, 300_000]);
    expect(answers).toEqual([
      [200_000, 'f1-task-000001', 'a1', 'TASK_UNREACHABLE'],
      // (f1-task-000002 is still running at 200 s: killed, no answer)
      [300_000, 'f1-task-000001', 'a1', 'TASK_UNKNOWN'], // a1 pruned when a2 was marked (4:15): the kill names an agent the registry forgot
      [300_000, 'f1-task-000002', 'a2', 'TASK_UNREACHABLE'],
    ]);
  });

  it('registryMaxAgentAge: 5m forgets an agent marked unreachable more than 5 min ago', () => {
    expect(killAnswers('registryMaxAgentAge: 5m', [400_000, 500_000])).toEqual([
      [400_000, 'f1-task-000001', 'a1', 'TASK_UNREACHABLE'], // marked at 135 s: 265 s ago
      [400_000, 'f1-task-000002', 'a2', 'TASK_UNREACHABLE'],
      [500_000, 'f1-task-000001', 'a1', 'TASK_UNKNOWN'], // 365 s ago
      [500_000, 'f1-task-000002', 'a2', 'TASK_UNREACHABLE'],
    ]);
  });

  it('bad values are diagnostics at file:line:column (exit 2)', () => {
    const text = scenario('registryMaxAgentCount: 0, registryMaxAgentAge: 0s');
    const { spec, diagnostics } = loadScenarioText('bad.yaml', text);
    expect(spec).toBeUndefined();
    expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual([
      '4:34 CS1002 Too small: expected number to be >0',
      '4:58 CS1004 registryMaxAgentAge must be positive (got "0s"; the Mesos default is 2w)',
    ]);
    const age = loadScenarioText('bad.yaml', scenario('registryMaxAgentAge: 0s')).diagnostics;
    expect(age.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual([
      '4:32 CS1004 registryMaxAgentAge must be positive (got "0s"; the Mesos default is 2w)',
    ]);
    const unreadable = loadScenarioText('bad.yaml', scenario('registryMaxAgentAge: 2 weeks')).diagnostics;
    expect(unreadable.map((d) => d.message)).toEqual([expect.stringContaining('cannot read duration "2 weeks"')]);
    const dir = mkdtempSync(join(tmpdir(), 'registry-'));
    writeFileSync(join(dir, 'bad.yaml'), text);
    const r = spawnSync(process.execPath, ['bin/clustersim.js', 'validate', join(dir, 'bad.yaml')], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout + r.stderr).toContain('bad.yaml:4:34: error CS1002');
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
