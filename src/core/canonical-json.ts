/**
 * Canonical JSON: object keys sorted, no whitespace variance, numbers through one formatter.
 * Used for everything that is hashed or compared byte for byte (manifest, summary, event log lines).
 */
export function canonicalJson(value: unknown, indent = 0): string {
  // An array of plain values (a metrics row) has no keys to sort: stringified as it is, the same text.
  if (Array.isArray(value) && value.every(isPlainValue)) return JSON.stringify(value, null, indent);
  return JSON.stringify(sortKeys(value), null, indent);
}

/** Written by JSON.stringify exactly as sortKeys would leave it (non-finite numbers become null either way). */
function isPlainValue(v: unknown): boolean {
  return v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value instanceof Map) {
    const entries = [...value.entries()].sort(([a], [b]) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [String(k), sortKeys(v)]));
  }
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(obj).sort()) {
      const v = obj[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

/** Round a float to a fixed number of significant digits so text outputs are stable. */
export function roundSig(x: number, digits = 9): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(digits));
}
