/**
 * The master's registry bounds (Mesos `--registry_max_agent_age`, `--registry_max_agent_count`;
 * mesos-semantics §8: registry GC every 15 min, max agent age 2 weeks, max agent count 102400):
 * how long and how many unreachable and gone agents the master remembers, each list on its own
 * (src/master/failover/lost-agent-tasks.ts). A kill of a task of an agent the registry forgot is
 * answered as for an unknown agent (src/master/kill-reconciliation.ts). Scenario keys
 * `master.registryMaxAgentAge` (a duration) and `master.registryMaxAgentCount` (agents), both
 * optional; absent = the Mesos defaults. Docs: docs/scenarios.md (master), docs/failures.md.
 */
import { z } from 'zod';
import { parseDuration } from '../core/units.ts';
import { REGISTRY_MAX_AGENT_AGE_MS, REGISTRY_MAX_AGENT_COUNT, type RegistryBounds } from '../master/failover/lost-agent-tasks.ts';

const Duration = z.union([z.string(), z.number().nonnegative()]).describe('Duration: a number of seconds or a string with units, e.g. 500ms, 30s, 5m, 1h30m, 2d, 2w');

/** Fields of the `master:` section (spread into it in schema.ts). */
export const RegistryMasterFields = {
  registryMaxAgentAge: Duration.optional()
    .describe('--registry_max_agent_age: unreachable and gone agents marked longer ago than this are forgotten (default 2w; must be positive)'),
  registryMaxAgentCount: z.int().positive().optional()
    .describe('--registry_max_agent_count: at most this many unreachable agents, and as many gone ones, are remembered, the oldest marked forgotten first (default 102400)'),
};

export interface RegistryInput {
  readonly registryMaxAgentAge?: string | number;
  readonly registryMaxAgentCount?: number;
}

type Path = (string | number)[];

/**
 * The run spec's `master.registry` (absent when neither key is given, so existing run ids and
 * goldens do not change). A zero age is a diagnostic at the key (Mesos would forget every agent at
 * once; a bad duration is reported by `ms`).
 */
export function normalizeRegistry(
  m: RegistryInput, ms: (v: string | number, p: Path) => number, fail: (p: Path, message: string) => void,
): { registry?: RegistryBounds } {
  if (m.registryMaxAgentAge === undefined && m.registryMaxAgentCount === undefined) return {};
  const p: Path = ['master', 'registryMaxAgentAge'];
  const age = m.registryMaxAgentAge;
  const maxAgentAgeMs = age === undefined ? REGISTRY_MAX_AGENT_AGE_MS : ms(age, p);
  // (An unreadable duration was reported by `ms`, which then gives 0: not reported twice.)
  if (age !== undefined && maxAgentAgeMs <= 0 && typeof parseDuration(age) === 'number') {
    fail(p, `registryMaxAgentAge must be positive (got ${JSON.stringify(age)}; the Mesos default is 2w)`);
  }
  return { registry: { maxAgentAgeMs, maxAgentCount: m.registryMaxAgentCount ?? REGISTRY_MAX_AGENT_COUNT } };
}
