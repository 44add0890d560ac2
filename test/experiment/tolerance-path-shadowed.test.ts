/**
 * `--tolerance-path` bands are tried in order and the first match wins, so a pattern after a wider one
 * that already covers every metric it names could never apply (`waitMs.**` then `waitMs.p95`): it was
 * accepted without a word and the metric stayed under the wider band. Now a usage error (exit 2)
 * naming both patterns; the narrower one first is fine.
 */
import { describe, expect, it } from 'vitest';
import { parsePathTolerances } from '../../src/experiment/golden.ts';
import { cli } from './helpers.ts';

const shadowed = (texts: string[]) => {
  const r = parsePathTolerances(texts);
  return typeof r === 'string' ? r : null;
};

describe('--tolerance-path after a wider pattern', () => {
  it('is an error naming both patterns', () => {
    expect(shadowed(['waitMs.**=0.5', 'waitMs.p95=0.1'])).toBe(
      '--tolerance-path waitMs.p95 ("waitMs.p95=0.1") comes after waitMs.** ("waitMs.**=0.5"), which already covers every metric it names: the first match wins, so its band would never apply; give the narrower pattern first');
    expect(shadowed(['roles.**=0.2', 'roles.*.end=0.1'])).toMatch(/^--tolerance-path roles\.\*\.end .* comes after roles\.\*\*/);
    expect(shadowed(['roles.*.end=0.1', 'roles.web.end=0.2'])).toMatch(/^--tolerance-path roles\.web\.end .* comes after roles\.\*\.end/);
    expect(shadowed(['offers=abs=2', 'offers.made=abs=1'])).toMatch(/comes after offers /); // a pattern covers everything under it
    expect(shadowed(['wait*=0.3', 'waitMs.p95=0.1'])).toMatch(/comes after wait\* /); // * inside a key
  });

  it('the narrower pattern first, or patterns that only overlap, are fine', () => {
    expect(shadowed(['waitMs.p95=0.1', 'waitMs.**=0.5'])).toBeNull();
    expect(shadowed(['roles.web.end=0.1', 'roles.*.end=0.2'])).toBeNull();
    expect(shadowed(['roles.*.end=0.1', 'roles.*.max=0.2'])).toBeNull();
    expect(shadowed(['*.end=0.1', '**.end=0.2'])).toBeNull(); // the later one names more
    expect(shadowed(['offers.made=abs=1', 'offers.declined=abs=1', 'offers=abs=5'])).toBeNull();
  });

  it('the CLI: a usage error (exit 2) before anything runs', () => {
    const r = cli(['check', 'scenarios/drf-paper.yaml', '--golden', 'goldens', '--tolerance-path', 'waitMs.**=rel=0.5', '--tolerance-path', 'waitMs.p95=rel=0.1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('error: --tolerance-path waitMs.p95 ("waitMs.p95=rel=0.1") comes after waitMs.** ("waitMs.**=rel=0.5")');
    expect(r.stdout).toBe('');
  });
});
