/**
 * Scenario pieces for the complete allocator (issue 3): quota, reservation and volume operations,
 * framework updates, offer constraints and allocator pause — schema, normalization and RunSpec
 * types in one place, referenced from schema.ts / normalize.ts / run-spec.ts by one line each.
 *
 *   master: { quota: { eng: { guarantee: "cpus:10;mem:20GiB", limit: "cpus:40" } } }
 *   timeline:
 *     - { at: 5s, do: setQuota, role: eng, guarantee: "cpus:4" }            # force: true sets a limit below consumption
 *     - { at: 9s, do: removeQuota, role: eng }
 *     - { at: 1s, do: reserve, agent: a1, resources: "cpus(eng){dynamic}:2" }     # operator /reserve
 *     - { at: 2s, do: createVolume, agent: a1, resources: "disk(eng){dynamic}[v1]:100" }
 *     - { at: 0s, do: accept, framework: f1, operations: [{ reserve: "cpus(eng){dynamic}:1" }], launch: [] }
 *     - { at: 3s, do: updateFramework, framework: f1, roles: [eng, ads], capabilities: [MULTI_ROLE] }
 *     - { at: 4s, do: pauseAllocator }
 */
import { z } from 'zod';
import type { Resource } from '../cluster/resource.ts';
import { parseResources } from '../cluster/resource-text.ts';
import { conversionOf, type Operation, type OperationKind } from '../cluster/operations.ts';
import { formatResources } from '../cluster/resource-text.ts';
import { FRAMEWORK_CAPABILITIES, type FrameworkCapability } from '../master/allocator/types.ts';
import { parseMinAllocatable } from '../master/allocator/min-allocatable.ts';

const Role = z.string().regex(/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/, 'roles are paths like "eng" or "eng/ml"');
const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'ids use letters, digits and _ . : - (no spaces or slashes)');
const Duration = z.union([z.string(), z.number().nonnegative()]);
const QuantitiesText = z.string().describe('scalar quantities, e.g. "cpus:4;mem:8GiB"');

export const QuotaEntry = z.strictObject({
  guarantee: QuantitiesText.optional().describe('guaranteed quantities (absent = none)'),
  limit: QuantitiesText.optional().describe('limits (names absent = unlimited)'),
});
export const QuotaSection = z.record(Role, QuotaEntry).describe('quota per top-level role (mesos-semantics §3.3)');

export const OperationSchema = z.union([
  z.strictObject({ reserve: z.string() }), z.strictObject({ unreserve: z.string() }),
  z.strictObject({ create: z.string() }), z.strictObject({ destroy: z.string() }),
]).describe('an offer operation, e.g. { reserve: "cpus(eng){dynamic}:1" } or { create: "disk(eng){dynamic}[v1]:100" }');

/** Attribute predicates of Mesos offer constraints (per role): all must hold for an agent to be offered. */
export const OfferConstraint = z.strictObject({
  attribute: z.string(),
  equals: z.union([z.string(), z.number()]).optional(),
  notEquals: z.union([z.string(), z.number()]).optional(),
  exists: z.boolean().optional(),
  matches: z.string().optional().describe('regular expression over the text value'),
});
export const OfferConstraintsField = z.record(Role, z.array(OfferConstraint)).optional()
  .describe('per role: agents whose attributes fail any predicate are never offered to this framework');

/** `--rate_limits` (docs/framework-rate-limiting.md): framework calls per second per principal. */
export const RateLimitsSection = z.strictObject({
  limits: z.array(z.strictObject({
    principal: z.string(), qps: z.number().positive(), capacity: z.int().nonnegative().optional().describe('calls allowed to wait; absent = unbounded'),
  })).default([]),
  aggregateDefaultQps: z.number().positive().optional().describe('shared by all principals without a limit of their own'),
  aggregateDefaultCapacity: z.int().nonnegative().optional(),
}).describe('master rate limits on framework calls (absent = unlimited)');
export const PrincipalField = z.string().optional().describe('the principal the framework authenticates as (default: its id), for rate limits');

