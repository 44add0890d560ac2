import { TRACE_CODES } from '../messages.ts';
import { DelimitedBase } from './delimited-base.ts';
import { shownValue } from '../io/row.ts';
import { GOOGLE_WINDOW_START_MS, googleAtMs, googleMicrosFromBytes, googleWindow } from './google-time.ts';
import type { NormalizedRange } from './normalized-range.ts';
import type { GoogleTimeUnit } from './google-time-unit.ts';

/** Google 2011 line parsers: DelimitedBase plus the µs timestamp rules (every 2011 table is sorted by time). */
export class Google2011Base extends DelimitedBase {
  /** The normalized resource columns' range check (CS6014), set by the table's factory; raw values of the last row's resource columns. */
  range: NormalizedRange | undefined = undefined;
  readonly raw: (number | undefined)[] = [undefined, undefined, undefined];
  /** Times in seconds or milliseconds instead of µs (CS6015), set by the factory. */
  timeUnit: GoogleTimeUnit | undefined = undefined;

  /** After a row is accepted: its raw resource values (in `raw`, columns `cols`) against 1, the largest machine. */
  checkNormalized(cols: readonly number[], names: readonly string[]): void {
    const range = this.range;
    if (range === undefined) return;
    for (let k = 0; k < cols.length; k++) {
      const v = this.raw[k];
      if (v !== undefined && v > 1) range.check(v, 1, names[k], this.row.line, this.row.column(cols[k]));
    }
  }

  /** Parse the µs timestamp in field i into atMs/window; false (and a recorded problem) if invalid. */
  time(i: number, name = 'time'): boolean {
    const r = this.row;
    const us = googleMicrosFromBytes(r.buf, r.starts[i], r.ends[i]);
    if (us !== us) {
      if (r.isEmpty(i)) r.fail(i, TRACE_CODES.missingField, `${name} is empty but mandatory`);
      else r.fail(i, TRACE_CODES.notNumeric, `${name} must be an integer number of microseconds, got ${shownValue(r.str(i).slice(0, 40))}`);
      return false;
    }
    if (us < 0) {
      r.fail(i, TRACE_CODES.range, `${name} "${r.str(i)}" is beyond 2^53 µs and is not the after-window sentinel 2^63−1`);
      return false;
    }
    this.atMs = googleAtMs(us);
    this.window = googleWindow(us);
    if (this.window === undefined && this.atMs < GOOGLE_WINDOW_START_MS) this.timeUnit?.check(this.atMs, r.str(i), name, r.line, r.column(i));
    return true;
  }

}
