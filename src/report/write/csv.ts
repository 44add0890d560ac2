/**
 * CSV text of a table: RFC 4180 quoting (via arquero), header row in documented column order,
 * every number through the one fixed formatter (9 significant digits), empty cell for null.
 */
import * as aq from 'arquero';
import { formatCell } from '../format.ts';
import type { PlainTable } from '../report-data.ts';
import { toArquero } from '../tables.ts';

export function tableToCsv(t: PlainTable): string {
  const table = toArquero(t);
  const format: Record<string, (v: unknown) => string> = {};
  for (const c of t.columns) format[c] = (v) => formatCell(v as string | number | null);
  const csv = aq.toCSV(table, { format });
  return csv.endsWith('\n') ? csv : `${csv}\n`;
}
