/**
 * CSV text of a table: RFC 4180 quoting (the rules of arquero's toCSV: a value holding `"`, `,`, CR
 * or LF is quoted, `"` doubled), header row in documented column order, every number through the one
 * fixed formatter (9 significant digits), empty cell for null.
 *
 * Written row by row (tableCsvChunks): until session 11 the text went through an arquero table (every
 * column copied) and one string of the whole file, ~50 MB at once for the 117,335-row tasks table
 * of the full Google 2011 shard 0 (docs/outputs.md). Same bytes as before (test/report/csv-stream.test.ts).
 */
import { formatCell, roundCell } from '../format.ts';
import type { Cell, PlainTable } from '../report-data.ts';
import { isNumericColumn } from '../tables.ts';

const NEEDS_QUOTES = /[",\n\r]/;

function quoted(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * One cell as the arquero route wrote it: a numeric column's numbers rounded (non-finite: empty), a
 * mixed column's numbers as their rounded text, then the fixed formatter and the quoting.
 */
function cellText(v: Cell | undefined, numeric: boolean): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (numeric) return formatCell(roundCell(v));
    return Number.isFinite(v) ? quoted(String(roundCell(v))) : '';
  }
  return quoted(formatCell(v));
}

/** The CSV text in pieces of at most `rowsPerChunk` rows (the header is the first piece). */
export function* tableCsvChunks(t: PlainTable, rowsPerChunk = 1000): Generator<string> {
  yield `${t.columns.map((c) => quoted(String(c))).join(',')}\n`;
  const numeric = t.columns.map((_, j) => isNumericColumn(t, j));
  let piece = '';
  let n = 0;
  for (const r of t.rows) {
    let line = '';
    for (let j = 0; j < t.columns.length; j++) line += (j > 0 ? ',' : '') + cellText(r[j], numeric[j]);
    piece += `${line}\n`;
    if (++n === rowsPerChunk) { yield piece; piece = ''; n = 0; }
  }
  if (piece !== '') yield piece;
}

export function tableToCsv(t: PlainTable): string {
  let text = '';
  for (const piece of tableCsvChunks(t)) text += piece;
  return text;
}
