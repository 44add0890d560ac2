/**
 * Machine maintenance modes (mesos-semantics §5.1; PROTO:194-213; maintenance.cpp):
 *
 *   UP ──in a posted schedule──▶ DRAINING ──/machine/down──▶ DOWN ──/machine/up──▶ UP
 *   DRAINING ──dropped from the schedule──▶ UP
 *
 * DOWN is only reachable from DRAINING; a DOWN machine cannot be dropped from the schedule, only
 * brought UP. Mesos never changes a mode by itself: a DRAINING machine keeps working after its
 * window starts until an operator takes it down.
 */
export type MachineMode = 'UP' | 'DRAINING' | 'DOWN';
export type MachineOp = 'schedule' | 'unschedule' | 'down' | 'up';

const T: Record<MachineMode, Partial<Record<MachineOp, MachineMode>>> = {
  UP: { schedule: 'DRAINING' },
  DRAINING: { schedule: 'DRAINING', unschedule: 'UP', down: 'DOWN' },
  DOWN: { up: 'UP' },
};

/** The next mode, or null when the operation is invalid in this mode. */
export function nextMachineMode(mode: MachineMode, op: MachineOp): MachineMode | null {
  return T[mode][op] ?? null;
}
