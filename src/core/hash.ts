import { createHash } from 'node:crypto';

/** sha256 hex of a string or bytes. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Incremental sha256 for streams of lines (the event-log digest). */
export class Digest {
  private readonly h = createHash('sha256');
  update(chunk: string | Uint8Array): void {
    this.h.update(chunk);
  }
  hex(): string {
    return this.h.digest('hex');
  }
}
