/**
 * canonicalJson (canonical-json.ts) as a stream of text pieces, so a large value (a metrics.json with a
 * row per task) is written without a sorted deep copy of it and without one string of the whole file.
 * The pieces joined are exactly `canonicalJson(value)` (indent 0): objects are walked key by key in
 * sorted order and large arrays element by element; everything else is canonicalJson of the part.
 * A lazy array property (lazy-array.ts) is walked from its source, without building the array.
 */
import { canonicalJson } from './canonical-json.ts';
import { lazyArraySource, type LazyArraySource } from './lazy-array.ts';

/** Arrays at least this long are streamed per element; shorter ones are one piece. */
const STREAM_ARRAY = 256;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Map) return false;
  const proto = Object.getPrototypeOf(v);
  return (proto === Object.prototype || proto === null) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}

/** The canonical JSON of `value` in pieces; undefined (as JSON.stringify gives) yields nothing. */
export function* canonicalJsonChunks(value: unknown): Generator<string> {
  if (Array.isArray(value) && value.length >= STREAM_ARRAY) {
    yield* arrayChunks({ length: value.length, at: (i) => value[i] });
    return;
  }
  if (isPlainObject(value)) {
    yield '{';
    let first = true;
    for (const key of Object.keys(value).sort()) {
      const lazy = lazyArraySource(value, key);
      const v = lazy ?? value[key];
      if (v === undefined) continue;
      const pieces = lazy ? arrayChunks(lazy) : canonicalJsonChunks(v);
      const head = pieces.next();
      if (head.done) continue; // a function or symbol: JSON.stringify leaves the key out
      yield `${first ? '' : ','}${JSON.stringify(key)}:`;
      first = false;
      yield head.value;
      yield* pieces;
    }
    yield '}';
    return;
  }
  const text = canonicalJson(value);
  if (text !== undefined) yield text;
}

function* arrayChunks(a: LazyArraySource): Generator<string> {
  yield '[';
  for (let i = 0; i < a.length; i++) {
    if (i > 0) yield ',';
    let any = false;
    for (const piece of canonicalJsonChunks(a.at(i))) { any = true; yield piece; }
    if (!any) yield 'null'; // as JSON.stringify writes undefined / functions in arrays
  }
  yield ']';
}
