/**
 * Static partitioning of agents nobody declared (src/master/allocator/static-partition.ts): a trace's
 * machines are assigned as they register, in order of appearance, each to the partition furthest
 * below its share of all agents seen so far (ties by framework id; the unpartitioned rest is "shared"
 * and loses ties). Traces are hand-written native CSV.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiment/run.ts';
import { StaticPartition } from '../../src/master/allocator/static-partition.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';

const dir = mkdtempSync(join(tmpdir(), 'partition-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function assign(p: StaticPartition, ids: string[]): string[] {
  for (const id of ids) p.agentAdded(id);
  return ids.map((id) => `${id}:${p.ownerOf(id) ?? 'shared'}`);
}

describe('static partitioning of agents a trace adds', () => {
  it('assigns each new agent to the partition furthest below its fraction, ties by name', () => {
    const halves = new StaticPartition(new Map(), [{ framework: 'b', fraction: 0.5, count: 0 }, { framework: 'a', fraction: 0.5, count: 0 }]);
    expect(assign(halves, ['m1', 'm2', 'm3', 'm4', 'm5'])).toEqual(['m1:a', 'm2:b', 'm3:a', 'm4:b', 'm5:a']);
    halves.agentAdded('m2'); // re-registration keeps the owner
    expect(halves.ownerOf('m2')).toBe('b');
    expect(halves.allows('a', 'm2')).toBe(false);
    expect(halves.allows('b', 'm2')).toBe(true);

    const thirds = new StaticPartition(new Map(), [
      { framework: 'web', fraction: 0.5, count: 0 }, { framework: 'cache', fraction: 0.25, count: 0 }, { framework: 'batch', fraction: 0.25, count: 0 },
    ]);
    expect(assign(thirds, ['m1', 'm2', 'm3', 'm4'])).toEqual(['m1:web', 'm2:batch', 'm3:cache', 'm4:web']);

    // Half the cluster partitioned: the other half stays shared (and loses ties).
    const half = new StaticPartition(new Map(), [{ framework: 'a', fraction: 0.5, count: 0 }]);
    expect(assign(half, ['m1', 'm2', 'm3', 'm4'])).toEqual(['m1:a', 'm2:shared', 'm3:a', 'm4:shared']);

    // A count partition fills up to its count, then takes no more.
    const counted = new StaticPartition(new Map(), [{ framework: 'a', fraction: null, count: 1 }, { framework: 'b', fraction: 0.5, count: 0 }]);
    expect(assign(counted, ['m1', 'm2', 'm3', 'm4'])).toEqual(['m1:a', 'm2:b', 'm3:b', 'm4:shared']); // m3: b and shared tie at 0.5
  });

  const machines = ['m1', 'm2', 'm3', 'm4'].map((m) => `0,machine.event,add,${m},4,8192,,,`);
  const file = join(dir, 'machines.csv');
  writeFileSync(file, `atMs,kind,event,machineId,cpus,memMiB,jobId,taskCount,durationMs\n${machines.join('\n')}\n1000,job.submitted,,,1,1024,a,16,600000\n`);
  const scenario = (agents: string) => `name: static-trace
seed: 1
until: 5m
${agents}
frameworks:
  - { id: a, role: a, scheduler: { type: trace-replay } }
  - { id: b, role: b, scheduler: { type: trace-replay } }
master:
  partitioning: { static: { a: 0.5, b: 0.5 } }
workload:
  sources: [{ trace: ${file} }]
  map: [{ framework: a }]
`;
  const launchedOn = (yaml: string): string[] => {
    const r = loadScenarioText('static-trace.yaml', yaml);
    expect(r.diagnostics).toEqual([]);
    const events = runScenario(r.spec!, { keepEvents: true }).events!.map((l) => JSON.parse(l) as { type: string; framework?: string; agent?: string });
    const on = new Map<string, number>();
    for (const e of events) if (e.type === 'task.launched' && e.framework === 'a') on.set(e.agent!, (on.get(e.agent!) ?? 0) + 1);
    return [...on.entries()].sort().map(([agent, n]) => `${agent}:${n}`);
  };

  it('framework a runs only on its half of the trace machines', () => {
    // 16 one-cpu tasks of 10 min: a's two 4-cpu machines hold 8 of them; m2 and m4 are b's.
    expect(launchedOn(scenario(''))).toEqual(['m1:4', 'm3:4']);
  });

  it('declared agents are handed out in blocks first; trace machines then balance over all agents', () => {
    // d-00001 → a, d-00002 → b (blocks); then m1 → a, m2 → b, m3 → a, m4 → b.
    expect(launchedOn(scenario('agents: [{ id: d, count: 2, resources: "cpus:4;mem:8GiB" }]'))).toEqual(['d-00001:4', 'm1:4', 'm3:4']);
  });
});
