/** The agent state machine as the master sees it (§6.2, §6.4) and ping-timeout detection timing. */
import { describe, expect, it } from 'vitest';
import { nextAgentState, pingDetectionMs } from '../../src/master/failover/agent-state.ts';
import { nextMachineMode } from '../../src/master/maintenance/machine-modes.ts';

describe('agent state machine', () => {
  it.each([
    ['registered', 'socketClosed', 'disconnected'],
    ['registered', 'pingTimeouts', 'unreachable'],
    ['disconnected', 'reregistered', 'registered'],
    ['disconnected', 'reregisterTimeout', 'unreachable'],
    ['disconnected', 'pingTimeouts', 'unreachable'],
    ['unreachable', 'reregistered', 'registered'],
    ['registered', 'masterElectedSilent', 'recovering'],
    ['recovering', 'reregisterTimeout', 'unreachable'],
    ['recovering', 'reregistered', 'registered'],
    ['recovering', 'masterElectedSilent', 'recovering'], // a second failover before it came back
    ['registered', 'machineDown', 'down'],
    ['down', 'machineUp', 'registered'],
    ['unreachable', 'markGone', 'gone'],
    ['unreachable', 'machineDown', 'down'], // the master keeps it unreachable; the machine is off
  ] as const)('%s --%s--> %s', (from, ev, to) => {
    expect(nextAgentState(from, ev)).toBe(to);
  });

  it('rejects transitions Mesos does not have', () => {
    expect(nextAgentState('unreachable', 'pingTimeouts')).toBeNull();
    expect(nextAgentState('recovering', 'pingTimeouts')).toBeNull(); // no pings before reregistration
    expect(nextAgentState('down', 'reregistered')).toBeNull(); // DOWN machines cannot reregister
    expect(nextAgentState('gone', 'reregistered')).toBeNull();
    expect(nextAgentState('gone', 'machineUp')).toBeNull();
  });

  it('detects a silent agent after 5 missed pings of 15 s: 75–90 s depending on the ping phase', () => {
    const o = { pingTimeoutMs: 15_000, maxPingTimeouts: 5 };
    expect(pingDetectionMs(0, 30_000, o)).toBe(30_000 + 75_000); // fell silent exactly at a ping
    expect(pingDetectionMs(0, 30_001, o)).toBe(45_000 + 75_000); // just after one: 89.999 s
    expect(pingDetectionMs(5_000, 30_000, o)).toBe(35_000 + 75_000);
  });
});

describe('machine modes (§5.1)', () => {
  it('UP → DRAINING → DOWN → UP; DRAINING → UP when unscheduled', () => {
    expect(nextMachineMode('UP', 'schedule')).toBe('DRAINING');
    expect(nextMachineMode('DRAINING', 'down')).toBe('DOWN');
    expect(nextMachineMode('DOWN', 'up')).toBe('UP');
    expect(nextMachineMode('DRAINING', 'unschedule')).toBe('UP');
  });
  it('DOWN only from DRAINING; a DOWN machine cannot be unscheduled', () => {
    expect(nextMachineMode('UP', 'down')).toBeNull();
    expect(nextMachineMode('DOWN', 'unschedule')).toBeNull();
    expect(nextMachineMode('UP', 'up')).toBeNull();
  });
});
