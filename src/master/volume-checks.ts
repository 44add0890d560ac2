/**
 * What Mesos' master checks about persistent volumes before it applies an operation
 * (master/validation.cpp, mesos-semantics §3.6), beyond the conversion itself (operations.ts):
 *
 * - CREATE: a persistence id is unique per role on an agent ("Persistence ID … already exists"):
 *   two volumes under one id would be one volume to the agent (here they merged into one of twice
 *   the size);
 * - DESTROY: a shared volume that running tasks use cannot be destroyed ("Persistent volumes in
 *   use"). A shared volume stays available while in use (§3.6), so it can be in an offer or among
 *   an agent's unused resources while a task runs on it; a non-shared one in use is allocated to its
 *   task and never reaches an operation.
 */
import type { Operation } from '../cluster/operations.ts';
import type { Resource } from '../cluster/resource.ts';
import type { Resources } from '../cluster/resources.ts';

/** Why the operation must be refused, or null. `total` is the agent's; `inUse` what its running tasks hold. */
export function volumeOperationProblem(op: Operation, total: Resources, inUse: readonly Resources[]): string | null {
  if (op.kind === 'create') {
    const seen = new Set<string>();
    for (const v of op.resources) {
      if (v.volume === null) continue;
      const key = volumeKey(v);
      if (seen.has(key) || total.some((r) => r.volume !== null && volumeKey(r) === key)) return `persistence id "${v.volume}" already exists for role ${ownerOf(v)} on this agent`;
      seen.add(key);
    }
  }
  if (op.kind === 'destroy') {
    for (const v of op.resources) {
      if (v.volume === null || !v.shared) continue;
      if (inUse.some((rs) => rs.some((r) => r.volume !== null && volumeKey(r) === volumeKey(v)))) return `shared persistent volume "${v.volume}" is in use by a running task`;
    }
  }
  return null;
}

function ownerOf(r: Resource): string {
  return r.reservations.length === 0 ? '*' : r.reservations[r.reservations.length - 1].role;
}

/** A volume is named by its persistence id within its role. */
function volumeKey(r: Resource): string {
  return `${ownerOf(r)}\u0000${r.volume}`;
}
