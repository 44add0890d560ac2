/**
 * Scenario schema and normalization of the `stateful` framework model (story 16,
 * src/frameworks/stateful-service.ts): a Cassandra-like service with or without persistent volumes.
 * schema-frameworks.ts lists it among the model schedulers.
 */
import { z } from 'zod';
import { count, positiveCount } from './schema-count.ts';
import { parseMiB } from '../core/units.ts';
import type { StatefulSpec } from '../frameworks/stateful-service.ts';
import { normalizeDist, type DurationDist, type DurationText, type NormalizeHelpers } from './schema-frameworks.ts';

const Size = z.union([z.string(), z.number().nonnegative()]).describe('a size: MiB or with a unit, e.g. 512MiB, 200GiB');

/**
 * The model's schema, built from schema-frameworks' duration schemas (passed in rather than
 * imported, so the two modules may load in either order without a cycle at evaluation time).
 */
export function statefulSchema<T extends z.ZodType, D extends z.ZodType>(durationText: T, durationDist: D) {
  return z.strictObject({
    type: z.literal('stateful'),
    instances: positiveCount(),
    resources: z.union([z.string(), z.record(z.string(), z.union([z.string(), z.number()]))]).describe('cpus and mem of one instance ("cpus:2;mem:8GiB"); its disk is dataSize'),
    dataSize: Size.describe('data held by each instance: the persistent volume (or sandbox disk) size'),
    rebuildRate: Size.describe('per second: how fast a fresh instance streams its data from the replicas (rebuild time = dataSize / rebuildRate)'),
    volumes: z.boolean().default(true).describe('RESERVE + CREATE a persistent volume per instance and relaunch on it after a failure (false: relaunch anywhere and rebuild)'),
    failure: durationDist.optional().describe('time to failure of each task (seeded); omitted = tasks fail only with their machine'),
    replaceAfter: durationText.optional().describe('volumes: give the volume up and start afresh elsewhere when its agent has not offered it back this long after the task ended; omitted = wait for it'),
    onInverseOffer: z.enum(['accept', 'decline', 'ignore']).default('accept').describe('answer to maintenance inverse offers (advisory: the volume is kept either way)'),
    refuseSeconds: z.number().nonnegative().default(5),
    role: z.string().optional().describe("role to reserve for; default the framework's first role"),
  });
}

export type StatefulSchedulerInput = z.output<ReturnType<typeof statefulSchema<typeof DurationText, typeof DurationDist>>>;
type Path = (string | number)[];

export function normalizeStateful(s: StatefulSchedulerInput, p: Path, h: NormalizeHelpers): StatefulSpec {
  const size = (v: string | number, q: Path): number => {
    const mib = parseMiB(v);
    if (typeof mib === 'string') { h.fail(q, mib); return 0; }
    return mib;
  };
  const resources = h.res(s.resources, [...p, 'resources']);
  const rate = size(s.rebuildRate, [...p, 'rebuildRate']);
  if (rate <= 0) h.fail([...p, 'rebuildRate'], 'rebuildRate must be positive (MiB per second)');
  const dataSizeMiB = size(s.dataSize, [...p, 'dataSize']);
  if (dataSizeMiB <= 0) h.fail([...p, 'dataSize'], 'dataSize must be positive: it is the size of each instance\'s volume (or sandbox data)');
  return {
    type: 'stateful', instances: s.instances, resources,
    dataSizeMiB, rebuildMiBPerSec: rate, volumes: s.volumes,
    failure: s.failure === undefined ? null : normalizeDist(s.failure, (v: string | number, q: Path) => h.ms(v, q), [...p, 'failure']),
    replaceAfterMs: s.replaceAfter === undefined ? null : h.ms(s.replaceAfter, [...p, 'replaceAfter']),
    onInverseOffer: s.onInverseOffer, refuseSeconds: s.refuseSeconds, role: s.role ?? null,
  };
}
