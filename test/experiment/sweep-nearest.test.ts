/** `sweep merge --metric <typo>`: the suggested metrics are the closest spellings, not the first keys alphabetically. */
import { describe, expect, it } from 'vitest';
import { nearest } from '../../src/experiment/sweep-merge.ts';

const KNOWN = [
  'tasks.finished', 'tasks.launched',
  ...['hadoop', 'memcached', 'rails'].flatMap((f) => ['count', 'mean', 'p50', 'p95', 'p99'].map((q) => `waitMs.byFramework.${f}.${q}`)),
  'waitMs.count', 'waitMs.mean', 'waitMs.p50', 'waitMs.p95', 'waitMs.p99',
];

describe('sweep merge: nearest metrics', () => {
  it('puts the closest spellings under the shared prefix first', () => {
    expect(nearest('waitMs.p59', KNOWN).slice(0, 3)).toEqual(['waitMs.p50', 'waitMs.p99', 'waitMs.p95']);
    expect(nearest('waitMs.p59', KNOWN)).toHaveLength(8);
    expect(nearest('tasks.finishd', KNOWN)).toEqual(['tasks.finished', 'tasks.launched']);
  });

  it('falls back to the top-level names when no prefix is shared', () => {
    expect(nearest('nosuch.metric', KNOWN)).toEqual(['tasks', 'waitMs']);
  });
});
