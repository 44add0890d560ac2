/**
 * A plugin that misbehaves while the simulation runs (found by fuzzing, session 18): an exception
 * from one of its callbacks, or a reply the master cannot read, is exit 2 naming the plugin, the
 * model and the call (src/experiment/plugins.ts pluginCall, checkedReply). Before: exit 3 with a bare
 * "simulation error: offers boom", a TypeError from deep in the master ("(reply.accept ?? []).map is
 * not a function"), or, for `throw null`, a crash of the error handler itself. Session 19: what a
 * model is handed is a frozen copy (src/experiment/frozen-copy.ts); a push to an offer's resources
 * had changed the allocator's own array.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from './helpers.ts';

const PLUGIN = join(ROOT, 'test/fixtures/plugins/misbehaving-model.js');

function run(habit: string) {
  const dir = tempDir();
  const file = join(dir, 'scenario.yaml');
  writeFileSync(file, `name: misbehave
until: 10s
agents: [{ id: a, resources: "cpus:4;mem:1GiB" }]
frameworks:
  - id: m
    scheduler: { type: plugin, model: misbehave, options: { habit: ${habit} } }
`);
  return cli(['run', file, '--plugin', PLUGIN, '--out', join(dir, 'out'), '--no-report']);
}

describe('a plugin misbehaving at run time', { timeout: 120_000 }, () => {
  it.each([
    ['throw-error', /framework model "misbehave" onOffers\(\) threw: offers boom$/m],
    ['throw-null', /framework model "misbehave" onOffers\(\) threw: null$/m],
    ['throw-in-start', /framework model "misbehave" start\(\) threw: start boom$/m],
    ['reply-string', /onOffers\(\) returned a string; it returns nothing or \{ accept\?/],
    ['accept-not-list', /onOffers\(\) returned accept that is not a list/],
    ['launch-nan-duration', /onOffers\(\) returned a launch with durationMs NaN \(a finite number ≥ 0, or null to run until killed\)/],
    ['launch-no-resources', /onOffers\(\) returned a launch without resources/],
    // Offers are frozen copies (session 19): pushing to one used to change the allocator's own array.
    ['mutate-offer', /framework model "misbehave" onOffers\(\) changed what it was handed, which is read-only \(the simulation's own state; copy it to change it\): Cannot add property \d+, object is not extensible$/m],
  ])('%s: exit 2 naming the plugin and the call', (habit, message) => {
    const r = run(habit);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^error: plugin .*misbehaving-model\.js: /);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });

  it('a model that behaves runs as before', () => {
    expect(run('decline').status).toBe(0);
  });

  it('a model that tries to change what it was handed changes nothing: the same run as one that does not try', () => {
    const quiet = run('mutate-quietly'), clean = run('launch-one');
    expect([quiet.status, clean.status]).toEqual([0, 0]);
    const digest = (out: string) => /event digest ([0-9a-f]{64})/.exec(out)?.[1];
    expect(digest(quiet.stdout)).toBeDefined();
    expect(digest(quiet.stdout)).toBe(digest(clean.stdout));
  });
});
