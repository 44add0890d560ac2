/**
 * The scheduler contract of plugin framework models (src/experiment/model-contract.ts): a well-behaved
 * model keeps every rule, and each bad habit of the `sloppy` fixture breaks exactly its rule.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPlugin } from '../../src/experiment/plugins.ts';
import { runModelContract } from '../../src/experiment/model-contract.ts';
import type { ContractReport } from '../../src/experiment/policy-contracts.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const GOOD = resolve(ROOT, 'test/fixtures/plugins/all-extensions.js');
const BAD = resolve(ROOT, 'test/fixtures/plugins/bad-model.js');
const failing = (r: ContractReport) => r.rules.filter((x) => !x.pass).map((x) => x.rule);
const HABITS = { greedy: false, twice: false, scribble: false, stranger: false, coin: false };

describe('framework model contract', () => {
  beforeAll(async () => { await loadPlugin(GOOD); await loadPlugin(BAD); });

  it('a well-behaved model keeps every rule', () => {
    expect(failing(runModelContract('fill-with', { task: 'cpus:1;mem:512', count: 12, durationMs: 120_000 }))).toEqual([]);
    expect(failing(runModelContract('sloppy', HABITS))).toEqual([]);
  });

  it('each bad habit breaks its own rule, with the first occurrence', () => {
    const only = (habit: keyof typeof HABITS) => runModelContract('sloppy', { ...HABITS, [habit]: true });
    const greedy = only('greedy');
    expect(failing(greedy)).toEqual(['launches fit in their offer']);
    expect(greedy.rules.find((r) => !r.pass)!.problem).toMatch(/^offer o-000001 has cpus:8;.* its launches ask for cpus:100;mem:1024 \(at 0 ms\)$/);
    expect(failing(only('twice'))).toEqual(['answers only offers it holds (each once, none after its rescission)']);
    expect(failing(only('scribble'))).toEqual(['leaves the offers it is given untouched']);
    expect(failing(only('stranger'))).toEqual(['kills only its own running tasks']);
    expect(failing(only('coin'))).toEqual(['same seed, same event log']);
  });

  it('a model that throws fails "runs without throwing" instead of crashing check', () => {
    const r = runModelContract('sloppy', { ...HABITS, explode: true });
    // The plugin's exception comes named: which plugin, which model, which call (plugins.ts pluginCall).
    expect(r.rules[0]).toMatchObject({ rule: 'runs without throwing', pass: false, problem: expect.stringMatching(/^threw: plugin .*bad-model\.js: framework model "sloppy" onOffers\(\) threw: sloppy lost its place$/) });
    expect(r.rules.find((x) => x.rule === 'same seed, same event log')).toMatchObject({ pass: false, problem: 'not checked: the run threw' });
    const missing = runModelContract('no-such-model');
    expect(missing.rules[0]).toMatchObject({ rule: 'runs without throwing', pass: false });
    expect(missing.rules[0].problem).toMatch(/no-such-model/);
  });

  it('clustersim check --plugin runs the contract: a JUnit case per rule, exit 1 on a broken one', () => {
    const r = spawnSync(process.execPath, [resolve(ROOT, 'bin/clustersim.js'), 'check', '--plugin', BAD], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('contract of framework-model "sloppy"');
    expect(r.stdout).toMatch(/"sloppy" breaks \d of 6 rules/);
  });
});
