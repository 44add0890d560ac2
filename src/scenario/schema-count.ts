/**
 * Counts of things a scenario makes the simulation build (agents, jobs, tasks, instances). They are
 * capped so that a typo (`count: 1e12`) is a diagnostic at its line and column, not minutes of
 * work ending in an out-of-memory crash. A million is far above the built-in scenarios and the
 * largest public traces' per-job and per-cell counts (Google 2011: 12.5 k machines).
 */
import { z } from 'zod';

export const MAX_COUNT = 1_000_000;

const message = `at most ${MAX_COUNT} (a larger count would exhaust memory; check for a typo)`;

/** 0 … MAX_COUNT */
export const count = () => z.int().nonnegative().max(MAX_COUNT, message);

/** 1 … MAX_COUNT */
export const positiveCount = () => z.int().positive().max(MAX_COUNT, message);
