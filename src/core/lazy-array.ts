/**
 * An array property built only when read: `lazyArrayProperty(obj, 'rows', n, at)` makes `obj.rows` an
 * ordinary array the first time it is read (built from `at(0..n-1)`, then kept), while a writer that knows
 * (canonical-json-stream.ts) can walk the elements one at a time without ever holding the array. A run's
 * metrics.json with a row per task is written that way; the report reads the property as a plain array.
 */

export interface LazyArraySource {
  readonly length: number;
  at(i: number): unknown;
}

const sources = new WeakMap<object, Map<string, LazyArraySource>>();

export function lazyArrayProperty<T>(obj: object, key: string, length: number, at: (i: number) => T): void {
  const source: LazyArraySource = { length, at };
  let m = sources.get(obj);
  if (!m) sources.set(obj, (m = new Map()));
  m.set(key, source);
  Object.defineProperty(obj, key, {
    enumerable: true,
    configurable: true,
    get(): T[] {
      const arr = Array.from({ length }, (_, i) => at(i));
      Object.defineProperty(obj, key, { value: arr, enumerable: true, configurable: true, writable: true });
      sources.get(obj)?.delete(key);
      return arr;
    },
    set(v: T[]) {
      Object.defineProperty(obj, key, { value: v, enumerable: true, configurable: true, writable: true });
      sources.get(obj)?.delete(key);
    },
  });
}

/** The unbuilt source of `obj[key]`, or undefined when it is a plain property (or was already read). */
export function lazyArraySource(obj: object, key: string): LazyArraySource | undefined {
  return sources.get(obj)?.get(key);
}
