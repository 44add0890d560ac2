import type { Diagnostic } from '../../core/diagnostic.ts';
import { TRACE_CODES, traceDiagnostic, type TraceCode } from '../messages.ts';
import { MAX_TASKS_PER_JOB, MAX_TRACE_AMOUNT } from '../units.ts';
import { fieldText, parseDecimal, parseInt64, parseUint } from './fields.ts';

const MAX_FIELDS = 64;

/**
 * One delimited line of a Buffer, split into field offsets. Getters parse a field in place and,
 * on bad input, remember the first problem (with its 1-based character column) instead of
 * throwing; the line parser checks `error` once after reading every field it needs.
 */
export class Row {
  buf: Buffer = Buffer.alloc(0);
  lineStart = 0;
  line = 0;
  count = 0;
  readonly starts = new Int32Array(MAX_FIELDS);
  readonly ends = new Int32Array(MAX_FIELDS);
  errCode: TraceCode | undefined = undefined;
  errMessage = '';
  errColumn = 0;

  /** Split buf[s, e) on `sep` (a byte); returns the field count (also beyond MAX_FIELDS). */
  split(buf: Buffer, s: number, e: number, line: number, sep: number): number {
    this.buf = buf;
    this.lineStart = s;
    this.line = line;
    this.errCode = undefined;
    let n = 0;
    let fs = s;
    for (let i = s; i < e; i++) {
      if (buf[i] === sep) {
        if (n < MAX_FIELDS) {
          this.starts[n] = fs;
          this.ends[n] = i;
        }
        n++;
        fs = i + 1;
      }
    }
    if (n < MAX_FIELDS) {
      this.starts[n] = fs;
      this.ends[n] = e;
    }
    this.count = n + 1;
    return this.count;
  }

  /** Split on runs of spaces/tabs, ignoring leading and trailing blanks (SWF). */
  splitBlanks(buf: Buffer, s: number, e: number, line: number): number {
    this.buf = buf;
    this.lineStart = s;
    this.line = line;
    this.errCode = undefined;
    let n = 0;
    let i = s;
    while (i < e) {
      while (i < e && (buf[i] === 0x20 || buf[i] === 0x09)) i++;
      if (i >= e) break;
      const fs = i;
      while (i < e && buf[i] !== 0x20 && buf[i] !== 0x09) i++;
      if (n < MAX_FIELDS) {
        this.starts[n] = fs;
        this.ends[n] = i;
      }
      n++;
    }
    this.count = n;
    return n;
  }

  /** 1-based character column of field i (one byte = one column: the traces are ASCII). */
  column(i: number): number {
    const last = Math.min(this.count, MAX_FIELDS) - 1;
    const at = i <= last ? this.starts[i] : this.ends[last];
    return at - this.lineStart + 1;
  }

  /** Column just past the end of the line (for "too few fields"). */
  endColumn(): number {
    return this.ends[Math.min(this.count - 1, MAX_FIELDS - 1)] - this.lineStart + 1;
  }

  isEmpty(i: number): boolean {
    return this.starts[i] === this.ends[i];
  }

  fail(i: number, code: TraceCode, message: string): void {
    if (this.errCode !== undefined) return;
    this.errCode = code;
    this.errMessage = message;
    this.errColumn = this.column(i);
  }

  /** Mandatory unsigned integer. */
  uint(i: number, name: string): number {
    const v = parseUint(this.buf, this.starts[i], this.ends[i]);
    if (v !== v) this.badNumber(i, name, 'a non-negative integer');
    return v;
  }

  /** Optional unsigned integer: undefined when empty. */
  optUint(i: number, name: string): number | undefined {
    if (this.starts[i] === this.ends[i]) return undefined;
    return this.uint(i, name);
  }

  int(i: number, name: string): number {
    const v = parseInt64(this.buf, this.starts[i], this.ends[i]);
    if (v !== v) this.badNumber(i, name, 'an integer');
    return v;
  }

  optInt(i: number, name: string): number | undefined {
    if (this.starts[i] === this.ends[i]) return undefined;
    return this.int(i, name);
  }

