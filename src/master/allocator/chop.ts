/**
 * The chopping rule (mesos-semantics §3.4; `shrinkResources`, resources_utils.cpp:923-987): cut a
 * resource set down to a target, per resource name.
 *
 * The entries are shuffled, then walked; each scalar is reduced to what remains of the target for
 * its name, and the target shrinks by what was kept. Names absent from a *quantities* target are
 * dropped; names absent from a *limits* target are kept whole. Indivisible resources (MOUNT disks)
 * that do not fit what remains are dropped entirely (resources.cpp:1288-1313). Non-scalars pass.
 *
 * The shuffle only matters when two entries share a name, so only then does it draw from the
 * seeded `allocator.chop` stream.
 */
import { withAmount, type Resource } from '../../cluster/resource.ts';
import { resources, type Resources } from '../../cluster/resources.ts';
import type { Rng } from '../../kernel/rng.ts';
import type { Quantities } from './quota.ts';

export type ChopKind = 'quantities' | 'limits';

export function chop(rs: Resources, target: Quantities, kind: ChopKind, rng: Rng): Resources {
  let order: Resource[] | Resources = rs;
  if (hasRepeatedName(rs)) order = rng.shuffle([...rs]);
  const remaining = new Map(target);
  const kept: Resource[] = [];
  let changed = false;
  for (const r of order) {
    if (r.ranges !== null) { kept.push(r); continue; }
    const room = remaining.get(r.name);
    if (room === undefined) {
      if (kind === 'limits') kept.push(r); else changed = true;
      continue;
    }
    if (r.amount <= room) {
      kept.push(r);
      remaining.set(r.name, room - r.amount);
    } else if (!r.mount && room > 0) {
      kept.push(withAmount(r, room));
      remaining.set(r.name, 0);
      changed = true;
    } else {
      changed = true;
    }
  }
  return changed || order !== rs ? resources(kept) : rs;
}

/** Two scalar entries share a name (then the chop shuffles, drawing from its stream). */
export function hasRepeatedName(rs: Resources): boolean {
  for (let i = 1; i < rs.length; i++) for (let j = 0; j < i; j++) if (rs[i].name === rs[j].name && rs[i].ranges === null) return true;
  return false;
}
