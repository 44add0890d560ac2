/**
 * What a plugin is handed is a frozen copy, not the simulation's own objects: an offer's resources
 * are the allocator's (often one array shared by every agent of a shape, allocator-agent.ts), so a
 * plugin that pushed to them or changed an amount corrupted every later offer, silently or with a
 * TypeError deep in the master. A copy it changes changes nothing else; a frozen one cannot be
 * changed, and in strict-mode code (every ES module) the attempt throws, named by pluginCall.
 *
 * The contract checks (`check --plugin`) hand the originals instead (`handingOriginals`): they
 * watch them, to tell a plugin's author that it writes to what it is given.
 */

let originals = 0;

/** Run `fn` with frozenCopy handing values through as they are (the contract checks). */
export function handingOriginals<T>(fn: () => T): T {
  originals++;
  try {
    return fn();
  } finally {
    originals--;
  }
}

/**
 * A deep copy of plain data: arrays and plain objects frozen, Maps and Sets copied into read-only
 * ones; other values (class instances) as they are.
 */
export function frozenCopy<T>(value: T): T {
  if (originals > 0) return value;
  return copy(value);
}

function copy<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return Object.freeze(value.map(copy)) as T;
  if (value instanceof Map) return new ReadOnlyMap([...value].map(([k, v]) => [k, copy(v)])) as T;
  if (value instanceof Set) return new ReadOnlySet([...value].map(copy)) as T;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = copy((value as Record<string, unknown>)[key]);
  return Object.freeze(out) as T;
}

const readOnly = (what: string) => new TypeError(`Cannot change a read-only ${what}`);

class ReadOnlyMap<K, V> extends Map<K, V> {
  private sealed = false;
  constructor(entries: readonly (readonly [K, V])[]) {
    super(entries);
    this.sealed = true;
  }
  override set(key: K, value: V): this {
    if (this.sealed) throw readOnly('Map');
    return super.set(key, value);
  }
  override delete(): boolean { throw readOnly('Map'); }
  override clear(): void { throw readOnly('Map'); }
}

class ReadOnlySet<T> extends Set<T> {
  private sealed = false;
  constructor(values: readonly T[]) {
    super(values);
    this.sealed = true;
  }
  override add(value: T): this {
    if (this.sealed) throw readOnly('Set');
    return super.add(value);
  }
  override delete(): boolean { throw readOnly('Set'); }
  override clear(): void { throw readOnly('Set'); }
}

/** The TypeError a write to a frozen copy throws in strict-mode code, or a read-only Map's or Set's. */
export function isReadOnlyWrite(e: unknown): boolean {
  return e instanceof TypeError && /^Cannot (assign to read only property|add property|delete property|define property|change a read-only)/.test(e.message);
}
