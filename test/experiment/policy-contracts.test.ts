/**
 * The agent-side contract of estimators and QoS controllers (src/experiment/policy-contracts.ts):
 * the built-in policies keep it, and a plugin breaking one rule fails exactly that rule.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPlugin } from '../../src/experiment/plugins.ts';
import { runEstimatorContract, runQosContract, type ContractReport } from '../../src/experiment/policy-contracts.ts';
import { runSorterContract } from '../../src/experiment/sorter-contract.ts';
import { runOfferPolicyContract } from '../../src/experiment/offer-policy-contract.ts';
import { runAllocatorInvariants } from '../../src/experiment/allocator-invariants.ts';
import '../../src/master/sorter/registry.ts';
import '../../src/master/oversubscription/estimators/registry.ts';
import '../../src/master/oversubscription/qos/registry.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BAD = resolve(ROOT, 'test/fixtures/plugins/bad-oversubscription.js');
const BAD_SORTER = resolve(ROOT, 'test/fixtures/plugins/bad-sorter.js');
const NOT_DRF = resolve(ROOT, 'test/fixtures/plugins/not-drf-sorter.js');
const BAD_POLICY = resolve(ROOT, 'test/fixtures/plugins/bad-offer-policy.js');
const SHARED_STATE = resolve(ROOT, 'test/fixtures/plugins/shared-state-sorter.js');
const failing = (r: ContractReport) => r.rules.filter((x) => !x.pass).map((x) => x.rule);

describe('policy contracts', () => {
  beforeAll(async () => { await loadPlugin(BAD); await loadPlugin(BAD_SORTER); await loadPlugin(NOT_DRF); await loadPlugin(BAD_POLICY); await loadPlugin(SHARED_STATE); });

  it('sorters: drf and random keep the Sorter contract, and so does a valid sorter that is not DRF', () => {
    for (const name of ['drf', 'random', 'alphabetical']) expect(failing(runSorterContract(name)), name).toEqual([]);
  });

  it('a sorter that lists suppressed clients and ignores "stop" fails those two rules', () => {
    const r = runSorterContract('leaky');
    expect(failing(r)).toEqual(['sort() lists every active client once, and only those', 'forEach visits every active client once and stops when told']);
    // a client is inactive until activated (Mesos Sorter::add): listed at once, after the first step
    expect(r.rules[0].problem).toBe('after step 1 (add a/x): sort() = [a/x], active clients []');
  });

  it('the built-in estimators and QoS controllers keep every rule', () => {
    for (const [name, config] of [['noop', {}], ['fixed', { resources: new Map([['cpus', 4000], ['mem', 2_048_000]]) }], ['usage', { windowMs: 60_000, margin: 0.1, resources: ['cpus', 'mem'] }]] as const) {
      expect(failing(runEstimatorContract(name, config)), name).toEqual([]);
    }
    for (const [name, config] of [['noop', {}], ['usage', {}], ['load', { threshold5min: 2, threshold15min: null }]] as const) {
      expect(failing(runQosContract(name, config)), name).toEqual([]);
    }
  });

  it('an estimator breaking one rule fails that rule, with where it happened', () => {
    const fractional = runEstimatorContract('fractional');
    expect(failing(fractional)).toEqual(['null or whole non-negative milli-amounts']);
    expect(fractional.rules[0].problem).toMatch(/^at t=15000ms on agent-0: .*cpus: 1500\.5; quantities are non-negative integer milli-units/);
    expect(failing(runEstimatorContract('drifting'))).toEqual(['deterministic (a fresh instance gives the same answers)']);
    expect(failing(runEstimatorContract('scribbler'))).toEqual(['leaves its inputs untouched']);
  });

  it('a QoS controller killing regular tasks, twice each, fails those rules', () => {
    const r = runQosContract('kill-oldest');
    expect(failing(r)).toEqual(['kills only running revocable tasks (§4)', 'names each task at most once per correction']);
    expect(r.rules[0].problem).toMatch(/kills agent-\d-task-\d+, a regular \(non-revocable\) task/);
  });

  it('allocator invariants hold with drf, random and a valid non-DRF sorter as role and framework sorters', () => {
    for (const name of ['drf', 'random', 'alphabetical']) expect(failing(runAllocatorInvariants(name)), name).toEqual([]);
  });

  it('a sorter whose framework sorters share their clients makes the allocator offer to frameworks of other roles', () => {
    const r = runAllocatorInvariants('shared-state');
    expect(failing(r)).toContain("offers only for one of the framework's roles");
    expect(r.rules.find((x) => x.rule === "offers only for one of the framework's roles")!.problem).toMatch(/^sequence \d+, operation \d+: fw\d+ \(roles [\w/]+\) offered resources for [\w/]+$/);
    // The other invariants are enforced by the allocator whatever the sorter says.
    expect(failing(r).filter((x) => !/framework's roles|without throwing/.test(x))).toEqual([]);
  });

  it('offer policies: a function of the question keeps the contract; each bad habit breaks its rule', () => {
    expect(failing(runOfferPolicyContract('moody'))).toEqual([]);
    const yes = runOfferPolicyContract('moody', { yes: true });
    expect(failing(yes)).toEqual(['answers true or false, without throwing']);
    expect(yes.rules[0].problem).toMatch(/^framework web, role prod, agent agent-1: .*allows\(\) must return true or false, got string$/);
    const alternate = runOfferPolicyContract('moody', { alternate: true });
    expect(failing(alternate)).toEqual(['the answer depends only on the question (asked again, in another order)']);
    expect(alternate.rules[1].problem).toMatch(/^framework \w+, role [\w/]+, agent agent-\d: (true|false) the first time, (true|false) the next$/);
    expect(failing(runOfferPolicyContract('moody', { coin: true }))).toEqual(['deterministic (a fresh instance gives the same answers)']);
    expect(failing(runOfferPolicyContract('moody', { scribble: true }))).toEqual(['leaves the agent untouched']);
    expect(failing(runOfferPolicyContract('no-such-policy'))).toEqual(['can be built and called']);
  });

  it('an unknown name or a throwing factory is reported, not thrown', () => {
    expect(failing(runEstimatorContract('no-such-estimator'))).toEqual(['can be built and called']);
    const noOptions = runEstimatorContract('fixed', {}); // the factory throws without `resources`
    expect(failing(noOptions)).toEqual(['can be built and called']);
    expect(noOptions.rules[0].problem).toMatch(/^threw: fixed estimator: `resources`/);
  });

  it('clustersim check --plugin runs the contracts and exits 1 on a broken rule', () => {
    const r = spawnSync(process.execPath, ['bin/clustersim.js', 'check', '--plugin', 'test/fixtures/plugins/bad-oversubscription.js'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('contract of qos-controller "kill-oldest"');
    expect(r.stdout).toMatch(/FAIL kills only running revocable tasks/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  }, 60_000);
});
