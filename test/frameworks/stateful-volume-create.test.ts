/**
 * The stateful model's volume exists only if its RESERVE + CREATE took effect (found by fuzzing
 * framework models, session 20). Before: a launch whose accept was dropped (rate limit) or whose
 * operations failed counted the volume as created, and the instance waited for ever on an agent for a
 * volume that did not exist; under optimistic offers (which refuse offer operations) every volume did.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/core/diagnostic.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { runYaml } from '../failures/helpers.ts';

const stateful = (master: string) => `
name: stateful-create
until: 10m
master:
${master}
agents:
  - { id: a, count: 2, resources: "cpus:8;mem:32GiB;disk:500GiB" }
frameworks:
  - id: db
    role: db
    principal: p
    failoverTimeout: 1h
    restartAfterError: 5s
    scheduler: { type: stateful, instances: 1, resources: "cpus:1;mem:1GiB", dataSize: 10GiB, rebuildRate: 50MiB }
`;

describe('a stateful instance\'s volume', () => {
  it('is forgotten when the launch that made it never ran (every accept dropped by the rate limit)', () => {
    const { result } = runYaml(stateful('  rateLimits: { limits: [ { principal: p, qps: 0.1, capacity: 0 } ] }'));
    const db = (result.summary as { stateful: { byFramework: { db: { volumesCreated: number; byInstance: { volume: string | null; state: string }[] } } } }).stateful.byFramework.db;
    expect(db.volumesCreated).toBe(0);
    expect(db.byInstance[0].volume).toBeNull();
  });

  it('cannot be made under optimistic offers: refused when the scenario is read', () => {
    const d = loadScenarioText('s.yaml', stateful('  offerModel: optimistic')).diagnostics.map(formatDiagnostic);
    expect(d).toEqual([expect.stringMatching(/^s\.yaml:\d+:\d+: error CS1004 offerModel optimistic: the stateful framework "db" keeps its data on persistent volumes, made by offer operations \(RESERVE, CREATE\), which optimistic offers refuse; set volumes: false, or use pessimistic offers/)]);
    expect(loadScenarioText('s.yaml', stateful('  offerModel: optimistic').replace('rebuildRate: 50MiB', 'rebuildRate: 50MiB, volumes: false')).diagnostics).toEqual([]);
  });
});
