/**
 * Text fields of the byte-level importers are UTF-8. They were decoded as Latin-1, so a hand-made
 * table's user `équipe` became `Ã©quipe` and no map rule (`match: { user: [équipe] }`) could name it.
 * ASCII fields, all a genuine trace has, decode as before.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiagnosticSink } from '../../src/workload/diagnostics.ts';
import { openTraceSync } from '../../src/workload/traces/open-sync.ts';
import { readTrace } from './helpers.ts';

const file = (name: string, text: string): string => {
  const path = join(mkdtempSync(join(tmpdir(), 'cs-text-')), name);
  writeFileSync(path, text);
  return path;
};

describe('trace text fields', () => {
  it('Google 2011: a non-ASCII user reads as written, by the async reader and the replay alike', async () => {
    const path = file('task_events-part.csv', '600000001,,7,0,,0,équipe-北,3,9,0.1,0.1,0,0\n600000002,,7,1,,0,équipe-北,3,9,0.1,0.1,0,0\n600000003,,8,0,,0,u+abc=,3,9,0.1,0.1,0,0\n');
    const opts = { format: 'google-2011', table: 'task_events' } as never;
    const a = await readTrace(path, opts);
    expect(a.diagnostics).toEqual([]);
    expect(a.records.map((r) => (r as { user?: string }).user)).toEqual(['équipe-北', 'équipe-北', 'u+abc=']);
    const sink = new DiagnosticSink();
    const s = openTraceSync(path, { sink, ...(opts as object) })!;
    const records = [];
    for (let b = s.nextBatch(); b !== null; b = s.nextBatch()) records.push(...b);
    expect(records).toEqual(a.records);
  });

  it('SWF: a non-ASCII header comment', async () => {
    const path = file('site.swf', '; Installation: Universität Zürich\n1 0 0 10 4 -1 -1 4 20 -1 1 1 1 -1 1 -1 -1 -1\n');
    const r = await readTrace(path);
    expect(r.reader.meta.get('Installation')).toBe('Universität Zürich');
  });
});
