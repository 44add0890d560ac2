import type { Severity } from '../../core/diagnostic.ts';
import type { RecordKind, WorkloadRecord } from '../records.ts';
import { TRACE_CODES, type TraceCode } from '../messages.ts';
import { MAX_TASKS_PER_JOB, MAX_TRACE_AMOUNT } from '../units.ts';
import {
  COLUMN_TYPES, ID_PREFIX, KIND_FIELDS, RESOURCE_COLUMNS, parseConstraints, type NativeColumn,
} from './native-csv-format.ts';

export type Complain = (field: number, code: TraceCode, message: string, severity?: Severity) => void;

const INT = /^-?\d+$/;
const DECIMAL = /^-?(\d+)(?:\.(\d+))?$/;

/** Decimal text → integer milli-units: exact for ≤ 3 fraction digits, rounded beyond. */
export function parseMilliText(s: string): number {
  const m = DECIMAL.exec(s);
  if (m === null) return NaN;
  const neg = s.startsWith('-');
  let v: number;
  if (m[2] === undefined || m[2].length <= 3) v = Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0'));
  else v = Math.round(Number(`${m[1]}.${m[2]}`) * 1000);
  return neg ? -v : v;
}

/**
 * One native CSV row → a record, or undefined after reporting why. Values in columns that do not
 * apply to the row's kind are ignored with a warning (once per kind and column).
 */
const warned = new WeakMap<object, Set<string>>();

export function buildNativeRecord(cells: readonly string[], header: readonly (NativeColumn | undefined)[], complain: Complain): WorkloadRecord | undefined {
  const kindAt = header.indexOf('kind');
  const kind = (cells[kindAt] ?? '').trim() as RecordKind;
  const spec = KIND_FIELDS[kind];
  if (spec === undefined) {
    complain(kindAt, TRACE_CODES.unknownCode, `unknown kind "${cells[kindAt] ?? ''}" (known: ${Object.keys(KIND_FIELDS).join(', ')})`);
    return undefined;
  }
  const rec: Record<string, unknown> = { kind };
  const res: Record<string, number> = {};
  let ok = true;
  let seen = warned.get(header);
  if (seen === undefined) warned.set(header, (seen = new Set()));
  for (let k = 0; k < header.length; k++) {
    const col = header[k];
    const text = (cells[k] ?? '').trim();
    if (col === undefined || col === 'kind' || text === '') continue;
    const isRes = RESOURCE_COLUMNS[col] !== undefined;
    if (col !== 'atMs' && !(isRes ? spec.resCols.includes(col) : spec.cols.includes(col))) {
      if (!seen.has(`${kind}/${col}`)) {
        seen.add(`${kind}/${col}`);
        complain(k, TRACE_CODES.header, `column ${col} does not apply to kind ${kind}; its values are ignored`, 'warning');
      }
      continue;
    }
    const v = parseCell(col, text, kind);
    if (v instanceof CellError) {
      complain(k, v.code, `${col}: ${v.error}`);
      ok = false;
      continue;
    }
    if (isRes) res[RESOURCE_COLUMNS[col]!] = v as number;
    else if (col === 'constraints' && kind === 'task.constraint') {
      const list = v as unknown[];
      if (list.length !== 1) {
        complain(k, TRACE_CODES.range, 'a task.constraint row holds exactly one constraint');
        ok = false;
      }
      rec.constraint = list[0];
    } else rec[col] = v;
  }
  for (const need of ['atMs', ...spec.required] as const) {
    const key = need === 'constraints' && kind === 'task.constraint' ? 'constraint' : need;
    if (rec[key] === undefined && ok) {
      const at = header.indexOf(need);
      complain(at < 0 ? 0 : at, TRACE_CODES.missingField, `${need} is required for kind ${kind}`);
      ok = false;
    }
  }
  if (!ok) return undefined;
  if (kind === 'job.submitted' && rec.taskCount === undefined) rec.taskCount = 1;
  if (kind === 'machine.attribute' && rec.deleted === undefined) rec.deleted = false;
  if (spec.res !== undefined && (Object.keys(res).length > 0 || spec.res === 'usage')) rec[spec.res] = res;
  return rec as unknown as WorkloadRecord;
}

class CellError {
  readonly error: string;
  readonly code: TraceCode;
  constructor(error: string, code: TraceCode) {
    this.error = error;
    this.code = code;
  }
}

/**
 * Integer columns that cannot be negative (a negative duration scheduled a task's end in the past:
 * exit 3), and the task count's range (one byte per task is kept: 10^10 tasks ran out of memory).
 * Times (`atMs`, `startMs`, `endMs`) may be: before the trace's window (Alibaba 2017 creates tasks
 * at negative times, and the trace cache writes them so).
 */
const NOT_NEGATIVE: ReadonlySet<NativeColumn> = new Set(['taskIndex', 'durationMs', 'requestedDurationMs', 'thinkTimeMs', 'maxPerMachine', 'maxPerSwitch']);

function parseCell(col: NativeColumn, text: string, kind: RecordKind): unknown {
  const t = COLUMN_TYPES[col];
  switch (t) {
    case 'int': {
      if (!INT.test(text)) return bad(`"${text}" is not an integer`, TRACE_CODES.notNumeric);
      const v = Number(text);
      if (!Number.isSafeInteger(v)) return bad(`${text} is too large`, TRACE_CODES.range);
      if (col === 'taskCount' && (v < 1 || v > MAX_TASKS_PER_JOB)) return bad(`${v} is outside 1–${MAX_TASKS_PER_JOB}`, TRACE_CODES.range);
      if (v < 0 && NOT_NEGATIVE.has(col)) return bad(`${v} is negative`, TRACE_CODES.range);
      return v;
    }
    case 'milli': { // resource amounts and utilizations: never negative
      const v = parseMilliText(text);
      if (v !== v) return bad(`"${text}" is not a decimal number`, TRACE_CODES.notNumeric);
      if (!Number.isSafeInteger(v) || v > MAX_TRACE_AMOUNT * 1000) return bad(`${text} is above ${MAX_TRACE_AMOUNT}`, TRACE_CODES.range);
      return v < 0 ? bad(`${text} is negative`, TRACE_CODES.range) : v;
    }
    case 'bool':
      return text === 'true' || text === '1' ? true : text === 'false' || text === '0' ? false : bad(`"${text}" is not true/false`, TRACE_CODES.notNumeric);
    case 'list':
      return text.split(';').map((x) => prefixed(col, x.trim()));
    case 'constraints': {
      const c = parseConstraints(text);
      return typeof c === 'string' ? bad(c, TRACE_CODES.unknownCode) : c;
    }
    case 'str':
      return prefixed(col, text);
    default: {
      const allowed = col === 'event' && kind === 'machine.event' ? ['add', 'remove', 'update'] : t;
      return allowed.includes(text) && !(col === 'event' && kind !== 'machine.event' && ['add', 'remove', 'update'].includes(text))
        ? text
        : bad(`"${text}" is not one of ${allowed.join(', ')}`, TRACE_CODES.unknownCode);
    }
  }
}

function bad(error: string, code: TraceCode): CellError {
  return new CellError(error, code);
}

/** Bare numeric ids get their kind's prefix (`123` → `job-123`); list items of id lists too. */
function prefixed(col: NativeColumn, v: string): string {
  const p = col === 'dependsOn' ? 'stage-' : col === 'afterJobs' || col === 'startAfter' ? 'job-' : ID_PREFIX[col];
  return p !== undefined && /^\d+$/.test(v) ? p + v : v;
}
