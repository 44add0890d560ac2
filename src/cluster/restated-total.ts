/**
 * An agent's total when its declared resources change (a timeline `updateAgent` with `resources`, a
 * trace's machine `update`): what the agent checkpointed stays on top of the new declaration, as a
 * Mesos agent restarted with new `--resources` re-applies its checkpointed resources
 * (mesos-semantics §3.5, §3.6: dynamic reservations and persistent volumes survive agent restarts),
 * and its revocable part stays until the estimator reports again (§4). Before, the new text replaced
 * the total: reservations and volumes in use vanished, and the resources of their running tasks were
 * offered a second time.
 */
import { makeResource, type Resource } from './resource.ts';
import { applyConversion } from './operations.ts';
import { add, contains, filter, resources, type Resources } from './resources.ts';

/**
 * `declared` with the dynamic reservations and volumes of `current` applied again and the revocable
 * part of `current` added; null when `declared` cannot hold them (Mesos refuses to start such an
 * agent: "checkpointed resources incompatible with the agent's resources"). A part `declared` states
 * itself is taken as stated: revocable resources (the conformance cases' stand-in for the agent's
 * UpdateSlaveMessage of oversubscribed resources), or dynamic reservations and volumes (an agent whose
 * whole checkpointed state is written out).
 * `reservedInUse`: the reserved resources and volumes running tasks hold there; a total without
 * them is null too (their tasks would hold resources the agent no longer has, and its unreserved
 * part would be offered on top: found by fuzzing in session 22). Unreserved resources in use may
 * shrink: the agent is then over-allocated and offers nothing until its tasks end (§1.5).
 */
export function restatedTotal(current: Resources, declared: Resources, reservedInUse: Resources = []): Resources | null {
  let total = filter(declared, (r) => !r.revocable);
  if (!declared.some(isCheckpointed)) {
    for (const r of current) {
      if (r.revocable || !isCheckpointed(r)) continue;
      const next = applyConversion(total, { consumed: resources([declaredForm(r)]), converted: resources([r]) });
      if (next === null) return null;
      total = next;
    }
  }
  const reserved = filter(reservedInUse, (r) => !r.revocable && (r.volume !== null || r.reservations.length > 0));
  // A shared volume in use by several tasks is one volume (its copies count users, not size).
  if (!contains(total, filter(reserved, (r) => !r.shared)) || !reserved.every((r) => !r.shared || total.some((t) => t.key === r.key))) return null;
  return add(total, filter(declared.some((r) => r.revocable) ? declared : current, (r) => r.revocable));
}

/** Made by an operation (RESERVE with a dynamic reservation, CREATE of a volume), not declared. */
function isCheckpointed(r: Resource): boolean {
  return r.volume !== null || r.reservations.some((x) => x.dynamic);
}

/** The resource before its operations: no volume, and only its static reservations. */
function declaredForm(r: Resource): Resource {
  return makeResource({
    name: r.name, amount: r.amount, ranges: r.ranges, revocable: false, mount: r.mount, copies: 1,
    reservations: r.reservations.filter((x) => !x.dynamic), volume: null, shared: false,
  });
}
