/**
 * Plugin extension points beyond sorters (issue 8, item 5): estimator, QoS controller, framework
 * model and offer policy, each registered by test/fixtures/plugins/all-extensions.js and selected by
 * test/fixtures/plugins/plugins-scenario.yaml, run through the CLI. Every assertion is on the run's
 * own outputs (events.jsonl, summary.json), and the offer-policy one is contrasted with a run where
 * the policy bans nothing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTENSION_POINTS, loadPlugin, PLUGIN_API_VERSION } from '../../src/experiment/plugins.ts';
import { frameworkModelNames } from '../../src/frameworks/registry.ts';
import { offerPolicyFactory } from '../../src/master/offer-policy/registry.ts';
import { estimatorFactory } from '../../src/master/oversubscription/estimators/registry.ts';
import { qosFactory } from '../../src/master/oversubscription/qos/registry.ts';
import { cli, ROOT, tempDir } from './helpers.ts';

const PLUGIN = 'test/fixtures/plugins/all-extensions.js';
const SCENARIO = 'test/fixtures/plugins/plugins-scenario.yaml';

type Event = { t: number; type: string } & Record<string, unknown>;

function run(args: readonly string[]): { status: number | null; stdout: string; stderr: string; events: Event[]; summary: Record<string, any> } {
  const out = join(tempDir(), 'run');
  const r = cli(['run', ...args, '--out', out, '--no-report', '--no-progress']);
  if (r.status !== 0) return { status: r.status, stdout: r.stdout, stderr: r.stderr, events: [], summary: {} };
  const events = readFileSync(join(out, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Event);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, events, summary: JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) };
}

describe('plugin extension points', () => {
  it('registers one of each kind in process, with a truthful api.available', async () => {
    let seen: { apiVersion: number; available: readonly string[] } | null;
    const dir = tempDir();
    writeFileSync(join(dir, 'probe.mjs'), 'export function register(api) { globalThis.__probe = { apiVersion: api.apiVersion, available: api.available }; }\n');
    await loadPlugin(join(dir, 'probe.mjs'));
    seen = (globalThis as { __probe?: typeof seen }).__probe ?? null;
    expect(seen).toEqual({ apiVersion: PLUGIN_API_VERSION, available: EXTENSION_POINTS });
    expect(PLUGIN_API_VERSION).toBe(2);
    const p = await loadPlugin(join(ROOT, PLUGIN));
    expect(p).toMatchObject({ sorters: [], estimators: ['constant-spare'], qosControllers: ['evict-after'], frameworks: ['fill-with'], offerPolicies: ['keep-off'] });
    expect(estimatorFactory('constant-spare')).toBeDefined();
    expect(qosFactory('evict-after')).toBeDefined();
    expect(offerPolicyFactory('keep-off')).toBeDefined();
    expect(frameworkModelNames()).toContain('fill-with');
    // The checked estimator turns the plugin's plain object into milli-unit quantities.
    const est = estimatorFactory('constant-spare')!({ cpus: 2, memMiB: 1024 });
    expect(est.name).toBe('constant-spare');
    expect(est.revocableCapacity({ nowMs: 0, agentId: 'a', capacity: new Map(), usage: {} as never })).toEqual(new Map([['cpus', 2000], ['mem', 1024000]]));
  });

  it('clustersim run --plugin: the policy keeps agent3 unoffered, the model launches, the estimator offers revocable, the controller kills', () => {
    const r = run([SCENARIO, '--plugin', PLUGIN]);
    expect(r.status, r.stderr).toBe(0);
    const offers = r.events.filter((e) => e.type === 'offer');
    // Offer policy: agent3 is never offered, agents 1 and 2 are.
    expect(offers.filter((o) => o.agent === 'agent3')).toEqual([]);
    expect(new Set(offers.map((o) => o.agent))).toEqual(new Set(['agent1', 'agent2']));
    // Framework model: exactly its `count` of tasks of its shape.
    const svcTasks = r.events.filter((e) => e.type === 'task.launched' && e.framework === 'svc');
    expect(svcTasks).toHaveLength(6);
    expect(r.summary.frameworks.svc.end).toMatchObject({ cpus: 6, mem: 3072 });
    // Estimator: reports its constant spare as revocable on every agent.
    const reports = r.events.filter((e) => e.type === 'oversubscription.report');
    expect(reports.length).toBeGreaterThanOrEqual(3);
    for (const rep of reports) expect(rep).toMatchObject({ estimator: 'constant-spare', revocable: "cpus{revocable}:2;mem{revocable}:1024" });
    expect(r.summary.oversubscription.estimator).toBe('constant-spare');
    expect(r.summary.oversubscription.revocableTasksLaunched).toBeGreaterThan(0);
    // QoS controller: kills only from its `after` (5 min) on, one task per correction.
    const corrections = r.events.filter((e) => e.type === 'qos.correction');
    expect(corrections.length).toBeGreaterThan(0);
    for (const c of corrections) {
      expect(c.t).toBeGreaterThanOrEqual(300_000);
      expect(c).toMatchObject({ controller: 'evict-after' });
      expect(c.tasks).toHaveLength(1);
    }
    expect(r.summary.oversubscription.qosController).toBe('evict-after');
    expect(r.summary.oversubscription.revocations.tasksKilled).toBe(corrections.length);
    // Revocable tasks that started before 5 min ran undisturbed until then.
    expect(r.events.some((e) => e.type === 'task.launched' && e.framework === 'besteffort' && e.t < 300_000)).toBe(true);
  });

  it('the same run with a policy that bans nothing does offer agent3', () => {
    const r = run([SCENARIO, '--plugin', PLUGIN, '--set', 'master.offerPolicy={type: keep-off, options: {agents: []}}']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.events.some((e) => e.type === 'offer' && e.agent === 'agent3')).toBe(true);
  });

  it('a scenario may name the plugin itself (plugins:, relative to the file); validate accepts it', () => {
    const dir = tempDir();
    const file = join(dir, 's.yaml');
    writeFileSync(file, `plugins: [${JSON.stringify(join(ROOT, PLUGIN))}]\n` + readFileSync(join(ROOT, SCENARIO), 'utf8'));
    const r = run([file]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.events.filter((e) => e.type === 'task.launched' && e.framework === 'svc')).toHaveLength(6);
    const v = cli(['validate', file]);
    expect(v.status, v.stderr).toBe(0);
  });

  it('unknown names are diagnostics with file:line:column and the known names (exit 2)', () => {
    const none = cli(['run', SCENARIO, '--no-report', '--out', join(tempDir(), 'x')]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/plugins-scenario\.yaml:7:\d+: error \S+ unknown offer policy "keep-off" \(known: none; load the plugin with --plugin/);
    expect(none.stderr).toMatch(/plugins-scenario\.yaml:15:\d+: error \S+ unknown plugin framework model "fill-with"/);
    expect(none.stderr).toMatch(/plugins-scenario\.yaml:27:\d+: error \S+ unknown resource estimator "constant-spare" \(known: fixed, noop, usage;/);
    expect(none.stderr).toMatch(/plugins-scenario\.yaml:28:\d+: error \S+ unknown QoS controller "evict-after" \(known: load, noop, usage;/);
    expect(none.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const typo = cli(['validate', SCENARIO, '--plugin', PLUGIN]);
    expect(typo.status, typo.stderr).toBe(0);
    const bad = cli(['run', SCENARIO, '--plugin', PLUGIN, '--no-report', '--out', join(tempDir(), 'y'),
      '--set', 'oversubscription.qos=evict-aftr', '--set', 'frameworks.0.scheduler.model=service']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown QoS controller "evict-aftr" \(known: evict-after, load, noop, usage;/);
    expect(bad.stderr).toMatch(/unknown plugin framework model "service" \(known: fill-with;.*built-in models are selected with their own type/);
    // A built-in estimator with a misspelt field is still caught by the built-in schema, not taken for a plugin.
    const field = cli(['validate', SCENARIO, '--plugin', PLUGIN, '--set', 'oversubscription.estimator={type: usage, windw: 5m}']);
    expect(field.status).toBe(2);
  });

  it('a factory of the wrong shape fails with the plugin, the policy and what is missing (exit 2)', () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.mjs');
    writeFileSync(bad, `export function register(api) {
  api.registerEstimator('broken-est', () => ({ estimate() { return null; } }));
  api.registerQosController('broken-qos', () => ({ corrections: () => ({ kill: 'all' }) }));
  api.registerFramework('broken-model', () => ({}));
  api.registerOfferPolicy('maybe', () => ({ allows: () => 'yes' }));
}
`);
    const cases: [string, RegExp][] = [
      ['oversubscription.estimator=broken-est', /resource estimator "broken-est" lacks revocableCapacity\(input\)/],
      ['oversubscription.qos=broken-qos', /QoS controller "broken-qos" corrections\(\) must return null or \{ kill: \[taskId, \.\.\.\], reason \}/],
      ['frameworks.0.scheduler.model=broken-model', /framework model "broken-model" must return a Scheduler with onOffers/],
      ['master.offerPolicy={type: maybe}', /offer policy "maybe" allows\(\) must return true or false, got string/],
    ];
    for (const [set, message] of cases) {
      const r = cli(['run', SCENARIO, '--plugin', PLUGIN, '--plugin', bad, '--set', set, '--no-report', '--out', join(dir, 'out'), '--force']);
      expect(r.status, `${set}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/^error: plugin \S*bad\.mjs: /);
      expect(r.stderr).toMatch(message);
    }
  });

  it('register() rejects names that clash or are reserved', async () => {
    const dir = tempDir();
    const files: [string, string, RegExp][] = [
      ['est.mjs', 'api.registerEstimator("usage", () => ({}))', /a resource estimator named "usage" already exists \(known: .*fixed, noop, usage/],
      ['svc.mjs', 'api.registerFramework("service", () => ({}))', /a framework model named "service" already exists \(known: analytics, cron, (fill-with, )?hoarder, service, stateful, trace-replay/],
      ['qos.mjs', 'api.registerQosController("load", () => ({}))', /a QoS controller named "load" already exists/],
      ['fw.mjs', 'api.registerFramework("plugin", () => ({}))', /the framework model name "plugin" is reserved/],
      ['pol.mjs', 'api.registerOfferPolicy("Bad Name", () => ({}))', /offer policy name "Bad Name" must be kebab-case/],
      ['nofn.mjs', 'api.registerOfferPolicy("no-fn", {})', /registerOfferPolicy\("no-fn", factory\) needs a factory function/],
    ];
    for (const [name, body, message] of files) {
      writeFileSync(join(dir, name), `export function register(api) { ${body}; }\n`);
      await expect(loadPlugin(join(dir, name))).rejects.toThrow(message);
    }
  });
});
