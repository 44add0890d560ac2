/**
 * Bounds on what a scenario may make the simulation build or wait for, shared by the scenario schema
 * (which rejects larger written values with a diagnostic) and the random draws (which cap what they
 * produce, since a heavy-tailed distribution can draw anything).
 */

/**
 * Counts of things (agents, jobs, tasks, instances). A million is far above the built-in scenarios
 * and the largest public traces' per-job and per-cell counts (Google 2011: 12.5 k machines); past it
 * a typo (`count: 1e12`) would be minutes of work ending in an out-of-memory crash.
 */
export const MAX_COUNT = 1_000_000;

/**
 * The largest magnitude of a drawn value: 2^50 ms is about 35,700 years, past any run, and a time
 * that far ahead plus the current time is still an exact integer.
 */
export const MAX_DRAW = 2 ** 50;
