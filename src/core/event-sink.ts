/**
 * Where simulation facts go. The master emits one record per offer, accept, decline, launch, status
 * change, filter install/expiry and allocation run; metrics and the event-log writer subscribe.
 * Field order is the construction order, so serialising a record is deterministic.
 */
export type EventFields = Record<string, unknown>;

export interface EventSink {
  emit(timeMs: number, type: string, fields: EventFields): void;
}

export class FanOutSink implements EventSink {
  private readonly sinks: EventSink[] = [];
  add(sink: EventSink): void {
    this.sinks.push(sink);
  }
  emit(timeMs: number, type: string, fields: EventFields): void {
    for (const s of this.sinks) s.emit(timeMs, type, fields);
  }
}
