/**
 * events.jsonl: one JSON line per simulation fact, `{"t":<ms>,"type":...,<fields in fixed order>}`,
 * written through a buffered file descriptor, with a running sha256 digest of the exact bytes.
 * The digest is the determinism contract: same RunSpec, same digest. See docs/event-log.md.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { Digest } from '../core/hash.ts';
import type { EventFields, EventSink } from '../core/event-sink.ts';
import { jsonMembers } from '../core/json-members.ts';

const BUFFER_BYTES = 1 << 20;

export class EventLogWriter implements EventSink {
  private readonly digest = new Digest();
  private readonly fd: number | null;
  /** Lines are encoded straight into this buffer (one UTF-8 encoding per line, no joined string). */
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  lines = 0;
  /** When set, lines are also kept in memory (tests, small runs). */
  readonly kept: string[] | null;
  /** `,"type":"<type>"` per event type. */
  private readonly heads = new Map<string, string>();

  constructor(path: string | null, keep = false) {
    this.fd = path === null ? null : openSync(path, 'w');
    this.kept = keep ? [] : null;
  }

  emit(timeMs: number, type: string, fields: EventFields): void {
    // Same bytes as JSON.stringify({ t, type, ...fields }) (fields never carry `t` or `type`),
    // without building the merged object (json-members.ts).
    let head = this.heads.get(type);
    if (head === undefined) this.heads.set(type, (head = `,"type":${JSON.stringify(type)}`));
    const line = `{"t":${timeMs}${head}${jsonMembers(fields)}}\n`;
    this.lines++;
    this.kept?.push(line);
    // A UTF-16 code unit takes at most 3 bytes in UTF-8: flush first unless the line surely fits.
    if (this.used + 3 * line.length > BUFFER_BYTES) {
      this.flush();
      if (3 * line.length > BUFFER_BYTES) { this.write(Buffer.from(line, 'utf8')); return; }
    }
    this.used += this.buffer.write(line, this.used, 'utf8');
  }

  /** Flush, close, and return the hex digest of everything written. */
  finish(): string {
    this.flush();
    if (this.fd !== null) closeSync(this.fd);
    return this.digest.hex();
  }

  private flush(): void {
    if (this.used === 0) return;
    this.write(this.buffer.subarray(0, this.used));
    this.used = 0;
  }

  /** The digest is over the concatenated bytes, so hashing per chunk equals hashing per line. */
  private write(bytes: Buffer): void {
    this.digest.update(bytes);
    if (this.fd === null) return;
    for (let off = 0; off < bytes.length;) off += writeSync(this.fd, bytes, off, bytes.length - off);
  }
}
