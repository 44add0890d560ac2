/**
 * The partition of one agent's capacity in one resource into utilization states (docs/outputs.md,
 * docs/oversubscription.md "Two utilization breakdowns, one split"): summary.json
 * `oversubscription.utilization` (oversubscription-probe.ts) and `utilizationStates`
 * (utilization-probe.ts) both use it, so the two agree.
 */
export const STATES = ['used', 'usedNonRevocable', 'usedRevocable', 'allocated', 'revocable', 'reservedIdle', 'idle', 'capacity', 'revocableAllocated'] as const;
export type State = (typeof STATES)[number];
export type Split = Record<State, number>;

/** What a claim of `x` gets out of `left`: between 0 and `left`. */
function portion(x: number, left: number): number {
  return Math.max(0, Math.min(left, x));
}

/**
 * One agent, one resource: capacity C, non-revocable allocation A, revocable allocation R, usage of
 * non-revocable (Unr) and revocable (Ur) tasks, unallocated reservations Rsv. Returns the partition.
 */
export function split(C: number, A: number, R: number, Unr: number, Ur: number, Rsv: number): Split {
  // Each part takes what it claims of what is left, in this order (no closure per call: README, Layout).
  let left = C;
  const usedNonRevocable = portion(Unr, left); left -= usedNonRevocable;
  const usedRevocable = portion(Ur, left); left -= usedRevocable;
  const slack = Math.max(0, A - Unr);
  const revocable = portion(R - Ur, left); left -= revocable;
  const allocated = portion(slack - Math.max(R, 0), left); left -= allocated;
  const overlayBeyondSlack = Math.max(0, R - slack);
  const reservedIdle = portion(Rsv - overlayBeyondSlack, left); left -= reservedIdle;
  const idle = portion(left, left);
  return {
    used: usedNonRevocable + usedRevocable, usedNonRevocable, usedRevocable, allocated, revocable, reservedIdle, idle,
    capacity: C, revocableAllocated: Math.max(0, Math.min(C, R)),
  };
}
