/**
 * The report's tables: the producer's plain tables in documented column order, plus `timeseries`
 * derived from the typed series when the producer did not supply one, and their arquero form.
 *
 * The derived timeseries is long-format and exact: every row is a constant value on
 * [t_start_ms, t_end_ms), so integrals are sum(value × (t_end_ms − t_start_ms)).
 */
import * as aq from 'arquero';
import { roundCell } from './format.ts';
import { runEndMs } from './charts/chart-def.ts';
import type { Cell, PlainTable, ReportData } from './report-data.ts';
import { TABLE_COLUMNS, TEXT_COLUMNS, orderColumns, orderedTableNames } from './table-columns.ts';

export interface NamedTable {
  name: string;
  table: PlainTable;
}

/** A step series (value from tMs until the next row of the same key) as [start, end) rows. */
function stepRows<T extends { tMs: number }>(rows: T[], key: (r: T) => string, endMs: number): [T, number][] {
  const byKey = new Map<string, T[]>();
  for (const r of rows) {
    let g = byKey.get(key(r));
    if (!g) byKey.set(key(r), (g = []));
    g.push(r);
  }
  const out: [T, number][] = [];
  for (const g of byKey.values()) {
    g.forEach((r, i) => out.push([r, i + 1 < g.length ? g[i + 1].tMs : Math.max(endMs, r.tMs)]));
  }
  return out;
}

/** Long-format timeseries: utilization, dominant_share, fairness, availability blocks in that order. */
export function deriveTimeseries(data: ReportData): PlainTable {
  const end = runEndMs(data);
  const rows: Cell[][] = [];
  for (const u of data.utilization) rows.push(['utilization', u.resource, u.state, u.tStartMs, u.tEndMs, u.fraction]);
  // a NaN step row marks a series absent from there (from-metrics.ts): no row, as in the exact table
  const present = Number.isFinite;
  for (const [s, tEnd] of stepRows(data.shares, (r) => `${r.kind}\u0000${r.client}`, end)) {
    if (present(s.dominantShare)) rows.push(['dominant_share', s.client, s.kind, s.tMs, tEnd, s.dominantShare]);
  }
  for (const [f, tEnd] of stepRows(data.fairness, () => '', end)) {
    if (present(f.jain)) rows.push(['fairness', 'roles', 'jain', f.tMs, tEnd, f.jain]);
    if (present(f.maxMinGap)) rows.push(['fairness', 'roles', 'max_min_gap', f.tMs, tEnd, f.maxMinGap]);
  }
  for (const [a, tEnd] of stepRows(data.availability ?? [], (r) => r.service, end)) {
    if (present(a.fraction)) rows.push(['availability', a.service, '', a.tMs, tEnd, a.fraction]);
  }
  return { columns: [...TABLE_COLUMNS.timeseries], rows };
}

/** Reorder a table's columns per the documented order; rejects ragged rows and duplicate names. */
export function normalizeTable(name: string, t: PlainTable): PlainTable {
  if (new Set(t.columns).size !== t.columns.length) throw new Error(`table ${name}: duplicate column names`);
  t.rows.forEach((r, i) => {
    if (r.length !== t.columns.length) throw new Error(`table ${name}: row ${i} has ${r.length} cells, expected ${t.columns.length}`);
  });
  const columns = orderColumns(name, t.columns);
  const idx = columns.map((c) => t.columns.indexOf(c));
  // already in documented order (what the metrics layer writes): the rows as they are, not a copy of
  // every row (117,335 task rows of the full Google 2011 shard 0; nothing downstream changes them)
  if (idx.every((i, j) => i === j)) return { columns, rows: t.rows };
  return { columns, rows: t.rows.map((r) => idx.map((i) => r[i])) };
}

/** Every table of a report, in display/write order, columns ordered, timeseries derived if absent. */
export function reportTables(data: ReportData): NamedTable[] {
  const source: Record<string, PlainTable> = { ...data.tables };
  if (!source.timeseries) source.timeseries = deriveTimeseries(data);
  return orderedTableNames(Object.keys(source)).map((name) => ({ name, table: normalizeTable(name, source[name]) }));
}

/**
 * Whether a column is numeric: numbers only, nulls allowed. A column with no value at all is numeric
 * unless it is a documented text column (TEXT_COLUMNS), so its type does not depend on the run.
 */
export function isNumericColumn(t: PlainTable, col: number): boolean {
  let any = false;
  for (const r of t.rows) {
    const v = r[col];
    if (v === null || v === undefined) continue;
    if (typeof v !== 'number') return false;
    any = true;
  }
  return any || !TEXT_COLUMNS.has(t.columns[col]);
}

/**
 * The arquero form: numeric columns rounded to 9 significant digits (non-finite → null); columns
 * mixing strings and numbers become strings, numbers formatted the same way.
 */
export function toArquero(t: PlainTable): aq.ColumnTable {
  const cols: Record<string, (string | number | null)[]> = {};
  t.columns.forEach((c, j) => {
    const numeric = isNumericColumn(t, j);
    cols[c] = t.rows.map((r) => {
      const v = r[j];
      if (v === null || v === undefined) return null;
      if (typeof v === 'number') return numeric ? roundCell(v) : Number.isFinite(v) ? String(roundCell(v)) : null;
      return v;
    });
  });
  return aq.table(cols);
}
