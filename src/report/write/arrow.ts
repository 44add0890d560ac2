/**
 * Arrow IPC "file" format (Feather v2): opens in pandas (`pd.read_feather`), polars, DuckDB and R.
 *
 * Column types are fixed rather than inferred, so the schema does not change with the data
 * (flechette would otherwise pick int8/int16/... from the values, or Null for empty columns):
 * numeric columns are float64, all others dictionary-encoded utf8 (arquero's default for strings),
 * documented text columns (table-columns.ts TEXT_COLUMNS) even when a run has no value in them.
 */
import * as aq from 'arquero';
import type { PlainTable } from '../report-data.ts';
import { isNumericColumn, toArquero } from '../tables.ts';

// flechette's float64() descriptor (Type.Float = 3, Precision.DOUBLE = 2, Float64Array storage),
// spelled out so this module needs no import of arquero's transitive dependency (pinned in
// package.json overrides). test/report/tables.test.ts checks the round trip and the fixed schema.
const FLOAT64 = { typeId: 3, precision: 2, values: Float64Array } as const;
// flechette's dictionary(utf8()), int32 indices (Type.Dictionary = -1, Type.Utf8 = 5, Type.Int = 2):
// what arquero picks for a column of strings, given even when the column holds no value at all
// (inferred, an all-null text column was typed Null, or float64 before TEXT_COLUMNS).
// One object per column, numbered as the encoder numbers dictionaries (0, 1, … in column order), so
// an empty table, whose dictionaries the encoder never numbers, has the same schema as a full one.
const dictionaryUtf8 = (id: number) => ({
  typeId: -1, id, ordered: false,
  dictionary: { typeId: 5, offsets: Int32Array },
  indices: { typeId: 2, bitWidth: 32, signed: true, values: Int32Array },
});

export function tableToArrow(t: PlainTable): Uint8Array {
  const types: Record<string, unknown> = {};
  let dictionaries = 0;
  t.columns.forEach((c, j) => {
    types[c] = isNumericColumn(t, j) ? FLOAT64 : dictionaryUtf8(dictionaries++);
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
