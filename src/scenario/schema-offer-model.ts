/**
 * Scenario piece for product story 14, pessimistic vs optimistic offers (src/master/optimistic/):
 *
 *   master:
 *     offerModel: optimistic                                   # or pessimistic (the Mesos model)
 *     offerModel: { type: optimistic, transactions: all-or-nothing }
 *
 * Absent = pessimistic, and the RunSpec (so the run id) is exactly what it was before this option
 * existed. Written explicitly, summary.json gets an `offerModel` section (docs/outputs.md).
 * Referenced from schema.ts / normalize.ts / run-spec.ts by one line each.
 */
import { z } from 'zod';

const Mode = z.enum(['pessimistic', 'optimistic']);

export const OfferModelSection = z.union([
  Mode,
  z.strictObject({
    type: Mode,
    transactions: z.enum(['incremental', 'all-or-nothing']).default('incremental')
      .describe('optimistic only: a conflicting accept drops only its conflicting launches (incremental) or all of them (all-or-nothing, gang)'),
  }),
]).describe('pessimistic: Mesos offers, each resource offered to one framework at a time (default); optimistic: Omega-style shared state, every framework sees all free resources and conflicts are resolved at commit');

export interface OfferModelSpec {
  readonly type: 'pessimistic' | 'optimistic';
  readonly transactions: 'incremental' | 'all-or-nothing';
}

export function normalizeOfferModel(m: z.output<typeof OfferModelSection> | undefined): { offerModel?: OfferModelSpec } {
  if (m === undefined) return {};
  return { offerModel: typeof m === 'string' ? { type: m, transactions: 'incremental' } : { type: m.type, transactions: m.transactions } };
}
