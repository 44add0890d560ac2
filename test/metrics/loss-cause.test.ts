import { describe, expect, it } from 'vitest';
import { LossCauses } from '../../src/metrics/loss-cause.ts';

describe('why a task was lost', () => {
  it('planned maintenance: machine DOWN, agent marked gone, TASK_GONE_BY_OPERATOR', () => {
    const c = new LossCauses();
    expect(c.cause('TASK_LOST', 'machine down for maintenance', 'a1')).toBe('maintenance');
    expect(c.cause('TASK_GONE_BY_OPERATOR', 'machine down for maintenance', 'a1')).toBe('maintenance');
    expect(c.cause('TASK_GONE_BY_OPERATOR', 'agent marked gone', 'a1')).toBe('maintenance');
  });

  it('failures: health checks, reregistration, disconnection, reboot, removal', () => {
    const c = new LossCauses();
    for (const reason of ['health check timed out', 'reregistration timed out', 'agent disconnected', 'agent rebooted', 'agent removed']) {
      expect(c.cause('TASK_LOST', reason, 'a1'), reason).toBe('failure');
    }
    expect(c.cause('TASK_UNREACHABLE', 'health check timed out', 'a1')).toBe('failure');
  });

  it('an agent process restarted by an in-place upgrade batch loses its tasks to maintenance; a process crash to a failure', () => {
    const c = new LossCauses();
    c.observe(1000, 'upgrade.batch', { batch: 0, machines: 1, strategy: 'in-place' });
    c.observe(1000, 'agent.process', { agent: 'a1', up: false });
    expect(c.cause('TASK_LOST', 'agent disconnected', 'a1')).toBe('maintenance');
    c.observe(2000, 'agent.process', { agent: 'a2', up: false }); // a crash later, not the batch
    expect(c.cause('TASK_LOST', 'agent disconnected', 'a2')).toBe('failure');
    c.observe(21_000, 'agent.process', { agent: 'a1', up: true });
    expect(c.cause('TASK_LOST', 'agent disconnected', 'a1')).toBe('failure');
    c.observe(30_000, 'upgrade.batch', { batch: 1, machines: 1, strategy: 'drain' });
    c.observe(30_000, 'agent.process', { agent: 'a3', up: false });
    expect(c.cause('TASK_LOST', 'agent disconnected', 'a3')).toBe('failure');
  });

  it('neither: QoS corrections of revocable tasks, launches the master never ran', () => {
    const c = new LossCauses();
    expect(c.cause('TASK_LOST', 'QoS correction: usage: usage over capacity (cpus +9)', 'a1')).toBe('revoked');
    expect(c.cause('TASK_GONE', 'QoS correction: load', 'a1')).toBe('revoked');
    expect(c.cause('TASK_LOST', 'reconciliation', undefined)).toBe('neverRan');
    expect(c.cause('TASK_LOST', 'invalid offers', undefined)).toBe('neverRan');
  });
});
