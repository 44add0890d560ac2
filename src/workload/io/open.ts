import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { constants, createGunzip, gunzipSync } from 'node:zlib';
import type { Readable } from 'node:stream';

/** Read chunks of 256 KiB: large enough that per-chunk overhead vanishes, small enough to stay bounded. */
export const CHUNK_BYTES = 256 * 1024;

/** gzip members start with the magic bytes 1f 8b (RFC 1952); the file name is not trusted. */
export async function isGzipFile(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await fh.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

/**
 * The decompressed bytes of a file as a stream of Buffers. gunzip runs on the libuv thread pool,
 * so decompression overlaps with parsing on the main thread. Errors of either stage (ENOENT,
 * truncated gzip) surface from the returned stream's iterator.
 */
export function openByteStream(path: string, gzip: boolean): Readable {
  const src = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  if (!gzip) return src;
  const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
  src.on('error', (err) => gunzip.destroy(err));
  gunzip.on('close', () => src.destroy());
  return src.pipe(gunzip);
}

/** Up to `maxBytes` decompressed bytes from the start of a file (format sniffing); never throws on bad data. */
export async function readHead(path: string, maxBytes = 64 * 1024): Promise<Buffer> {
  const gz = await isGzipFile(path);
  const parts: Buffer[] = [];
  let n = 0;
  const stream = openByteStream(path, gz);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      parts.push(chunk);
      n += chunk.length;
      if (n >= maxBytes) break;
    }
  } catch {
    // a corrupt stream still yields its readable prefix; the reader reports the error later
  } finally {
    stream.destroy();
  }
  return Buffer.concat(parts).subarray(0, maxBytes);
}

/**
 * readHead's synchronous twin for checks that must not start a thread per file (a scenario's
 * directory source may hold hundreds): the first `maxBytes` stored bytes, gunzipped as far as they
 * go (a partial member is flushed, not an error). Throws only when the file cannot be read.
 */
export function readHeadSync(path: string, maxBytes = 64 * 1024): Buffer {
  const fd = openSync(path, 'r');
  let stored: Buffer;
  try {
    const buf = Buffer.alloc(maxBytes);
    stored = buf.subarray(0, readSync(fd, buf, 0, maxBytes, 0));
  } finally {
    closeSync(fd);
  }
  if (stored.length < 2 || stored[0] !== 0x1f || stored[1] !== 0x8b) return stored;
  try {
    return gunzipSync(stored, { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, maxBytes);
  } catch {
    return Buffer.alloc(0); // corrupt from the start: nothing to detect from (the replay reports the gzip error)
  }
}

/** Classify errors thrown by openByteStream: gzip (zlib) vs file system; anything else is a bug. */
export function streamErrorKind(err: unknown): 'gzip' | 'io' | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (code.startsWith('Z_') || code === 'ERR_ZLIB_INITIALIZATION_FAILED') return 'gzip';
  if (code.startsWith('E')) return 'io';
  return undefined;
}
