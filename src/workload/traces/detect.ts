import { basename, dirname } from 'node:path';
import { readHead } from '../io/open.ts';
import { TRACE_FORMATS, type TraceFormat } from './reader.ts';
import { GOOGLE_2011_TABLES } from './google-2011-codes.ts';
import { GOOGLE_2019_TABLES } from './google-2019.ts';
import { ALIBABA_2018_TABLES } from './alibaba-2018.ts';

export interface Detection {
  readonly format: TraceFormat;
  readonly table: string;
}

/** How the user names a format or a table where detection failed: CLI flags, or a scenario source's fields. */
export interface DetectionHints {
  readonly format: string;
  readonly table: string;
}

export const CLI_HINTS: DetectionHints = { format: 'pass --format', table: 'pass --table' };
export const SCENARIO_HINTS: DetectionHints = { format: 'set format: on the workload source', table: 'set table: on the workload source' };

export const TABLES: Record<TraceFormat, readonly string[]> = {
  'google-2011': GOOGLE_2011_TABLES,
  'google-2019': GOOGLE_2019_TABLES,
  'alibaba-2018': ALIBABA_2018_TABLES,
  'alibaba-2017': ['batch_task'],
  swf: ['jobs'],
  'native-csv': ['records'],
};

/** The known table name in the file name or its directory (`task_events/part-00000….csv.gz`). */
export function tableFromPath(path: string, tables: readonly string[]): string | undefined {
  const names = [basename(path), basename(dirname(path))].map((n) => n.toLowerCase());
  // longest first, so `machine_events` is not mistaken for a shorter name it contains
  const sorted = [...tables].sort((a, b) => b.length - a.length);
  for (const n of names) for (const t of sorted) if (n.includes(t)) return t;
  return undefined;
}

function firstDataLine(head: Buffer): string {
  // A UTF-8 byte order mark (a spreadsheet's CSV export) is not part of the first field: the readers
  // strip it too, so `atMs,kind,…` behind one is still a native CSV header.
  const text = head.toString('latin1');
  for (const raw of (text.startsWith('\u00ef\u00bb\u00bf') ? text.slice(3) : text).split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() !== '' && !line.startsWith('#')) return line; // `#` comments (native CSV)
  }
  return '';
}

/**
 * Format auto-detection: the file name says which table it is; the content says which trace
 * family (JSON → Google 2019; `;` comments → SWF; an `atMs,…kind` header → native CSV; the field
 * count tells Alibaba 2017 from 2018 `batch_task`). gzip is detected separately by magic bytes.
 * Returns an explanation string when the file is not recognized.
 */
export async function detectTrace(path: string, forced?: TraceFormat, table?: string, hints: DetectionHints = CLI_HINTS): Promise<Detection | string> {
  let head: Buffer;
  try {
    head = await readHead(path);
  } catch (err) {
    return `cannot read file: ${(err as Error).message}`;
  }
  return detectFromHead(path, head, forced, table, hints);
}

/** Detection from the first decompressed bytes of a file (shared by the async and sync openers). */
export function detectFromHead(path: string, head: Buffer, forced?: TraceFormat, table?: string, hints: DetectionHints = CLI_HINTS): Detection | string {
  const first = firstDataLine(head);
  const lower = basename(path).toLowerCase();
  const fmt = forced ?? sniffFormat(path, lower, first);
  if (fmt === undefined) {
    return `trace format not recognized (known: ${TRACE_FORMATS.join(', ')}); ${hints.format}`;
  }
  const t = table ?? (TABLES[fmt].length === 1 ? TABLES[fmt][0] : tableFromPath(path, TABLES[fmt]));
  if (t === undefined || !TABLES[fmt].includes(t)) {
    return `cannot tell which ${fmt} table this file holds from its name (known: ${TABLES[fmt].join(', ')}); ${hints.table}`;
  }
  return { format: fmt, table: t };
}

function sniffFormat(path: string, lower: string, first: string): TraceFormat | undefined {
  if (first.startsWith('{')) return tableFromPath(path, GOOGLE_2019_TABLES) ? 'google-2019' : undefined;
  if (first.startsWith(';') || /\.swf(\.gz)?$/.test(lower)) return 'swf';
  const cells = first.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1')); // RFC 4180 allows a quoted header
  if (cells.includes('atMs') && cells.includes('kind')) return 'native-csv';
  if (tableFromPath(path, GOOGLE_2011_TABLES)) return 'google-2011';
  if (tableFromPath(path, ALIBABA_2018_TABLES)) {
    // batch_task exists in both Alibaba releases: v2017 rows have 8 fields, v2018 rows 9
    if (tableFromPath(path, ['batch_task']) && (cells.length === 8 || /2017/.test(path))) return 'alibaba-2017';
    return 'alibaba-2018';
  }
  return undefined;
}
