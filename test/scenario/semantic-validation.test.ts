/**
 * Values each field accepts on its own but that make no sense together (found by fuzzing scenario
 * values, session 18), refused with their position instead of a run that silently does something else:
 * - cron dependencies (`after`), as Chronos checks them: ids unique, no dependency cycle (a job its
 *   own ancestor: none of its jobs would ever run);
 * - Marathon-like apps: ids unique, diurnal min ≤ max;
 * - rate limits: one per principal;
 * - workload: a window that ends before it starts, a scale past 1e9 per unit, a trace source with
 *   no trace file in it or whose format or table cannot be told (session 19);
 * - failure models' domains and an upgrade's machines that no agent has (session 19);
 * - a framework's roles given twice, updateFramework's minAllocatable (session 19, fuzzing timelines);
 * - revocable replayed work under the central scheduler (session 19, fuzzing offer models).
 * And the ids a counted agent group expands to, which must sort in numeric order.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('services and rate limits', () => {
  const base = `name: svc
agents: [{ id: a, resources: "cpus:4;mem:4GiB" }]
`;
  it('refuses an app id given twice and a diurnal min above its max', () => {
    const { diagnostics } = loadScenarioText('s.yaml', `${base}frameworks:
  - id: marathon
    scheduler:
      type: service
      apps:
        - { id: web, instances: 2, resources: "cpus:1;mem:1GiB", diurnal: { min: 5, max: 2 } }
        - { id: web, instances: 1, resources: "cpus:1;mem:1GiB" }
`);
    expect(diagnostics.map(formatDiagnostic).sort()).toEqual([
      expect.stringMatching(/^s\.yaml:8:\d+: error CS1004 diurnal min 5 is above max 2/),
      expect.stringMatching(/^s\.yaml:9:\d+: error CS1004 app "web" is defined twice/),
    ]);
  });
  it('refuses a second rate limit for the same principal', () => {
    const { diagnostics } = loadScenarioText('r.yaml', `${base}master:
  rateLimits: { limits: [{ principal: p, qps: 1 }, { principal: p, qps: 2 }] }
frameworks: [{ id: f, scheduler: { type: scripted } }]
`);
    expect(diagnostics.map(formatDiagnostic)).toEqual([expect.stringMatching(/^r\.yaml:4:\d+: error CS1004 principal "p" has a limit already/)]);
  });
});

describe('agent ids of a counted group', () => {
  const ids = (count: number, perRack?: number) => {
    const { spec, diagnostics } = loadScenarioText('n.yaml', `name: n
agents: [{ id: a, count: ${count}${perRack ? `, perRack: ${perRack}` : ''}, resources: "cpus:1;mem:1GiB" }]
`);
    expect(diagnostics).toEqual([]);
    return spec!.agents;
  };
  it('are padded to 5 digits, and racks to 2, as long as the count fits', () => {
    const a = ids(12, 4);
    expect([a[0].id, a[11].id, a[0].rack, a[11].rack]).toEqual(['a-00001', 'a-00012', 'rack-01', 'rack-03']);
  });
  it('get wider past 99,999 agents or 99 racks, so they sort in numeric order (the allocator keeps agents sorted by id)', () => {
    const a = ids(100_000, 500);
    expect([a[0].id, a[99_999].id, a[0].rack, a[99_999].rack]).toEqual(['a-000001', 'a-100000', 'rack-001', 'rack-200']);
    expect(a.every((x, i) => i === 0 || a[i - 1].id < x.id)).toBe(true);
  });
});

describe('workload sources', () => {
  const workload = (extra: string) => loadScenarioText('w.yaml', `name: w
frameworks: [{ id: batch, scheduler: { type: trace-replay } }]
workload:
  sources: [{ trace: ${join(process.cwd(), 'traces', 'fixtures', 'swf', 'tiny.swf')} }]
  map: [{ framework: batch }]
${extra}`).diagnostics.map(formatDiagnostic);
  it('refuses a window that ends before it starts (it replayed nothing, silently)', () => {
    expect(workload('  window: { start: 1h, end: 10s }\n')).toEqual([
      expect.stringMatching(/^w\.yaml:6:\d+: error CS1004 the window ends \(10000 ms\) before it starts \(3600000 ms\): nothing of the trace would be replayed/),
    ]);
  });
  it('refuses a scale past 1e9 per unit (amounts overflowed to Infinity and the run stopped, exit 3)', () => {
    expect(workload('  scale: { cpus: 1e308 }\n')).toEqual([
      expect.stringMatching(/^w\.yaml:6:\d+: error CS1002 at most 1e9 cores or MiB per trace unit/),
    ]);
  });

  describe('a trace source the replay cannot read', () => {
    const at = (source: string) => loadScenarioText('t.yaml', `name: t
frameworks: [{ id: batch, scheduler: { type: trace-replay } }]
workload:
  sources: [${source}]
  map: [{ framework: batch }]
`).diagnostics.map(formatDiagnostic);
    let dir = '';
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'trace-source-'));
      mkdirSync(join(dir, 'empty'));
      writeFileSync(join(dir, 'empty', 'README.md'), 'skipped\n');
      writeFileSync(join(dir, 'odd.csv'), 'a,b,c\n1,2,3\n');
      mkdirSync(join(dir, 'tables'));
      writeFileSync(join(dir, 'tables', 'part-00000.csv.gz'), gzipSync('0,,1,2,3\n'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('refuses a directory holding no trace file (it replayed nothing, silently)', () => {
      expect(at(`{ trace: ${join(dir, 'empty')} }`)).toEqual([
        expect.stringMatching(/^t\.yaml:4:\d+: error CS1004 no trace file in directory .*empty \(hidden files/),
      ]);
    });
    it('refuses a file of no known format, with the fix in scenario terms (not the CLI flag)', () => {
      expect(at(`{ trace: ${join(dir, 'odd.csv')} }`)).toEqual([
        expect.stringMatching(/^t\.yaml:4:\d+: error CS1004 trace format not recognized \(known: .*\); set format: on the workload source \(at workload\.sources\.0\.trace\)$/),
      ]);
    });
    it('names the file inside a directory whose table cannot be told, gzipped or not', () => {
      expect(at(`{ trace: ${join(dir, 'tables')}, format: google-2011 }`)).toEqual([
        expect.stringMatching(/^t\.yaml:4:\d+: error CS1004 part-00000\.csv\.gz: cannot tell which google-2011 table .*; set table: on the workload source \(at workload\.sources\.0\.trace\)$/),
      ]);
      expect(at(`{ trace: ${join(dir, 'tables')}, format: google-2011, table: task_events }`)).toEqual([]);
    });
  });
});

describe('failure models and upgrades name what exists', () => {
  const failures = (section: string, workload = '') => loadScenarioText('f.yaml', `name: f
agents: [{ id: a, count: 4, perRack: 2, resources: "cpus:4;mem:4GiB" }]
frameworks: [{ id: batch, scheduler: { type: trace-replay } }]
failures:
${section}${workload}`).diagnostics.map(formatDiagnostic);

  it('refuses a domain no agent is in (the model failed nothing, silently), listing the known ones', () => {
    expect(failures('  models: [{ level: rack, failure: 1h, repair: 10m, domains: [rack-01, rack-1] }]\n')).toEqual([
      expect.stringMatching(/^f\.yaml:5:\d+: error CS1004 no agent is in rack "rack-1" \(known: rack-01, rack-02\)/),
    ]);
    expect(failures('  models: [{ level: zone, failure: 1h, repair: 10m, domains: [z1] }]\n')).toEqual([
      expect.stringMatching(/no agent is in zone "z1" \(no agent has one\)/),
    ]);
    expect(failures('  models: [{ level: rack, failure: 1h, repair: 10m, domains: [rack-02] }]\n')).toEqual([]);
  });

  it('names machines by hostname, at the machine level as in maintenance', () => {
    const hosted = (domains: string) => loadScenarioText('h.yaml', `name: h
agents: [{ id: a0, hostname: host-0, resources: "cpus:4;mem:4GiB" }]
frameworks: []
failures:
  models: [{ level: machine, failure: 1h, repair: 10m, domains: [${domains}] }]
`).diagnostics.map(formatDiagnostic);
    expect(hosted('host-0')).toEqual([]);
    expect(hosted('a0')).toEqual([expect.stringMatching(/no agent is in machine "a0" \(known: host-0\)/)]);
  });

  it('refuses an upgrade of a machine no agent is', () => {
    expect(failures('  upgrade: { strategy: kill, machines: [a-00001, a-9] }\n')).toEqual([
      expect.stringMatching(/^f\.yaml:5:\d+: error CS1004 unknown machine "a-9"/),
    ]);
  });

  it('leaves the names alone when a trace may add agents', () => {
    const trace = join(process.cwd(), 'traces', 'fixtures', 'swf', 'tiny.swf');
    expect(failures('  models: [{ level: rack, failure: 1h, repair: 10m, domains: [rack-9] }]\n', `workload:\n  sources: [{ trace: ${trace} }]\n  map: [{ framework: batch }]\n`)).toEqual([]);
  });
});

describe('a framework\'s roles and per-role minimum allocatable, at declaration and in updateFramework', () => {
  const at = (framework: string, timeline = '') => loadScenarioText('r.yaml', `name: r
agents: [{ id: ag0, resources: "cpus:2;mem:1GiB" }]
frameworks:
  - ${framework}
${timeline}`).diagnostics.map(formatDiagnostic);

  it('refuses a role given twice (Mesos: "FrameworkInfo.roles contains duplicate items"; it stopped the run)', () => {
    expect(at('{ id: fw0, roles: [a, b, a], scheduler: { type: scripted } }')).toEqual([
      expect.stringMatching(/^r\.yaml:4:\d+: error CS1004 role "a" is given twice \(a framework subscribes to each role once\) \(at frameworks\.0\.roles\.2\)$/),
    ]);
    expect(at('{ id: fw0, role: a, scheduler: { type: scripted } }', 'timeline:\n  - { at: 1s, do: updateFramework, framework: fw0, roles: [b, b] }\n')).toEqual([
      expect.stringMatching(/^r\.yaml:6:\d+: error CS1004 role "b" is given twice .*\(at timeline\.0\.roles\.1\)$/),
    ]);
  });

  it('reads updateFramework\'s minAllocatable as a declaration\'s (unread, it stopped the run with "min.map is not a function")', () => {
    expect(at('{ id: fw0, role: a, scheduler: { type: scripted } }', 'timeline:\n  - { at: 1s, do: updateFramework, framework: fw0, minAllocatable: { a: "lots of cpus" } }\n')).toEqual([
      expect.stringMatching(/^r\.yaml:6:\d+: error CS1004 cannot read min allocatable "lots of cpus" .*\(at timeline\.0\.minAllocatable\.a\)$/),
    ]);
    expect(at('{ id: fw0, role: a, scheduler: { type: scripted } }', 'timeline:\n  - { at: 1s, do: updateFramework, framework: fw0, minAllocatable: { a: "cpus:1|mem:64" } }\n')).toEqual([]);
  });
});

describe('the central scheduler and revocable replayed work', () => {
  it('refuses a workload rule mapping tasks to revocable resources under offerModel monolithic (they ran as regular work, silently)', () => {
    const text = (offerModel: string) => `name: m
master: { offerModel: ${offerModel} }
agents: [{ id: a, resources: "cpus:4;mem:4GiB" }]
frameworks: [{ id: be, capabilities: [MULTI_ROLE, REVOCABLE_RESOURCES], scheduler: { type: trace-replay } }]
workload:
  sources: [{ generate: { type: jobs, arrivals: { poisson: 10s }, count: 2, tasks: 1, cpus: 0.5, memMiB: 512, duration: 1m } }]
  map: [{ framework: be, revocable: true }]
`;
    expect(loadScenarioText('m.yaml', text('monolithic')).diagnostics.map(formatDiagnostic)).toEqual([
      expect.stringMatching(/^m\.yaml:7:\d+: error CS1004 offerModel monolithic: the central scheduler places no revocable work .*\(at workload\.map\.0\.revocable\)$/),
    ]);
    expect(loadScenarioText('m.yaml', text('optimistic')).diagnostics).toEqual([]);
  });
});


describe('settings a model could never act on (found by fuzzing framework models, session 20)', () => {
  const at = (frameworks: string, rest = '') => loadScenarioText('m.yaml', `name: m
agents: [{ id: a, count: 3, resources: "cpus:8;mem:16GiB" }]
frameworks:
${frameworks}${rest}`).diagnostics.map(formatDiagnostic);

  it('a period, a repeat interval or a mean time between arrivals of zero (a generator hung; cron repeated every ms)', () => {
    expect(at('  - { id: t, role: r, scheduler: { type: trace-replay } }\n', `workload:
  sources:
    - generate: { type: jobs, arrivals: { diurnal: { mean: 10s, amplitude: 0, period: 0 } }, count: 1, cpus: 1, memMiB: 10, duration: 5s }
    - generate: { type: jobs, arrivals: { poisson: 0s }, end: 1m, cpus: 1, memMiB: 10, duration: 5s }
  map: [ { framework: t } ]
`)).toEqual([
      expect.stringMatching(/^m\.yaml:7:\d+: error CS1004 the diurnal period must be positive \(at workload\.sources\.0\.generate\.arrivals\.diurnal\.period\)$/),
      expect.stringMatching(/^m\.yaml:8:\d+: error CS1004 the mean time between arrivals must be positive/),
    ]);
    expect(at('  - { id: c, role: r, scheduler: { type: cron, jobs: [ { id: j, every: 0, resources: "cpus:1;mem:128", duration: 1s } ] } }\n'))
      .toEqual([expect.stringMatching(/error CS1004 the repeat interval must be positive \(at frameworks\.0\.scheduler\.jobs\.0\.every\)$/)]);
    expect(at('  - { id: m, role: r, scheduler: { type: service, apps: [ { id: x, instances: 1, resources: "cpus:1;mem:10", diurnal: { min: 0, max: 1, period: 0 } } ] } }\n'))
      .toEqual([expect.stringMatching(/the diurnal period must be positive/)]);
  });

  it('an empirical distribution whose cumulative probabilities fall (it was sampled as something else)', () => {
    const cron = (cdf: string) => at(`  - { id: c, role: r, scheduler: { type: cron, jobs: [ { id: j, every: 30s, resources: "cpus:1;mem:128", duration: { empirical: ${cdf} } } ] } }\n`);
    expect(cron('[[60s, 0.9], [10s, 0.1]]')).toEqual([expect.stringMatching(/error CS1002 the cumulative probabilities must not decrease \(list the points sorted\) \(at frameworks\.0\.scheduler\.jobs\.0\.duration\.empirical\)$/)]);
    expect(cron('[[10s, 0.1], [60s, 1]]')).toEqual([]);
  });

  it('Marathon constraints that cannot apply: a LIKE that is no regex (exit 3 before), MAX_PER without a count', () => {
    const svc = (c: string) => at(`  - { id: m, role: r, scheduler: { type: service, apps: [ { id: x, instances: 3, resources: "cpus:1;mem:10", constraints: [${c}] } ] } }\n`);
    expect(svc('[hostname, LIKE, "a-(("]')).toEqual([expect.stringMatching(/error CS1004 LIKE "a-\(\(" is not a regular expression: .*Unterminated group \(at frameworks\.0\.scheduler\.apps\.0\.constraints\.0\)$/)]);
    expect(svc('[hostname, UNLIKE]')).toEqual([expect.stringMatching(/UNLIKE needs a regular expression/)]);
    expect(svc('[hostname, MAX_PER, abc]')).toEqual([expect.stringMatching(/MAX_PER needs a positive count of tasks per value, got "abc"/)]);
    expect(svc('[rack, GROUP_BY, 0]')).toEqual([expect.stringMatching(/GROUP_BY's count of values must be positive, got "0"/)]);
    expect(svc('[hostname, LIKE, "a-.*"], [hostname, MAX_PER, 2], [rack, GROUP_BY, 3], [hostname, UNIQUE]')).toEqual([]);
  });
});

describe('revocable resources where Mesos has none (found by fuzzing oversubscription, session 21)', () => {
  const load = (text: string) => loadScenarioText('r.yaml', text).diagnostics.map(formatDiagnostic);

  it('a revocable-only batch model without REVOCABLE_RESOURCES (it waited the whole run, silently), unless an updateFramework grants it', () => {
    const text = (caps: string, timeline = '') => `name: r
agents: [{ id: a, resources: "cpus:4;mem:8GiB" }]
frameworks:
  - { id: be, role: be, capabilities: [${caps}], scheduler: { type: batch, revocable: true, jobs: { count: 1, tasks: 1, resources: "cpus:1;mem:1GiB", duration: 1m } } }
oversubscription: { estimator: { type: fixed, resources: "cpus:2" } }
${timeline}`;
    expect(load(text('MULTI_ROLE'))).toEqual([expect.stringMatching(/^r\.yaml:4:\d+: error CS1004 a scheduler with revocable: true runs only on revocable resources, .*REVOCABLE_RESOURCES.* \(at frameworks\.0\.scheduler\.revocable\)$/)]);
    expect(load(text('MULTI_ROLE, REVOCABLE_RESOURCES'))).toEqual([]);
    expect(load(text('MULTI_ROLE', 'timeline:\n  - { at: 1m, do: updateFramework, framework: be, capabilities: [MULTI_ROLE, REVOCABLE_RESOURCES] }\n'))).toEqual([]);
  });

  it('an agent declaring revocable resources, and reserving revocable resources (§4)', () => {
    expect(load('name: r\nagents: [{ id: a, resources: "cpus:4;mem:8GiB;cpus{revocable}:4" }]\nframeworks: []\n'))
      .toEqual([expect.stringMatching(/^r\.yaml:2:\d+: error CS1004 an agent declares no revocable resources: they come from the resource estimator/)]);
    expect(load('name: r\nagents: [{ id: a, resources: "cpus:4;mem:8GiB" }]\nframeworks: []\ntimeline:\n  - { at: 30s, do: reserve, agent: a, resources: "cpus(be){dynamic,revocable}:1" }\n'))
      .toEqual([expect.stringMatching(/^r\.yaml:5:\d+: error CS1004 reserve cannot apply to revocable resources/)]);
  });
});
