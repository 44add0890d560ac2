/**
 * Whatever a trace line holds, reading it gives records or diagnostics with a message and a
 * file:line:column, never an exception (fast-check, fixed seed, bounded runs): the fixtures of every
 * format and table (traces/fixtures) mutated line by line — junk inserted, lines cut short, deleted,
 * repeated, characters overwritten. This found Google 2019 rows without a mandatory id rejected with
 * an empty message.
 */
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosticSink } from '../../src/workload/diagnostics.ts';
import { openTrace } from '../../src/workload/traces/open-trace.ts';

const FILES = [
  'google-2019/collection_events-000000000000.json', 'google-2019/machine_attributes-000000000000.json', 'google-2019/instance_events-000000000000.json', 'google-2019/instance_usage-000000000000.json',
  'google-2011/job_events/ok.csv', 'google-2011/machine_attributes/ok.csv', 'google-2011/task_constraints/ok.csv', 'google-2011/task_events/ok.csv', 'google-2011/machine_events/ok.csv', 'google-2011/task_usage/ok.csv',
  'alibaba-2018/machine_usage.csv', 'alibaba-2018/batch_instance.csv', 'alibaba-2018/container_usage.csv', 'alibaba-2018/batch_task.csv', 'alibaba-2018/machine_meta.csv', 'alibaba-2018/container_meta.csv',
  'alibaba-2017/batch_task.csv', 'native/example.csv', 'swf/tiny.swf',
];
const junk = fc.constantFrom('', ',', ',,', '"', '""', '"a,b"', '-1', '1e309', 'NaN', '\u0000', '\uFFFD', '{', '}', '[', ']', ':', 'null', '9'.repeat(30), ' ', '\t', ';', '\\', '0x10', '-0', '1.5.5', 'true');

/** One mutation of line `at`: 0 insert junk at `pos`, 1 cut the line there, 2 delete it, 3 repeat it, 4 overwrite 3 characters. */
function mutate(lines: string[], at: number, kind: number, pos: number, junk: string): void {
  if (lines.length === 0) return;
  const i = at % lines.length;
  const l = lines[i];
  const p = l.length === 0 ? 0 : pos % (l.length + 1);
  if (kind === 0) lines[i] = l.slice(0, p) + junk + l.slice(p);
  else if (kind === 1) lines[i] = l.slice(0, p);
  else if (kind === 2) lines.splice(i, 1);
  else if (kind === 3) lines.splice(i, 0, l);
  else lines[i] = l.slice(0, p) + junk + l.slice(Math.min(l.length, p + 3));
}

describe('mutated trace files', () => {
  it('read to records or to diagnostics with a message and a position, never an exception', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trace-mutations-'));
    let n = 0, diagnosed = 0;
    await fc.assert(fc.asyncProperty(fc.nat(FILES.length - 1), fc.array(fc.tuple(fc.nat(200), fc.nat(4), fc.nat(40), junk), { minLength: 1, maxLength: 4 }), async (fi, muts) => {
      const rel = FILES[fi];
      const lines = readFileSync(join('traces/fixtures', rel), 'utf8').split('\n');
      for (const [at, kind, pos, j] of muts) mutate(lines, at, kind, pos, j);
      // the table is told by the file name, so each run writes its own copy under the format's layout
      const file = join(dir, String(n++), dirname(rel), basename(rel));
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, lines.join('\n'));
      const sink = new DiagnosticSink({ maxReported: 1000 });
      const reader = await openTrace(file, { sink }); // undefined: not recognized (a CS6008 diagnostic)
      if (reader) for await (const _ of reader.batches()) { /* every record */ }
      if (sink.reported.length > 0) diagnosed++;
      for (const d of sink.reported) {
        expect(d.message, JSON.stringify(d)).not.toBe('');
        if (d.line === undefined) expect(d.code, JSON.stringify(d)).toBe('CS6008'); // about the whole file: its format is not recognized
        else expect([d.file, d.line >= 1, (d.column ?? 0) >= 1], JSON.stringify(d)).toEqual([file, true, true]);
      }
    }), { seed: 1, numRuns: 150 });
    expect(diagnosed).toBeGreaterThan(75); // most mutations break a row: the property is not vacuous
  }, 120_000);
});
