/**
 * A value that fits no branch of a schema union is one zod issue, `invalid_union`, whose message is
 * only "Invalid input": `units: Absolute` on a trace source (docs/workloads.md §1) was reported as
 * `Invalid input (at workload.sources.0)` at the source, `seed: 1.5` as `Invalid input (at seed)`.
 * zod keeps what each branch said (`errors`, one list per branch), so the diagnostic can say what is
 * wrong, where:
 * - the branch the value evidently meant (the only one with no unknown keys and no missing required
 *   field: `{ trace, units }` is a trace source, not a `generate` one) gives its own issues, at their
 *   own paths (`Invalid option: expected one of "normalized"|"absolute" (at workload.sources.0.units)`);
 * - else the only branch of the value's type gives its issues (`seeds: { from: 1, cont: 3 }` in a sweep:
 *   the unknown key and the missing `count`, where the list branch only says it wants a list);
 * - branches that each reject the value's type name the types: `expected int or string, received number`.
 * Otherwise the union issue stays as it is.
 */
import type { Issue } from './partial-validate.ts';

type UnionIssue = Issue & { errors?: readonly (readonly Issue[])[]; expected?: string };

/** The issues with each `invalid_union` replaced by what its branches said, when that says more. */
export function expandUnionIssues(issues: readonly Issue[]): Issue[] {
  return issues.flatMap((i) => expand(i as UnionIssue));
}

function expand(issue: UnionIssue): Issue[] {
  const branches = issue.errors;
  if (issue.code !== 'invalid_union' || !branches || branches.length === 0) return [issue];
  if (issue.path[issue.path.length - 1] === 'do') return [issue]; // load.ts: 'unknown timeline action'
  const meant = branches.filter((b) => b.length > 0 && !b.some(notThisBranch));
  // else the only branch of the value's type (an object where the others want a list or a scalar), with its unknown keys and missing fields
  const ofType = meant.length === 1 ? meant : branches.filter((b) => b.length > 0 && !(b.length === 1 && b[0].code === 'invalid_type' && b[0].path.length === 0));
  if (ofType.length === 1) {
    return ofType[0].flatMap((sub) => expand({ ...(sub as UnionIssue), path: [...issue.path, ...sub.path] }));
  }
  const types = branches.map((b) => (b.length === 1 && b[0].code === 'invalid_type' && b[0].path.length === 0 ? (b[0] as UnionIssue).expected : undefined));
  const received = /received (\w+)$/.exec(branches[0]?.[0]?.message ?? '')?.[1];
  if (types.every((t) => t !== undefined) && received !== undefined) {
    return [{ ...issue, message: `Invalid input: expected ${[...new Set(types)].join(' or ')}, received ${received}` }];
  }
  return [issue];
}

/** An issue that says the value is not of this branch's shape at all: keys it does not know, or a required field it lacks. */
function notThisBranch(i: Issue): boolean {
  if (i.code === 'unrecognized_keys' && i.path.length === 0) return true;
  if (i.code === 'invalid_type' && /received undefined/.test(i.message)) return true;
  return i.code === 'invalid_type' && i.path.length === 0; // a string where this branch wants an object, …
}
