/**
 * Housekeeping of the replay's sorted-copy cache (sorted-cache.ts): list its entries and prune
 * them, least recently used first, down to a size, or all of them. An entry is `<key>.csv` +
 * `<key>.json`; its last use is the .json's modification time, which every reuse touches. Files
 * that belong to no complete entry (a .csv without its .json, leftovers of an interrupted
 * conversion) are listed as strays and pruned with the entries; `.tmp-*` files of a conversion
 * that may still be running are pruned only once they are a day old.
 */
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface CacheEntry {
  readonly key: string;
  /** Bytes of the .csv and .json together. */
  readonly bytes: number;
  readonly lastUsedMs: number;
  readonly format: string;
  readonly table: string;
  readonly records: number;
  readonly inputSha256: string;
  readonly inputBytes: number;
}

export interface CacheListing {
  readonly dir: string;
  /** Most recently used first. */
  readonly entries: readonly CacheEntry[];
  readonly strays: readonly { readonly file: string; readonly bytes: number; readonly modifiedMs: number }[];
  readonly totalBytes: number;
}

const KEY = /^[0-9a-f]{64}$/;
const TMP_GRACE_MS = 24 * 3600 * 1000;

export function listTraceCache(dir: string): CacheListing {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return { dir, entries: [], strays: [], totalBytes: 0 };
  }
  const entries: CacheEntry[] = [];
  const strays: { file: string; bytes: number; modifiedMs: number }[] = [];
  const claimed = new Set<string>();
  for (const name of names) {
    const key = name.endsWith('.json') ? name.slice(0, -5) : null;
    if (key === null || !KEY.test(key) || !names.includes(`${key}.csv`)) continue;
    const meta = readMeta(join(dir, name));
    if (meta === null) continue;
    const json = statSync(join(dir, name));
    const csv = statSync(join(dir, `${key}.csv`));
    claimed.add(name).add(`${key}.csv`);
    entries.push({
      key, bytes: json.size + csv.size, lastUsedMs: json.mtimeMs,
      format: meta.input.format, table: meta.input.table, records: meta.records, inputSha256: meta.input.sha256, inputBytes: meta.input.bytes,
    });
  }
  for (const name of names) {
    if (claimed.has(name)) continue;
    const st = statSync(join(dir, name));
    if (st.isFile()) strays.push({ file: name, bytes: st.size, modifiedMs: st.mtimeMs });
  }
  entries.sort((a, b) => b.lastUsedMs - a.lastUsedMs || (a.key < b.key ? -1 : 1));
  const totalBytes = entries.reduce((n, e) => n + e.bytes, 0) + strays.reduce((n, s) => n + s.bytes, 0);
  return { dir, entries, strays, totalBytes };
}

export interface PruneResult {
  readonly removed: readonly CacheEntry[];
  readonly removedStrays: readonly string[];
  readonly freedBytes: number;
  readonly remainingBytes: number;
}

/**
 * Remove strays, then entries least recently used first until at most `maxBytes` remain
 * (0 = everything). `nowMs` decides which `.tmp-*` leftovers are old enough to go.
 */
export function pruneTraceCache(dir: string, maxBytes: number, nowMs: number): PruneResult {
  const listing = listTraceCache(dir);
  let remaining = listing.totalBytes;
  let freed = 0;
  const removedStrays: string[] = [];
  for (const s of listing.strays) {
    if (s.file.startsWith('.tmp-') && nowMs - s.modifiedMs < TMP_GRACE_MS) continue; // maybe still being written
    rmSync(join(dir, s.file), { force: true });
    removedStrays.push(s.file);
    remaining -= s.bytes;
    freed += s.bytes;
  }
  const removed: CacheEntry[] = [];
  for (const e of [...listing.entries].reverse()) {
    if (remaining <= maxBytes) break;
    // The .json goes first: without it the entry no longer counts, even if the .csv removal fails.
    rmSync(join(dir, `${e.key}.json`), { force: true });
    rmSync(join(dir, `${e.key}.csv`), { force: true });
    removed.push(e);
    remaining -= e.bytes;
    freed += e.bytes;
  }
  return { removed, removedStrays, freedBytes: freed, remainingBytes: remaining };
}

function readMeta(path: string): { input: { sha256: string; bytes: number; format: string; table: string }; records: number } | null {
  try {
    const m = JSON.parse(readFileSync(path, 'utf8')) as { input?: { sha256?: unknown; bytes?: unknown; format?: unknown; table?: unknown }; records?: unknown };
    const i = m.input;
    if (!i || typeof i.sha256 !== 'string' || typeof i.format !== 'string' || typeof i.table !== 'string') return null;
    return { input: { sha256: i.sha256, bytes: Number(i.bytes ?? 0), format: i.format, table: i.table }, records: Number(m.records ?? 0) };
  } catch {
    return null;
  }
}
