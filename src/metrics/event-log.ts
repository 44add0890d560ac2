/**
 * events.jsonl: one JSON line per simulation fact, `{"t":<ms>,"type":...,<fields in fixed order>}`,
 * written through a buffered file descriptor, with a running sha256 digest of the exact bytes.
 * The digest is the determinism contract: same RunSpec, same digest. See docs/event-log.md.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { Digest } from '../core/hash.ts';
import type { EventFields, EventSink } from '../core/event-sink.ts';

const FLUSH_BYTES = 1 << 20;

export class EventLogWriter implements EventSink {
  private readonly digest = new Digest();
  private readonly fd: number | null;
  private buffer: string[] = [];
  private bufferedBytes = 0;
  lines = 0;
  /** When set, lines are also kept in memory (tests, small runs). */
  readonly kept: string[] | null;

  constructor(path: string | null, keep = false) {
    this.fd = path === null ? null : openSync(path, 'w');
    this.kept = keep ? [] : null;
  }

  emit(timeMs: number, type: string, fields: EventFields): void {
    // Same bytes as JSON.stringify({ t, type, ...fields }) (fields never carry `t` or `type`),
    // without building the merged object.
    const body = JSON.stringify(fields);
    const line = `{"t":${timeMs},"type":${JSON.stringify(type)}${body.length > 2 ? `,${body.slice(1)}` : '}'}\n`;
    this.lines++;
    this.kept?.push(line);
    this.buffer.push(line);
    this.bufferedBytes += line.length;
    if (this.bufferedBytes >= FLUSH_BYTES) this.flush();
  }

  /** Flush, close, and return the hex digest of everything written. */
  finish(): string {
    this.flush();
    if (this.fd !== null) closeSync(this.fd);
    return this.digest.hex();
  }

  /** The digest is over the concatenated bytes, so hashing per flushed chunk equals hashing per line. */
  private flush(): void {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer.join('');
    this.digest.update(chunk);
    if (this.fd !== null) writeSync(this.fd, chunk);
    this.buffer = [];
    this.bufferedBytes = 0;
  }
}
