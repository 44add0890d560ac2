/**
 * Every built-in scenario (but the long demo) against its committed golden summary in goldens/: a
 * change of allocator, framework or metric behaviour that moves any reported number fails here.
 * Intended changes are recorded with `npx clustersim check scenarios/<name>.yaml --golden goldens --update`
 * (and the diff reviewed). google-2011-sample needs ../shared and is skipped without it.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkScenarioFile } from '../../src/experiment/check.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const hasShared = existsSync(resolve(ROOT, '../shared/traces-real'));
const NEEDS_SHARED = new Set(['google-2011-sample.yaml', 'swf-rigid-jobs.yaml']);
const files = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml') && f !== 'demo.yaml').sort();

describe('built-in scenarios match their golden summaries', () => {
  it('covers the built-in scenarios', () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
  });

  for (const file of files) {
    it.skipIf(NEEDS_SHARED.has(file) && !hasShared)(file, async () => {
      const check = await checkScenarioFile(join(ROOT, 'scenarios', file), { goldenDir: join(ROOT, 'goldens') });
      const goldens = check.cases.filter((c) => c.name === 'golden');
      expect(goldens.length).toBeGreaterThan(0);
      expect(check.cases.filter((c) => c.status !== 'pass').map((c) => `${c.run} ${c.name}: ${c.message} ${c.details.join(' ')}`)).toEqual([]);
    }, 60_000);
  }
});