const agentOp = <K extends string>(kind: K) => z.strictObject({ at: Duration, do: z.literal(kind), agent: Id, resources: z.string() });
export const AllocatorActions = [
  z.strictObject({ at: Duration, do: z.literal('setQuota'), role: Role, guarantee: QuantitiesText.optional(), limit: QuantitiesText.optional(), force: z.boolean().optional() }),
  z.strictObject({ at: Duration, do: z.literal('removeQuota'), role: Role }),
  agentOp('reserve'), agentOp('unreserve'), agentOp('createVolume'), agentOp('destroyVolume'),
  z.strictObject({
    at: Duration, do: z.literal('updateFramework'), framework: Id,
    roles: z.array(Role).optional(), capabilities: z.array(z.enum(FRAMEWORK_CAPABILITIES)).optional(),
    suppressedRoles: z.array(Role).optional(), minAllocatable: z.record(z.string(), z.string()).optional(),
    offerConstraints: OfferConstraintsField,
  }),
  z.strictObject({ at: Duration, do: z.literal('pauseAllocator') }),
  z.strictObject({ at: Duration, do: z.literal('resumeAllocator') }),
] as const;

// ---- RunSpec --------------------------------------------------------------------------------

export interface QuotaSpec { readonly guarantee: string; readonly limit: string }
export interface RateLimitsSpec {
  readonly limits: readonly { readonly principal: string; readonly qps: number; readonly capacity: number | null }[];
  readonly aggregateDefaultQps: number | null;
  readonly aggregateDefaultCapacity: number | null;
}

export function normalizeRateLimits(r: z.output<typeof RateLimitsSection>, fail: Fail): RateLimitsSpec {
  r.limits.forEach((l, i) => {
    if (r.limits.findIndex((x) => x.principal === l.principal) < i) fail(['master', 'rateLimits', 'limits', i, 'principal'], `principal "${l.principal}" has a limit already (one limit per principal)`);
  });
  return {
    limits: r.limits.map((l) => ({ principal: l.principal, qps: l.qps, capacity: l.capacity ?? null })),
    aggregateDefaultQps: r.aggregateDefaultQps ?? null, aggregateDefaultCapacity: r.aggregateDefaultCapacity ?? null,
  };
}
export interface OfferConstraintSpec {
  readonly attribute: string;
  readonly equals: string | null;
  readonly notEquals: string | null;
  readonly exists: boolean | null;
  readonly matches: string | null;
}
export interface OperationSpec { readonly kind: OperationKind; readonly resources: string }

export type AllocatorTimelineAction =
  | { readonly do: 'setQuota'; readonly role: string; readonly guarantee: string; readonly limit: string; readonly force?: true }
  | { readonly do: 'removeQuota'; readonly role: string }
  | { readonly do: 'operator'; readonly operation: OperationKind; readonly agent: string; readonly resources: string }
  | {
    readonly do: 'updateFramework'; readonly framework: string; readonly roles: readonly string[] | null;
    readonly capabilities: readonly FrameworkCapability[] | null; readonly suppressedRoles: readonly string[] | null;
    readonly minAllocatable: Readonly<Record<string, string>> | null;
    readonly offerConstraints: Readonly<Record<string, readonly OfferConstraintSpec[]>> | null;
  }
  | { readonly do: 'pauseAllocator' | 'resumeAllocator' };

const ALLOCATOR_DO = ['setQuota', 'removeQuota', 'reserve', 'unreserve', 'createVolume', 'destroyVolume', 'updateFramework', 'pauseAllocator', 'resumeAllocator'] as const;
type AllocatorDo = (typeof ALLOCATOR_DO)[number];
export function isAllocatorAction<T extends { do: string }>(a: T): a is Extract<T, { do: AllocatorDo }> {
  return (ALLOCATOR_DO as readonly string[]).includes(a.do);
}

