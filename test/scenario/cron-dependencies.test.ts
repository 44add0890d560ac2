/**
 * Cron jobs' dependencies (`after`) are checked as Chronos checks them: parents must exist, ids are
 * unique, and a dependency cycle (a job that is its own ancestor) is refused: none of its jobs would
 * ever run. Before, a cycle was accepted and the jobs in it silently never ran.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/core/diagnostic.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';

const scenario = (jobs: string) => `name: cron-deps
agents: [{ id: a, resources: "cpus:4;mem:4GiB" }]
frameworks:
  - id: chronos
    scheduler:
      type: cron
      jobs:
${jobs}`;

const errors = (jobs: string) => loadScenarioText('c.yaml', scenario(jobs)).diagnostics.map(formatDiagnostic);

describe('cron job dependencies', () => {
  it('accepts a DAG (a diamond)', () => {
    const { spec, diagnostics } = loadScenarioText('c.yaml', scenario(`        - { id: ingest, every: 1h, resources: "cpus:1;mem:1GiB", duration: 1m }
        - { id: left, after: [ingest], resources: "cpus:1;mem:1GiB", duration: 1m }
        - { id: right, after: [ingest], resources: "cpus:1;mem:1GiB", duration: 1m }
        - { id: report, after: [left, right], resources: "cpus:1;mem:1GiB", duration: 1m }
`));
    expect(diagnostics).toEqual([]);
    expect(spec).toBeDefined();
  });

  it('refuses a cycle, naming it where it closes, and a job that is its own parent', () => {
    expect(errors(`        - { id: ingest, every: 1h, after: [report], resources: "cpus:1;mem:1GiB", duration: 1m }
        - { id: aggregate, after: [ingest], resources: "cpus:1;mem:1GiB", duration: 1m }
        - { id: report, after: [aggregate], resources: "cpus:1;mem:1GiB", duration: 1m }
`)).toEqual([expect.stringMatching(/^c\.yaml:9:\d+: error CS1004 dependency cycle ingest → report → aggregate → ingest: none of its jobs would ever run/)]);
    expect(errors(`        - { id: loop, after: [loop], resources: "cpus:1;mem:1GiB", duration: 1m }
`)).toEqual([expect.stringMatching(/^c\.yaml:8:\d+: error CS1004 dependency cycle loop → loop/)]);
  });

  it('refuses a job id given twice', () => {
    expect(errors(`        - { id: ingest, every: 1h, resources: "cpus:1;mem:1GiB", duration: 1m }
        - { id: ingest, every: 2h, resources: "cpus:1;mem:1GiB", duration: 1m }
`)).toEqual([expect.stringMatching(/^c\.yaml:9:\d+: error CS1004 job "ingest" is defined twice/)]);
  });
});
