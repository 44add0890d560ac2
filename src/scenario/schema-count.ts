/**
 * Counts of things a scenario makes the simulation build (agents, jobs, tasks, instances). They are
 * capped (core/limits.ts MAX_COUNT) so that a typo (`count: 1e12`) is a diagnostic at its line and
 * column, not minutes of work ending in an out-of-memory crash.
 */
import { z } from 'zod';
import { MAX_COUNT } from '../core/limits.ts';

export { MAX_COUNT };

const message = `at most ${MAX_COUNT} (a larger count would exhaust memory; check for a typo)`;

/** 0 … MAX_COUNT */
export const count = () => z.int().nonnegative().max(MAX_COUNT, message);

/** 1 … MAX_COUNT */
export const positiveCount = () => z.int().positive().max(MAX_COUNT, message);
