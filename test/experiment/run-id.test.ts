/**
 * The run id names the default run directory (reports/<name>/<run id>). A string seed with path
 * parts (`a/../../../ESCAPED`) wrote the run outside reports/, wherever `../` reached.
 */
import { describe, expect, it } from 'vitest';
import { defaultOutDir, runId } from '../../src/experiment/run.ts';
import { specFromText } from '../frameworks/helpers.ts';

const spec = (seed: string) => specFromText(`name: ids
seed: ${seed}
until: 1m
agents: [{ id: m, resources: "cpus:8;mem:16GiB" }]
frameworks: []
`);

describe('run id', () => {
  it('keeps a plain seed as it is (existing run directories keep their names)', () => {
    expect(runId(spec('42'))).toMatch(/^seed-42-[0-9a-f]{10}$/);
    expect(runId(spec('"night-1.b_2"'))).toMatch(/^seed-night-1\.b_2-[0-9a-f]{10}$/);
  });

  it('is one file name whatever the seed: no path parts, bounded length, still unique', () => {
    const escaping = spec('"a/../../../ESCAPED"');
    expect(runId(escaping)).toMatch(/^seed-a_\.\._\.\._\.\._ESCAPED-[0-9a-f]{10}$/);
    expect(defaultOutDir(escaping)).toMatch(/^reports\/ids\/seed-a_\.\._\.\._\.\._ESCAPED-[0-9a-f]{10}$/);
    const long = runId(spec(`"${'x'.repeat(5000)}"`));
    expect(long.length).toBeLessThan(64);
    expect(runId(spec('"a/b"'))).not.toBe(runId(spec('"a_b"')));
  });
});