// ---- normalization --------------------------------------------------------------------------

type Path = (string | number)[];
type Fail = (path: Path, message: string, code?: string) => void;

/** "cpus:2;mem:1GiB" → canonical text of unreserved scalars, or '' after reporting a problem. */
export function normalizeQuantities(text: string | undefined, path: Path, fail: Fail): string {
  if (text === undefined || text.trim() === '') return '';
  const r = parseResources(text);
  if (typeof r === 'string') { fail(path, r); return ''; }
  for (const x of r) {
    if (x.ranges !== null || x.reservations.length > 0 || x.revocable || x.shared || x.volume !== null || x.mount) {
      fail(path, `quota is a set of plain scalar quantities (e.g. "cpus:4;mem:8GiB"), not "${text}"`);
      return '';
    }
  }
  return formatResources(r);
}

function checkQuotaRole(role: string, path: Path, fail: Fail): void {
  if (role.includes('/')) fail(path, `quota can only be set on top-level roles, not "${role}" (mesos-semantics §3.3)`, 'CS2010');
}

/** Normalized guarantee and limit, refused when the guarantee exceeds the limit (Mesos master/quota.cpp `validate`: guarantees ⊆ limits; a name without a limit is unlimited). */
function quotaSpec(guarantee: string | undefined, limit: string | undefined, path: Path, fail: Fail): QuotaSpec {
  const spec = { guarantee: normalizeQuantities(guarantee, [...path, 'guarantee'], fail), limit: normalizeQuantities(limit, [...path, 'limit'], fail) };
  if (spec.guarantee !== '' && spec.limit !== '') {
    const limits = new Map((parseResources(spec.limit) as Resource[]).map((r) => [r.name, r.amount]));
    for (const g of parseResources(spec.guarantee) as Resource[]) {
      const l = limits.get(g.name);
      if (l !== undefined && g.amount > l) {
        fail([...path, 'guarantee'], `the guarantee "${spec.guarantee}" is not within the limit "${spec.limit}" (${g.name}); Mesos refuses such a quota (mesos-semantics §3.3)`, 'CS2010');
        break;
      }
    }
  }
  return spec;
}

export function normalizeQuotaSection(q: z.output<typeof QuotaSection> | undefined, fail: Fail): Record<string, QuotaSpec> {
  const out: Record<string, QuotaSpec> = {};
  for (const role of Object.keys(q ?? {}).sort()) {
    const e = q![role];
    checkQuotaRole(role, ['master', 'quota', role], fail);
    out[role] = quotaSpec(e.guarantee, e.limit, ['master', 'quota', role], fail);
  }
  return out;
}

export function normalizeOperation(o: Record<string, string>, path: Path, fail: Fail): OperationSpec | null {
  const kind = Object.keys(o)[0] as OperationKind;
  const r = parseResources(o[kind]);
  if (typeof r === 'string') { fail([...path, kind], r); return null; }
  const c = conversionOf({ kind, resources: r });
  if (typeof c === 'string') { fail([...path, kind], c); return null; }
  return { kind, resources: formatResources(r) };
}

export function normalizeOfferConstraints(
  c: Record<string, z.output<typeof OfferConstraint>[]> | undefined, path: Path, fail: Fail,
): Record<string, OfferConstraintSpec[]> {
  const out: Record<string, OfferConstraintSpec[]> = {};
  for (const role of Object.keys(c ?? {}).sort()) {
    out[role] = c![role].map((p, i) => {
      const given = ['equals', 'notEquals', 'exists', 'matches'].filter((k) => p[k as keyof typeof p] !== undefined);
      if (given.length !== 1) fail([...path, role, i], 'give exactly one of equals, notEquals, exists, matches');
      if (p.matches !== undefined) {
        try { new RegExp(p.matches); } catch (e) { fail([...path, role, i, 'matches'], `invalid regular expression: ${(e as Error).message}`); }
      }
      return {
        attribute: p.attribute, equals: p.equals === undefined ? null : String(p.equals),
        notEquals: p.notEquals === undefined ? null : String(p.notEquals), exists: p.exists ?? null, matches: p.matches ?? null,
      };
    });
  }
  return out;
}

