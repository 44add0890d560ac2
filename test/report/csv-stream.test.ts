/**
 * `clustersim report` writes each table's CSV row by row (session 11): the text went through an
 * arquero table (every column copied) and one string of the whole file, and reportTables copied every
 * row of every table even when its columns were already in documented order. Peak RSS of `report` on
 * the full Google 2011 shard 0 (117,335 task rows): 421–426 MB → 360–362 MB (docs/outputs.md). The
 * bytes must not change: compared here with the arquero route the CSV writer used before.
 */
import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import { formatCell } from '../../src/report/format.ts';
import type { PlainTable } from '../../src/report/report-data.ts';
import { normalizeTable, toArquero } from '../../src/report/tables.ts';
import { tableCsvChunks, tableToCsv } from '../../src/report/write/csv.ts';

/** The writer before session 11 (arquero's toCSV over toArquero, every cell through formatCell). */
function arqueroCsv(t: PlainTable): string {
  const format: Record<string, (v: unknown) => string> = {};
  for (const c of t.columns) format[c] = (v) => formatCell(v as string | number | null);
  const csv = aq.toCSV(toArquero(t), { format });
  return csv.endsWith('\n') ? csv : `${csv}\n`;
}

const tricky: PlainTable = {
  columns: ['id', 'n', 'mixed', 'note, quoted "name"', 'empty'],
  rows: [
    ['a', 1.23456789012345, 'x', 'plain', null],
    ['b,c', Number.NaN, 2.5000000001234567, 'has "quotes"', null],
    ['d\ne', Number.POSITIVE_INFINITY, Number.NaN, 'line\r\nbreak', null],
    ['f', null, null, '', null],
    ['g', -0.000123456789123, 1e21, 'ünïcödé, 😀', null],
    ['h', 123456789012, 'y', 'tab\there', null],
  ],
};

describe('CSV written row by row', () => {
  it('has the same bytes as the arquero route, quoting and number formats included', () => {
    expect(tableToCsv(tricky)).toBe(arqueroCsv(tricky));
    expect([...tableCsvChunks(tricky)].join('')).toBe(arqueroCsv(tricky));
    const empty = { columns: ['a', 'b'], rows: [] };
    expect(tableToCsv(empty)).toBe(arqueroCsv(empty));
    const big: PlainTable = { columns: ['task', 'wait_ms', 'state'], rows: Array.from({ length: 2_500 }, (_, i) => [`t-${i}`, i * 1.1, i % 7 === 0 ? 'TASK_LOST' : null]) };
    expect(tableToCsv(big)).toBe(arqueroCsv(big));
  });

  it('comes in pieces of at most 1,000 rows after the header: never one string of the whole table', () => {
    const big: PlainTable = { columns: ['task', 'wait_ms'], rows: Array.from({ length: 2_500 }, (_, i) => [`t-${i}`, i]) };
    const pieces = [...tableCsvChunks(big)];
    expect(pieces.map((p) => p.split('\n').length - 1)).toEqual([1, 1_000, 1_000, 500]);
  });

  it('a table already in documented column order keeps its rows (no copy); another is reordered', () => {
    const rows = [['t-1', 'j-1', 'fw', 'r', 'a1', 'TASK_FINISHED', 'false', 0, 5, 10, 5]];
    const columns = ['task', 'job', 'framework', 'role', 'agent', 'state', 'revocable', 'submit_ms', 'launch_ms', 'end_ms', 'wait_ms'];
    expect(normalizeTable('tasks', { columns, rows }).rows).toBe(rows);
    const swapped = normalizeTable('tasks', { columns: ['job', 'task'], rows: [['j-1', 't-1']] });
    expect(swapped).toEqual({ columns: ['task', 'job'], rows: [['t-1', 'j-1']] });
  });
});
