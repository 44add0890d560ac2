/**
 * Placement constraints in the style of Marathon, evaluated against offers (which carry the
 * agent's hostname and attributes — rack, zone, switch, pdu and any custom attribute):
 *
 *   UNIQUE   field          no two tasks of the group share a value (one per host / rack / zone)
 *   CLUSTER  field [value]  every task on the same value (the given one, or the first task's)
 *   GROUP_BY field [n]      spread evenly across values: a value is acceptable while its count is
 *                           the lowest (with `n` expected values, unseen ones count as 0)
 *   MAX_PER  field n        at most n tasks per value
 *   LIKE / UNLIKE field re  the value matches / does not match a regular expression
 *
 * Plus the trace comparison operators (Google task_constraints, native CSV `rack ne r1`):
 * eq ne lt gt le ge present absent on an attribute.
 *
 * A `PlacementGroup` counts the group's running (and just-planned) tasks per field value.
 */
import type { OfferView } from '../master/scheduler.ts';

export const MARATHON_OPERATORS = ['UNIQUE', 'CLUSTER', 'GROUP_BY', 'MAX_PER', 'LIKE', 'UNLIKE'] as const;
export const TRACE_OPERATORS = ['eq', 'ne', 'lt', 'gt', 'le', 'ge', 'present', 'absent'] as const;

export interface PlacementConstraint {
  readonly field: string;
  readonly op: (typeof MARATHON_OPERATORS)[number] | (typeof TRACE_OPERATORS)[number];
  readonly value?: string;
}

export function fieldValue(offer: Pick<OfferView, 'hostname' | 'attributes' | 'agentId'>, field: string): string | undefined {
  if (field === 'hostname') return offer.hostname;
  if (field === 'agent') return offer.agentId;
  const v = offer.attributes[field];
  return v === undefined ? undefined : String(v);
}

/**
 * Placing tasks of the group only ever narrows where the next one may go (an agent that was refused
 * stays refused while it is unchanged): true of every operator but GROUP_BY, whose least-used value
 * changes as the others catch up.
 */
export function onlyNarrows(constraints: readonly PlacementConstraint[]): boolean {
  return constraints.every((c) => c.op !== 'GROUP_BY');
}

export class PlacementGroup {
  readonly constraints: readonly PlacementConstraint[];
  private readonly counts = new Map<string, Map<string, number>>();
  private readonly regexes = new Map<string, RegExp>();

  /** Placing tasks only narrows where the next may go (see `onlyNarrows`; read by the central scheduler). */
  readonly onlyNarrows: boolean;

  constructor(constraints: readonly PlacementConstraint[]) {
    this.constraints = constraints;
    this.onlyNarrows = onlyNarrows(constraints);
    for (const c of constraints) if (!this.counts.has(c.field)) this.counts.set(c.field, new Map());
  }

  /** Whether one more task of the group may go on this offer's agent. */
  allows(offer: Pick<OfferView, 'hostname' | 'attributes' | 'agentId'>): boolean {
    for (const c of this.constraints) {
      const v = fieldValue(offer, c.field);
      const byValue = this.counts.get(c.field)!;
      const n = v === undefined ? 0 : byValue.get(v) ?? 0;
      switch (c.op) {
        case 'UNIQUE': if (v === undefined || n > 0) return false; break;
        case 'CLUSTER': {
          if (v === undefined) return false;
          if (c.value !== undefined) { if (v !== c.value) return false; break; }
          for (const [other, k] of byValue) if (k > 0 && other !== v) return false;
          break;
        }
        case 'GROUP_BY': {
          if (v === undefined) return false;
          const expected = c.value !== undefined ? Number(c.value) : 0;
          let min = Infinity;
          let seen = 0;
          for (const k of byValue.values()) if (k > 0) { seen++; min = Math.min(min, k); }
          if (seen < expected || seen === 0) min = 0;
          if (n > min) return false;
          break;
        }
        case 'MAX_PER': if (v === undefined || n >= Number(c.value ?? 1)) return false; break;
        case 'LIKE': if (v === undefined || !this.regex(c.value ?? '').test(v)) return false; break;
        case 'UNLIKE': if (v !== undefined && this.regex(c.value ?? '').test(v)) return false; break;
        case 'present': if (v === undefined) return false; break;
        case 'absent': if (v !== undefined) return false; break;
        default: if (v === undefined || !compare(c.op, v, c.value ?? '')) return false;
      }
    }
    return true;
  }

  /** Count a task placed on (or removed from) the offer's agent. */
  place(offer: Pick<OfferView, 'hostname' | 'attributes' | 'agentId'>, delta = 1): void {
    for (const [field, byValue] of this.counts) {
      const v = fieldValue(offer, field);
      if (v === undefined) continue;
      const n = (byValue.get(v) ?? 0) + delta;
      if (n <= 0) byValue.delete(v); else byValue.set(v, n);
    }
  }

  /** No task of the group is counted any more. */
  isEmpty(): boolean {
    for (const byValue of this.counts.values()) if (byValue.size > 0) return false;
    return true;
  }

  private regex(src: string): RegExp {
    let re = this.regexes.get(src);
    if (!re) { re = new RegExp(`^(?:${src})$`); this.regexes.set(src, re); }
    return re;
  }
}

/**
 * Why a Marathon constraint can never be applied as written, or null (Marathon refuses such an app):
 * LIKE/UNLIKE need a regular expression that compiles, MAX_PER a positive count, GROUP_BY a positive
 * count when it names one. Only the Marathon operators: trace constraints come from the trace.
 */
export function constraintProblem(op: string, value: string | undefined): string | null {
  if (op === 'LIKE' || op === 'UNLIKE') {
    if (value === undefined) return `${op} needs a regular expression`;
    try { new RegExp(`^(?:${value})$`); } catch (e) { return `${op} "${value}" is not a regular expression: ${(e as Error).message}`; }
  }
  if (op === 'MAX_PER' && !(value !== undefined && /^[1-9][0-9]*$/.test(value))) return `MAX_PER needs a positive count of tasks per value, got ${value === undefined ? 'none' : JSON.stringify(value)}`;
  if (op === 'GROUP_BY' && value !== undefined && !/^[1-9][0-9]*$/.test(value)) return `GROUP_BY's count of values must be positive, got ${JSON.stringify(value)}`;
  return null;
}

function compare(op: 'eq' | 'ne' | 'lt' | 'gt' | 'le' | 'ge', a: string, b: string): boolean {
  const x = Number(a), y = Number(b);
  const numeric = a !== '' && b !== '' && Number.isFinite(x) && Number.isFinite(y);
  const c = numeric ? x - y : a < b ? -1 : a > b ? 1 : 0;
  switch (op) {
    case 'eq': return c === 0;
    case 'ne': return c !== 0;
    case 'lt': return c < 0;
    case 'gt': return c > 0;
    case 'le': return c <= 0;
    case 'ge': return c >= 0;
  }
}
