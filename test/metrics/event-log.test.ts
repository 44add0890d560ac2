/**
 * events.jsonl writer: the file holds exactly the emitted lines, the digest is the sha256 of the
 * file's bytes, and both hold across buffer flushes, multi-byte characters and a line larger
 * than the buffer (src/metrics/event-log.ts).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventLogWriter } from '../../src/metrics/event-log.ts';

describe('EventLogWriter', () => {
  it('writes every line byte for byte and digests exactly the file', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'cs-log-')), 'events.jsonl');
    const w = new EventLogWriter(path, true);
    const huge = '€'.repeat(350_000) + '−µ😀'; // 1.05 MB in UTF-8 for 350k UTF-16 units: more than the 1 MiB buffer
    for (let i = 0; i < 30_000; i++) w.emit(i, 'task.status', { task: `t-${i}`, reason: i % 7 === 0 ? 'kill −9 “µs” 😀' : 'ok' });
    w.emit(30_000, 'note', { text: huge });
    for (let i = 0; i < 10; i++) w.emit(30_001 + i, 'empty', {});
    const digest = w.finish();
    const bytes = readFileSync(path);
    expect(bytes.toString('utf8')).toBe(w.kept!.join(''));
    expect(digest).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(w.lines).toBe(30_011);
    expect(w.kept![30_010]).toBe('{"t":30010,"type":"empty"}\n');
    expect(JSON.parse(w.kept![30_000]).text).toBe(huge);
  });

  it('without a file, the digest is the same as with one', () => {
    const a = new EventLogWriter(null), b = new EventLogWriter(join(mkdtempSync(join(tmpdir(), 'cs-log-')), 'e.jsonl'));
    for (const w of [a, b]) for (let i = 0; i < 5_000; i++) w.emit(i, 'offer', { agent: `a-${i}`, resources: 'cpus:1;mem:1024' });
    expect(a.finish()).toBe(b.finish());
  });
});
