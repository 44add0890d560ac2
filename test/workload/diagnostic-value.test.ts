/**
 * A field quoted in a diagnostic shows its control characters. A batch_task.csv saved with "\r\r\n"
 * line ends (CRLF converted once more) failed on every row with `normalized memory requested per
 * instance must be a number, got "0.007956928"`: a number that looks fine, the carriage return invisible.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTrace } from './helpers.ts';

describe('diagnostics quote field values with control characters escaped', () => {
  it('a stray carriage return shows as \\r', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cs-diag-value-'));
    const file = join(dir, 'batch_task.csv');
    writeFileSync(file, '6459,6524,3,4,15740,Terminated,50,0.007956928\r\r\n6457,6533,3,5,1,Terminated,50,\r\r\n');
    const { diagnostics } = await readTrace(file);
    expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      '1:35 normalized memory requested per instance must be a number, got "0.007956928\\r"',
      '2:31 normalized memory requested per instance must be a number, got "\\r"',
    ]);
  });

  it('a Google 2011 time with a tab', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cs-diag-value-'));
    const file = join(dir, 'task_events-part.csv');
    writeFileSync(file, '600000000\t,,1,0,,0,u1,0,9,0.5,0.25,0.001,0\n');
    const { diagnostics } = await readTrace(file, { format: 'google-2011', table: 'task_events' } as never);
    expect(diagnostics[0].message).toBe('time must be an integer number of microseconds, got "600000000\\t"');
  });
});
