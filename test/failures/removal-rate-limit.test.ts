/**
 * `--agent_removal_rate_limit` (mesos-semantics §6.2): agents whose health check failed are marked
 * unreachable at most N per period, in the order they failed; one that answers again before its turn
 * stays registered. Worked out by hand: pings every 15 s from registration at 0; four agents fall
 * silent at 30 s, so the 5 missed pings end at (2 + 5) × 15 s = 105 s.
 */
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../src/scenario/load.ts';
import { of, runYaml } from './helpers.ts';

const yaml = (limit: string, kind: string, duration: string) => `
name: removal-limit
until: 10m
${limit ? `failures: { agentRemovalRateLimit: "${limit}" }` : ''}
agents:
  - { id: a, count: 4, perRack: 4, resources: "cpus:2;mem:2048" }
timeline:
  - { at: 30s, do: fail, level: rack, domain: rack-01, kind: ${kind}, duration: ${duration} }
`;

const unreachable = (text: string) => of(runYaml(text).events, 'agent.unreachable').map((e) => [e.t, e.agent]);

describe('agent removal rate limit (§6.2)', () => {
  it('without a limit the whole rack is marked unreachable at once', () => {
    expect(unreachable(yaml('', 'crash', '1h'))).toEqual([[105_000, 'a-00001'], [105_000, 'a-00002'], [105_000, 'a-00003'], [105_000, 'a-00004']]);
  });

  it('1/1m marks them one a minute, in the order they failed', () => {
    expect(unreachable(yaml('1/1m', 'crash', '1h'))).toEqual([[105_000, 'a-00001'], [165_000, 'a-00002'], [225_000, 'a-00003'], [285_000, 'a-00004']]);
    expect(unreachable(yaml('2/1m', 'crash', '1h')).map(([t]) => t)).toEqual([105_000, 135_000, 165_000, 195_000]);
  });

  it('an agent that answers again before its turn is not removed (a late pong cancels it)', () => {
    const { events } = runYaml(yaml('1/1m', 'partition', '2m')); // heals at 150 s
    expect(of(events, 'agent.unreachable').map((e) => [e.t, e.agent])).toEqual([[105_000, 'a-00001']]);
    expect(of(events, 'agent.removal.cancelled').map((e) => [e.t, e.agent])).toEqual([[150_000, 'a-00002'], [150_000, 'a-00003'], [150_000, 'a-00004']]);
  });

  it('a malformed limit is a located diagnostic', () => {
    const r = loadScenarioText('bad.yaml', yaml('ten/1m', 'crash', '1h'));
    expect(r.spec).toBeFalsy();
    expect(r.diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([[4, 36, 'expected <agents>/<duration>, e.g. 1/10m']]);
  });
});
