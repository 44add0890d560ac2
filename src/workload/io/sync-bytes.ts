/**
 * A *synchronous* source of a file's decompressed bytes, for the simulation loop.
 *
 * The event loop of a run is synchronous (it never yields to Node's loop), but a trace replayed
 * into it must stream: the whole file may be far larger than memory. Plain files are read with
 * `fs.readSync` in 256 KiB chunks. gzip files are decompressed by a small worker thread running
 * node:zlib's ordinary streaming Gunzip; the main thread pulls one chunk at a time through a
 * SharedArrayBuffer and blocks on `Atomics.wait` until the worker has filled it. Memory stays at
 * one chunk per side plus zlib's own window, whatever the file length.
 *
 * The worker is plain JavaScript evaluated from a string (no TS loader needed in the thread); it is
 * `unref`ed so a source that is never closed cannot keep the process alive, and it is terminated
 * when the stream ends or `close()` is called.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { CHUNK_BYTES } from './open.ts';

export interface SyncByteSource {
  /** The next chunk of decompressed bytes, or null at the end (or after an error). */
  next(): Buffer | null;
  /** Set once reading failed: `kind` tells a corrupt gzip stream from an I/O error. */
  readonly error: { kind: 'gzip' | 'io'; message: string } | undefined;
  close(): void;
}

const STATE = 0; // 0 = waiting, 1 = data, 2 = end, 3 = error
const LENGTH = 1;

const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { createReadStream } = require('node:fs');
const { createGunzip } = require('node:zlib');
const ctrl = new Int32Array(workerData.ctrl);
const data = new Uint8Array(workerData.data);
const src = createReadStream(workerData.file, { highWaterMark: workerData.chunk });
const gz = createGunzip({ chunkSize: workerData.chunk });
src.on('error', (e) => gz.destroy(e));
src.pipe(gz);
let pending = null, ended = false, failure = null, asked = false;
function reply(state, n) { ctrl[1] = n; Atomics.store(ctrl, 0, state); Atomics.notify(ctrl, 0); asked = false; }
function serve() {
  if (!asked) return;
  let n = 0;
  while (n < data.length) {
    const chunk = pending !== null ? pending : gz.read();
    if (chunk === null) break;
    const take = Math.min(chunk.length, data.length - n);
    data.set(chunk.subarray(0, take), n);
    n += take;
    pending = take < chunk.length ? chunk.subarray(take) : null;
  }
  if (n > 0) return reply(1, n);
  if (failure !== null) {
    const text = Buffer.from(String(failure.code || '') + '\\n' + String(failure.message)).subarray(0, data.length);
    data.set(text, 0);
    return reply(3, text.length);
  }
  if (ended) return reply(2, 0);
}
gz.on('readable', serve);
gz.on('end', () => { ended = true; serve(); });
gz.on('error', (e) => { failure = e; serve(); });
parentPort.on('message', () => { asked = true; serve(); });
`;

export function isGzipFileSync(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/** Open `path` (gzip detected by its magic bytes); throws only if the file cannot be opened. */
export function openSyncByteSource(path: string): SyncByteSource {
  return isGzipFileSync(path) ? gzipSource(path) : plainSource(path);
}

function plainSource(path: string): SyncByteSource {
  let fd: number | null = openSync(path, 'r');
  let error: SyncByteSource['error'];
  return {
    get error() { return error; },
    next() {
      if (fd === null) return null;
      const buf = Buffer.allocUnsafe(CHUNK_BYTES);
      let n: number;
      try {
        n = readSync(fd, buf, 0, CHUNK_BYTES, null);
      } catch (e) {
        error = { kind: 'io', message: (e as Error).message };
        n = 0;
      }
      if (n === 0) { this.close(); return null; }
      return buf.subarray(0, n);
    },
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}

function gzipSource(path: string): SyncByteSource {
  const ctrl = new SharedArrayBuffer(8);
  const data = new SharedArrayBuffer(CHUNK_BYTES);
  const c = new Int32Array(ctrl);
  let worker: Worker | null = new Worker(WORKER_SOURCE, { eval: true, workerData: { file: path, ctrl, data, chunk: CHUNK_BYTES } });
  worker.unref();
  let error: SyncByteSource['error'];
  const close = () => {
    if (worker !== null) void worker.terminate();
    worker = null;
  };
  return {
    get error() { return error; },
    next() {
      if (worker === null) return null;
      Atomics.store(c, STATE, 0);
      worker.postMessage(0);
      Atomics.wait(c, STATE, 0);
      const state = Atomics.load(c, STATE);
      const n = c[LENGTH];
      if (state === 1) return Buffer.from(new Uint8Array(data, 0, n)); // a copy: the shared buffer is reused
      if (state === 3) {
        const [code, ...rest] = Buffer.from(new Uint8Array(data, 0, n)).toString('utf8').split('\n');
        error = { kind: code.startsWith('Z_') || code === '' ? 'gzip' : 'io', message: rest.join('\n') };
      }
      close();
      return null;
    },
    close,
  };
}
