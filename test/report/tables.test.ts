import { describe, expect, it } from 'vitest';
import { deriveTimeseries, normalizeTable, reportTables } from '../../src/report/tables.ts';
import { tableToCsv } from '../../src/report/write/csv.ts';
import { arrowToTable, tableToArrow } from '../../src/report/write/arrow.ts';
import * as aq from 'arquero';
import { tinyReport } from './fixtures.ts';

describe('tables', () => {
  it('put documented columns first, extras after, in a fixed table order', () => {
    const tables = reportTables(tinyReport());
    expect(tables.map((t) => t.name)).toEqual(['roles', 'tasks', 'timeseries']);
    const tasks = tables.find((t) => t.name === 'tasks')!.table;
    expect(tasks.columns).toEqual(['task', 'role', 'wait_ms', 'cpus']);
    expect(tasks.rows[0]).toEqual(['task-1', 'analytics', 1000, 1.23456789012]);
  });

  it('reject ragged rows and duplicate columns', () => {
    expect(() => normalizeTable('x', { columns: ['a', 'b'], rows: [[1]] })).toThrow(/row 0/);
    expect(() => normalizeTable('x', { columns: ['a', 'a'], rows: [] })).toThrow(/duplicate/);
  });

  it('derive an exact long-format timeseries with [start, end) steps', () => {
    const ts = deriveTimeseries(tinyReport());
    expect(ts.columns).toEqual(['series', 'name', 'detail', 't_start_ms', 't_end_ms', 'value']);
    const share = ts.rows.filter((r) => r[0] === 'dominant_share' && r[1] === 'analytics');
    expect(share).toEqual([
      ['dominant_share', 'analytics', 'role', 0, 4000, 0.5],
      ['dominant_share', 'analytics', 'role', 4000, 10000, 0],
    ]);
    const jain = ts.rows.filter((r) => r[0] === 'fairness' && r[2] === 'jain').map((r) => [r[3], r[4], r[5]]);
    expect(jain).toEqual([[0, 4000, 0.9], [4000, 10000, 0.5]]);
    // the integral of cpu 'used' is exactly 0.5 × 4000 ms
    const used = ts.rows.filter((r) => r[0] === 'utilization' && r[1] === 'cpus' && r[2] === 'used');
    expect(used.reduce((s, r) => s + (r[5] as number) * ((r[4] as number) - (r[3] as number)), 0)).toBe(2000);
  });

  it('write CSV with RFC 4180 quoting and one number formatter', () => {
    const t = reportTables(tinyReport()).find((x) => x.name === 'tasks')!.table;
    expect(tableToCsv(t)).toBe(
      'task,role,wait_ms,cpus\n' +
        'task-1,analytics,1000,1.23456789\n' +
        'task-2 <script>alert(1)</script>,"a,b ""c""",,2\n',
    );
    const roles = reportTables(tinyReport()).find((x) => x.name === 'roles')!.table;
    expect(tableToCsv(roles).split('\n')[2]).toBe('<script>alert(1)</script>,2,');
  });

  it('round-trip through Arrow IPC (file format) with fromArrow', () => {
    for (const { name, table } of reportTables(tinyReport())) {
      const bytes = tableToArrow(table);
      // Arrow IPC file magic at both ends
      expect(new TextDecoder().decode(bytes.slice(0, 6)), name).toBe('ARROW1');
      expect(new TextDecoder().decode(bytes.slice(-6)), name).toBe('ARROW1');
      const back = arrowToTable(bytes);
      expect(back.columns).toEqual(table.columns);
      const expected = table.rows.map((r) => r.map((v) => (typeof v === 'number' ? (Number.isFinite(v) ? Number(v.toPrecision(9)) : null) : v)));
      expect(back.rows, name).toEqual(expected);
    }
  });

  it('fix Arrow column types instead of inferring them from values', () => {
    const small = tableToArrow({ columns: ['n', 's'], rows: [[1, 'a'], [2, null]] });
    const big = tableToArrow({ columns: ['n', 's'], rows: [[1e12, 'a'], [null, 'b']] });
    const types = (b: Uint8Array) => {
      const t = aq.fromArrow(b);
      return t.columnNames().map((c) => typeof t.get(c, 0));
    };
    expect(types(small)).toEqual(['number', 'string']);
    expect(types(big)).toEqual(['number', 'string']);
    // integer-valued columns are float64 either way, so the schema bytes match
    const schemaOf = (b: Uint8Array) => Buffer.from(b.slice(8, 120)).toString('hex');
    expect(schemaOf(small)).toBe(schemaOf(big));
  });

  it('keep a documented text column text when a run has no value in it (an empty table, agents without racks)', () => {
    // found by fuzzing (session 21): such columns came out float64, and tables of two runs would not concatenate
    const columns = ['agent', 'rack', 'zone', 'cpus'];
    // the schema message (after the 8-byte magic, a continuation marker and its length), byte for byte
    const schema = (b: Uint8Array) => { const buf = Buffer.from(b); return buf.subarray(16, 16 + buf.readInt32LE(12)).toString('hex'); };
    const racks = tableToArrow({ columns, rows: [['a-1', 'r1', 'z1', 4]] });
    expect(schema(tableToArrow({ columns, rows: [['a-1', null, null, 4]] }))).toBe(schema(racks));
    expect(schema(tableToArrow({ columns, rows: [] }))).toBe(schema(racks));
    expect(arrowToTable(racks)).toEqual({ columns, rows: [['a-1', 'r1', 'z1', 4]] });
  });
});