  num(i: number, name: string): number {
    const v = parseDecimal(this.buf, this.starts[i], this.ends[i]);
    if (v !== v) this.badNumber(i, name, 'a number');
    else if (v - v !== 0) return this.outOfRange(i, name, 'is too large'); // ±Infinity (`1e400`): valid syntax, no double holds it
    return v;
  }

  /**
   * Optional resource amount (a request, a capacity): undefined when empty; a negative value, or
   * one above MAX_TRACE_AMOUNT, is a CS6010 problem (the line is rejected, not replayed without it).
   * The hot path (Google 2011 task events: three per row) is the two compares; the rest is rare.
   */
  optAmount(i: number, name: string): number | undefined {
    if (this.starts[i] === this.ends[i]) return undefined;
    const v = this.num(i, name);
    if (v >= 0 && v <= MAX_TRACE_AMOUNT) return v;
    return v !== v ? v : this.outOfRange(i, name, v < 0 ? 'is negative' : `is above ${MAX_TRACE_AMOUNT}`);
  }

  /** Record a CS6010 problem for field i (kept out of the parsing methods, so they stay small enough to inline). */
  private outOfRange(i: number, name: string, what: string): number {
    this.fail(i, TRACE_CODES.range, `${name} ${shownValue(this.str(i).slice(0, 40))} ${what}`);
    return NaN;
  }

  /** A job's task count: at most MAX_TASKS_PER_JOB (CS6010 above). */
  taskCount(i: number, v: number): number {
    if (v > MAX_TASKS_PER_JOB) this.fail(i, TRACE_CODES.range, `${v} tasks in one job is above the limit of ${MAX_TASKS_PER_JOB}`);
    return v;
  }

  optNum(i: number, name: string): number | undefined {
    if (this.starts[i] === this.ends[i]) return undefined;
    return this.num(i, name);
  }

  str(i: number): string {
    return fieldText(this.buf, this.starts[i], this.ends[i]);
  }

  optStr(i: number): string | undefined {
    if (this.starts[i] === this.ends[i]) return undefined;
    return fieldText(this.buf, this.starts[i], this.ends[i]);
  }

  /** A mandatory string field. */
  reqStr(i: number, name: string): string {
    if (this.starts[i] === this.ends[i]) this.fail(i, TRACE_CODES.missingField, `${name} is empty but mandatory`);
    return fieldText(this.buf, this.starts[i], this.ends[i]);
  }

  private badNumber(i: number, name: string, what: string): void {
    if (this.starts[i] === this.ends[i]) {
      this.fail(i, TRACE_CODES.missingField, `${name} is empty but mandatory`);
      return;
    }
    const text = fieldText(this.buf, this.starts[i], Math.min(this.ends[i], this.starts[i] + 40));
    this.fail(i, TRACE_CODES.notNumeric, `${name} must be ${what}, got ${shownValue(text)}`);
  }

  /** The recorded problem as a diagnostic. */
  diagnostic(file: string): Diagnostic {
    return traceDiagnostic(this.errCode ?? TRACE_CODES.format, this.errMessage, file, this.line, this.errColumn);
  }

  /** Check the field count; on mismatch records a CS6001 problem and returns false. */
  expectFields(want: number, min = want): boolean {
    if (this.count >= min && this.count <= want) return true;
    if (this.count > want) {
      this.errCode = TRACE_CODES.columnCount;
      this.errMessage = `expected ${want} fields, found ${this.count}`;
      this.errColumn = this.column(want);
    } else {
      this.errCode = TRACE_CODES.columnCount;
      this.errMessage = `expected ${min === want ? want : `${min}–${want}`} fields, found ${this.count}`;
      this.errColumn = this.endColumn();
    }
    return false;
  }
}

/**
 * A field's text quoted for a message, control characters escaped as in JSON: a stray carriage return
 * (a file with \r\r\n line ends) showed as `got "0.007956928"` for a number that looked fine.
 */
export function shownValue(text: string): string {
  return JSON.stringify(text);
}
