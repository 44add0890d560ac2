/**
 * The committed example run directory (reports/examples/drf-paper/, which the README sends new users
 * to) is what this version writes: docs/outputs.md says regenerating it changes only timing.json. It
 * had drifted (session 19: summary.json lacked four members added since, the charts and report
 * differed), and nothing noticed.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tempDir } from '../experiment/helpers.ts';

const EXAMPLE = join(ROOT, 'reports/examples/drf-paper');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

describe('the committed example run directory', { timeout: 120_000 }, () => {
  it('is what `run scenarios/drf-paper.yaml` writes today, byte for byte but timing.json (and the Node version)', () => {
    const out = join(tempDir(), 'drf-paper');
    const r = cli(['run', 'scenarios/drf-paper.yaml', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const names = (dir: string) => files(dir).map((f) => relative(dir, f)).sort();
    expect(names(out)).toEqual(names(EXAMPLE));
    // manifest.json names the Node version it ran on: the one member another machine may differ in.
    const comparable = (f: string, dir: string) => (f === 'manifest.json' ? JSON.stringify({ ...JSON.parse(readFileSync(join(dir, f), 'utf8')), node: null }) : readFileSync(join(dir, f)));
    const same = (f: string) => { const a = comparable(f, out), b = comparable(f, EXAMPLE); return typeof a === 'string' ? a === b : a.equals(b as Buffer); };
    const stale = names(EXAMPLE).filter((f) => f !== 'timing.json' && !same(f));
    expect(stale, 'regenerate: npx clustersim run scenarios/drf-paper.yaml --out reports/examples/drf-paper --force').toEqual([]);
  });
});
