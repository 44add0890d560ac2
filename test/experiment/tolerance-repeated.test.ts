/**
 * `check --golden` bands given twice (session 11). `--tolerance rel=0.1,rel=0.2` was accepted and the
 * last value won; `--tolerance rel=0.1 --tolerance rel=0.2` stopped with 'error: text.trim is not a
 * function' (exit 3); the same --tolerance-path pattern twice kept a band that could never apply
 * (first match wins). Each is now a usage error (exit 2) naming the flag and the duplicate.
 */
import { describe, expect, it } from 'vitest';
import { parsePathTolerances, parseTolerance } from '../../src/experiment/golden.ts';
import { cli } from './helpers.ts';

describe('a band given twice', () => {
  it('a repeated key in one band is an error naming the flag and the key', () => {
    expect(parseTolerance('rel=0.1,rel=0.2')).toBe('--tolerance "rel=0.1,rel=0.2": rel given twice (rel=0.1, rel=0.2); give each of rel and abs at most once');
    expect(parseTolerance('abs=1, rel=0.1,abs=2', '--tolerance-counts')).toBe('--tolerance-counts "abs=1, rel=0.1,abs=2": abs given twice (abs=1, abs=2); give each of rel and abs at most once');
    expect(parseTolerance('rel=0.1,abs=2')).toEqual({ rel: 0.1, abs: 2 }); // each once: fine
  });
  it('malformed bands: an empty part, a duration for counts', () => {
    expect(parseTolerance('rel=0.1,')).toMatch(/^--tolerance expects a number or rel=<x>,abs=<y>, got "rel=0.1,"$/);
    expect(parseTolerance('abs=30s', '--tolerance-counts')).toMatch(/^--tolerance-counts "abs=30s": abs=30s is a duration, but counts .* are plain numbers/);
    expect(parseTolerance('abs=30s')).toEqual({ rel: 1e-9, abs: 30_000, absIsDuration: true }); // durations are in ms: fine under --tolerance
  });
  it('--tolerance-path: a repeated key inside a band, the same pattern twice', () => {
    expect(parsePathTolerances(['waitMs.p95=rel=0.1,rel=0.2'])).toBe('--tolerance-path "waitMs.p95=rel=0.1,rel=0.2": rel given twice (rel=0.1, rel=0.2); give each of rel and abs at most once');
    expect(parsePathTolerances(['waitMs.p95=0.1', 'offers.**=abs=5', 'waitMs.p95=rel=0.3'])).toBe(
      '--tolerance-path waitMs.p95 given twice ("waitMs.p95=0.1", "waitMs.p95=rel=0.3"): the first match wins, so the second band would never apply; give each pattern once');
    const ok = parsePathTolerances(['waitMs.p95=0.1', 'waitMs.**=0.5']);
    expect(ok).toEqual([{ pattern: 'waitMs.p95', tolerance: { rel: 0.1, abs: 1e-12 } }, { pattern: 'waitMs.**', tolerance: { rel: 0.5, abs: 1e-12 } }]);
  });
  it.each([
    [['--tolerance', 'rel=0.1,rel=0.2'], 'error: --tolerance "rel=0.1,rel=0.2": rel given twice (rel=0.1, rel=0.2)'],
    [['--tolerance', 'rel=0.1', '--tolerance', 'rel=0.2'], 'error: --tolerance given twice (rel=0.1, rel=0.2): give it once'],
    [['--tolerance-counts', 'abs=2', '--tolerance-path', 'offers.made=abs=1', '--tolerance-path', 'offers.made=abs=3'], 'error: --tolerance-path offers.made given twice ("offers.made=abs=1", "offers.made=abs=3")'],
  ])('the CLI: %j is a usage error (exit 2), before anything runs', (flags, message) => {
    const r = cli(['check', 'scenarios/drf-paper.yaml', '--golden', 'goldens', ...flags]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at |is not a function/);
    expect(r.stdout).toBe(''); // nothing was checked
  });
});
