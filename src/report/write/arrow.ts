/**
 * Arrow IPC "file" format (Feather v2): opens in pandas (`pd.read_feather`), polars, DuckDB and R.
 *
 * Column types are fixed rather than inferred, so the schema does not change with the data
 * (flechette would otherwise pick int8/int16/... from the values, or Null for empty columns):
 * numeric columns are float64, all others dictionary-encoded utf8 (arquero's default for strings).
 */
import * as aq from 'arquero';
import type { PlainTable } from '../report-data.ts';
import { isNumericColumn, toArquero } from '../tables.ts';

// flechette's float64() descriptor (Type.Float = 3, Precision.DOUBLE = 2, Float64Array storage),
// spelled out so this module needs no import of arquero's transitive dependency (pinned in
// package.json overrides). test/report/tables.test.ts checks the round trip and the fixed schema.
const FLOAT64 = { typeId: 3, precision: 2, values: Float64Array } as const;

export function tableToArrow(t: PlainTable): Uint8Array {
  const types: Record<string, unknown> = {};
  t.columns.forEach((c, j) => {
    if (isNumericColumn(t, j)) types[c] = FLOAT64;
  });
  const opts = { format: 'file', types } as unknown as Parameters<typeof aq.toArrowIPC>[1];
  return aq.toArrowIPC(toArquero(t), opts);
}

/** Read an Arrow IPC file back into plain columns and rows (for tests and `clustersim report`). */
export function arrowToTable(bytes: Uint8Array): PlainTable {
  const table = aq.fromArrow(bytes);
  const columns = table.columnNames();
  const rows = table.objects().map((o) => columns.map((c) => (o as Record<string, string | number | null>)[c] ?? null));
  return { columns, rows };
}
