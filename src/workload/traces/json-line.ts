import type { Diagnostic } from '../../core/diagnostic.ts';
import { TRACE_CODES, traceDiagnostic, type TraceCode } from '../messages.ts';
import { googleAtMs, googleMicrosFromJson, googleWindow } from './google-time.ts';
import type { TraceWindow } from '../records.ts';

type Obj = Record<string, unknown>;

/**
 * One JSON-lines row with typed, diagnosing accessors for the Google 2019 encoding: int64s and
 * enums are JSON strings, default-valued fields are omitted (absent = the proto default).
 * Columns in diagnostics point at the offending key inside the line.
 */
export class JsonRow {
  text = '';
  line = 0;
  obj: Obj = {};
  errCode: TraceCode | undefined;
  errMessage = '';
  errColumn = 1;

  /** Parse the line; false (with a CS6007 problem) if it is not a JSON object. */
  parse(text: string, line: number): boolean {
    this.text = text;
    this.line = line;
    this.errCode = undefined;
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (err) {
      const msg = (err as Error).message;
      const pos = /position (\d+)/.exec(msg);
      this.failAt(pos ? Number(pos[1]) + 1 : 1, TRACE_CODES.json, `invalid JSON: ${msg}`);
      return false;
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      this.failAt(1, TRACE_CODES.json, 'each line must be a JSON object');
      return false;
    }
    this.obj = v as Obj;
    return true;
  }

  /**
   * 1-based column of the value of `"key"` in the line (of `"key"` inside the object `"inside"` when
   * given): where the value starts, past the colon and blanks. 1 if absent (or `"inside"`'s column).
   */
  valueColumn(key: string, inside?: string): number {
    const t = this.text;
    const from = inside === undefined ? 0 : t.indexOf(`"${inside}"`);
    if (from < 0) return 1;
    const k = t.indexOf(`"${key}"`, from);
    if (k < 0) return from + 1;
    let i = k + key.length + 2;
    while (i < t.length && (t[i] === ' ' || t[i] === '\t' || t[i] === ':')) i++;
    return i + 1;
  }

  /** 1-based column of `"key"` in the line (1 if absent). */
  column(key: string): number {
    const i = this.text.indexOf(`"${key}"`);
    return i < 0 ? 1 : i + 1;
  }

  failAt(column: number, code: TraceCode, message: string): void {
    if (this.errCode !== undefined) return;
    this.errCode = code;
    this.errMessage = message;
    this.errColumn = column;
  }

  fail(key: string, code: TraceCode, message: string): void {
    this.failAt(this.column(key), code, message);
  }

  diagnostic(file: string): Diagnostic {
    // Every rejection records its reason; the fallback keeps a message should one not.
    return traceDiagnostic(this.errCode ?? TRACE_CODES.format, this.errMessage || 'this row cannot be read', file, this.line, this.errColumn);
  }

  has(key: string, from: Obj = this.obj): boolean {
    return from[key] !== undefined && from[key] !== null;
  }

  /** An int64 / int32 field (string or number); `dflt` when absent (proto default). */
  int(key: string, dflt: number | undefined, from: Obj = this.obj): number | undefined {
    const v = from[key];
    if (v === undefined || v === null) return dflt;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n)) {
      this.fail(key, typeof v === 'string' && /^-?\d+$/.test(v) ? TRACE_CODES.range : TRACE_CODES.notNumeric,
        `${key} must be an integer, got ${JSON.stringify(v).slice(0, 40)}`);
      return undefined;
    }
    return n;
  }

  /** A float field; undefined when absent. */
  num(key: string, from: Obj): number | undefined {
    const v = from[key];
    if (v === undefined || v === null) return undefined;
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    if (n === Infinity || n === -Infinity) { // `1e400`: a JSON number no double holds
      this.fail(key, TRACE_CODES.range, `${key} is too large`);
      return undefined;
    }
    if (!Number.isFinite(n)) {
      this.fail(key, TRACE_CODES.notNumeric, `${key} must be a number, got ${JSON.stringify(v).slice(0, 40)}`);
      return undefined;
    }
    return n;
  }

  str(key: string): string | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string') {
      this.fail(key, TRACE_CODES.notNumeric, `${key} must be a string`);
      return undefined;
    }
    return v;
  }

  sub(key: string): Obj | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) {
      this.fail(key, TRACE_CODES.json, `${key} must be an object`);
      return undefined;
    }
    return v as Obj;
  }

  /** An enum, as a number, digit string or upper-case name; `names[i]` is the name of code i. */
  enumCode(key: string, names: readonly string[], dflt = 0): number | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return dflt;
    let n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : names.indexOf(String(v));
    if (!Number.isInteger(n) || n < 0 || n >= names.length) {
      this.fail(key, TRACE_CODES.unknownCode, `unknown ${key} ${JSON.stringify(v)} (known: 0–${names.length - 1})`);
      n = -1;
      return undefined;
    }
    return n;
  }

  /** Google µs time field → [atMs, window]; undefined (with a problem) if invalid. */
  time(key: string, mandatory = true): { atMs: number; window: TraceWindow | undefined } | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) {
      if (!mandatory) return { atMs: 0, window: 'before' }; // proto default 0 = before the window
      this.fail(key, TRACE_CODES.missingField, `${key} is missing but mandatory`);
      return undefined;
    }
    const us = googleMicrosFromJson(v);
    if (us !== us || us < 0) {
      this.fail(key, us < 0 ? TRACE_CODES.range : TRACE_CODES.notNumeric,
        `${key} must be a non-negative integer of microseconds below 2^53 or the sentinel 2^63−1, got ${JSON.stringify(v).slice(0, 40)}`);
      return undefined;
    }
    return { atMs: googleAtMs(us), window: googleWindow(us) };
  }
}