const OPERATOR_KIND: Record<string, OperationKind> = { reserve: 'reserve', unreserve: 'unreserve', createVolume: 'create', destroyVolume: 'destroy' };

export function normalizeAllocatorAction(
  a: { do: string } & Record<string, unknown>, path: Path, fail: Fail, known: { agents: ReadonlySet<string>; frameworks: ReadonlySet<string> },
): AllocatorTimelineAction | null {
  switch (a.do) {
    case 'setQuota':
      checkQuotaRole(a.role as string, [...path, 'role'], fail);
      return {
        do: 'setQuota', role: a.role as string,
        ...quotaSpec(a.guarantee as string | undefined, a.limit as string | undefined, path, fail),
        ...(a.force === true ? { force: true as const } : {}), // a limit below consumption (§3.3)
      };
    case 'removeQuota':
      return { do: 'removeQuota', role: a.role as string };
    case 'reserve': case 'unreserve': case 'createVolume': case 'destroyVolume': {
      if (!known.agents.has(a.agent as string)) fail([...path, 'agent'], `unknown agent "${String(a.agent)}"`);
      const op = normalizeOperation({ [OPERATOR_KIND[a.do]]: a.resources as string }, path, fail);
      return op && { do: 'operator', operation: op.kind, agent: a.agent as string, resources: op.resources };
    }
    case 'updateFramework': {
      if (!known.frameworks.has(a.framework as string)) fail([...path, 'framework'], `unknown framework "${String(a.framework)}"`);
      // Checked as the same fields of a framework in `frameworks:` are (they reached the allocator unread).
      for (const [role, text] of Object.entries((a.minAllocatable ?? {}) as Record<string, string>)) {
        const r = parseMinAllocatable(text);
        if (typeof r === 'string') fail([...path, 'minAllocatable', role], r);
      }
      duplicateRoles(a.roles as string[] | undefined, [...path, 'roles'], fail);
      return {
        do: 'updateFramework', framework: a.framework as string,
        roles: (a.roles as string[] | undefined) ?? null,
        capabilities: (a.capabilities as FrameworkCapability[] | undefined) ?? null,
        suppressedRoles: (a.suppressedRoles as string[] | undefined) ?? null,
        minAllocatable: (a.minAllocatable as Record<string, string> | undefined) ?? null,
        offerConstraints: a.offerConstraints === undefined ? null
          : normalizeOfferConstraints(a.offerConstraints as Record<string, z.output<typeof OfferConstraint>[]>, [...path, 'offerConstraints'], fail),
      };
    }
    case 'pauseAllocator': case 'resumeAllocator':
      return { do: a.do };
    default:
      return null;
  }
}

/** An operation of the RunSpec as the master takes it. */
export function toOperation(o: OperationSpec): Operation {
  const r = parseResources(o.resources);
  if (typeof r === 'string') throw new Error(`internal: unnormalized operation resources "${o.resources}"`);
  return { kind: o.kind, resources: r };
}

/**
 * A role given twice in a framework's `roles` (Mesos' master validation refuses FrameworkInfo with
 * duplicate roles: "'FrameworkInfo.roles' contains duplicate items"); here it tracked the framework
 * under the role twice and stopped the run.
 */
export function duplicateRoles(roles: readonly string[] | undefined, path: (string | number)[], fail: (p: (string | number)[], message: string) => void): void {
  (roles ?? []).forEach((role, i) => {
    if (roles!.indexOf(role) < i) fail([...path, i], `role "${role}" is given twice (a framework subscribes to each role once)`);
  });
}
