/**
 * `check --golden --tolerance rel=0.5`: integers (counts, whole-ms durations such as waitMs.p95)
 * still compare exactly (docs/experiments.md), so a +18% wait p95 failed a 50% band and nothing
 * said why. The diff now ends with a line saying so, only when the tolerance was loosened.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkScenarioFile } from '../../src/experiment/check.ts';
import { FIXTURES, tempDir } from './helpers.ts';

describe('check --tolerance with integer differences', () => {
  it('says that integers compare exactly when a loosened tolerance did not cover them', async () => {
    const dir = tempDir();
    const golden = join(dir, 'golden');
    mkdirSync(golden);
    const file = join(FIXTURES, 'drf-assert.yaml');
    const updated = await checkScenarioFile(file, { goldenDir: golden, update: true });
    const g = updated.cases.find((c) => c.name === 'golden')!;
    const path = g.message.replace(/^wrote /, '');
    const summary = JSON.parse(readFileSync(path, 'utf8'));
    summary.tasks.launched += 1;                         // an integer: exact whatever the tolerance
    summary.roles.a.mean.dominantShare *= 1.1;           // a fraction: inside a 50% band
    writeFileSync(path, JSON.stringify(summary));
    const loose = (await checkScenarioFile(file, { goldenDir: golden, tolerance: { rel: 0.5, abs: 0 } })).cases.find((c) => c.name === 'golden')!;
    expect(loose.status).toBe('fail');
    expect(loose.details.some((d) => d.includes('tasks.launched'))).toBe(true);
    expect(loose.details.some((d) => d.includes('dominantShare'))).toBe(false);
    expect(loose.details.at(-1)).toBe('  (1 of these is an integer: counts and whole-ms durations must match exactly; --tolerance applies to fractional numbers only)');
    // the default tolerance: no hint
    const strict = (await checkScenarioFile(file, { goldenDir: golden })).cases.find((c) => c.name === 'golden')!;
    expect(strict.details.some((d) => d.includes('--tolerance'))).toBe(false);
  });
});
