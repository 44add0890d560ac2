import { TRACE_CODES } from '../messages.ts';
import { DelimitedBase } from './delimited-base.ts';
import { shownValue } from '../io/row.ts';
import { googleAtMs, googleMicrosFromBytes, googleWindow } from './google-time.ts';

/** Google 2011 line parsers: DelimitedBase plus the µs timestamp rules (every 2011 table is sorted by time). */
export class Google2011Base extends DelimitedBase {
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
    return true;
  }

}
