/**
 * An event sink that only counts what the event log would hold: one line per emitted record
 * (summary.json `events`), without writing or hashing anything. For runs that read only their
 * summary (`check`, `plan`; RunOptions.digest false in experiment/run.ts).
 */
import type { EventFields, EventSink } from '../core/event-sink.ts';

export class EventLineCounter implements EventSink {
  lines = 0;
  readonly kept = null;

  emit(_timeMs: number, _type: string, _fields: EventFields): void {
    this.lines++;
  }

  /** No digest: nothing was serialized. */
  finish(): null {
    return null;
  }
}
