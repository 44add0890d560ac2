/**
 * Metric assertions — the text form used in a scenario's `expect.metrics`, in `clustersim plan --slo`
 * and in `clustersim check`:
 *
 *   tasks.finished >= 10
 *   roles.a.mean.dominantShare ~= 0.667 ± 0.01        (also "+-"; "± 2%" = relative)
 *   waitMs.p95 <= 60s                                  (durations become ms, like summary.json)
 *   @shared.cluster.meanAllocated.cpus > @static.cluster.meanAllocated.cpus
 *
 * An operand is a number (optionally with a duration unit or %), or a dotted path into summary.json,
 * optionally prefixed by `@<variant>.` to name one run of a scenario with `variants:`. Path segments
 * that contain dots are written in brackets: `frameworks["web.v2"].mean.cpus`.
 * Parsing is pure and total: a string is either an Assertion or an error message.
 */
import { parseDuration } from '../core/units.ts';

export const ASSERTION_OPS = ['>=', '<=', '==', '!=', '~=', '>', '<'] as const;
export type AssertionOp = (typeof ASSERTION_OPS)[number];

export type Operand =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'metric'; readonly variant: string | null; readonly path: readonly string[] };

export interface Assertion {
  readonly text: string;
  readonly left: Operand;
  readonly op: AssertionOp;
  readonly right: Operand;
  /** `~=` only: absolute tolerance, or relative when `relative` */
  readonly tolerance: number | null;
  readonly relative: boolean;
}

export function parseAssertion(text: string): Assertion | string {
  const src = text.trim();
  let tolerance: number | null = null;
  let relative = false;
  let body = src;
  const tol = /\s*(?:±|\+-|\+\/-)\s*([0-9.eE+-]+)\s*(%?)\s*$/.exec(src);
  if (tol) {
    const v = Number(tol[1]);
    if (!Number.isFinite(v) || v < 0) return `bad tolerance "${tol[1]}" in "${src}"`;
    relative = tol[2] === '%';
    tolerance = relative ? v / 100 : v;
    body = src.slice(0, tol.index);
  }
  const opMatch = findOperator(body);
  if (!opMatch) return `no comparison in "${src}" (use one of ${ASSERTION_OPS.join(' ')}, e.g. "tasks.finished >= 10")`;
  const [at, op] = opMatch;
  const left = parseOperand(body.slice(0, at).trim());
  const right = parseOperand(body.slice(at + op.length).trim());
  if (typeof left === 'string') return `${left} in "${src}"`;
  if (typeof right === 'string') return `${right} in "${src}"`;
  if (left.kind === 'number' && right.kind === 'number') return `"${src}" compares two constants; name a metric such as tasks.finished`;
  if (op === '~=' && tolerance === null) return `"~=" needs a tolerance, e.g. "${body.trim()} ± 0.01" or "± 1%"`;
  if (op !== '~=' && tolerance !== null) return `a tolerance (±) only goes with "~=" in "${src}"`;
  return { text: src, left, op, right, tolerance, relative };
}

function findOperator(s: string): [number, AssertionOp] | null {
  let quote = false;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '"') quote = !quote;
    if (quote) continue;
    for (const op of ASSERTION_OPS) if (s.startsWith(op, i)) return [i, op];
  }
  return null;
}

function parseOperand(s: string): Operand | string {
  if (s === '') return 'missing operand';
  if (/^[-+]?(\d|\.\d)/.test(s)) {
    const pct = /^([-+]?[0-9.]+(?:e[-+]?\d+)?)%$/i.exec(s);
    if (pct) return { kind: 'number', value: Number(pct[1]) / 100 };
    if (/^[-+]?[0-9.]+(?:e[-+]?\d+)?$/i.test(s)) {
      const v = Number(s);
      return Number.isFinite(v) ? { kind: 'number', value: v } : `bad number "${s}"`;
    }
    const neg = s.startsWith('-');
    const d = parseDuration(neg ? s.slice(1) : s.replace(/^\+/, ''));
    if (typeof d === 'string') return `bad number "${s}" (${d})`;
    return { kind: 'number', value: neg ? -d : d };
  }
  let rest = s;
  let variant: string | null = null;
  if (rest.startsWith('@')) {
    const m = /^@([A-Za-z0-9][A-Za-z0-9_-]*)\./.exec(rest);
    if (!m) return `bad variant reference "${s}" (write @<variant>.<metric path>)`;
    variant = m[1];
    rest = rest.slice(m[0].length);
  }
  const path = parsePath(rest);
  if (typeof path === 'string') return path;
  return { kind: 'metric', variant, path };
}

/** `a.b["c.d"].e` → ['a', 'b', 'c.d', 'e'] */
export function parsePath(s: string): string[] | string {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    if (s[i] === '[') {
      const m = /^\["([^"]+)"\]/.exec(s.slice(i));
      if (!m) return `bad path "${s}" (bracketed segments look like ["web.v2"])`;
      out.push(m[1]);
      i += m[0].length;
    } else {
      const m = /^[A-Za-z0-9_*:/-]+/.exec(s.slice(i));
      if (!m) return `bad metric path "${s}"`;
      out.push(m[0]);
      i += m[0].length;
    }
    if (i < s.length) {
      if (s[i] === '.') i++;
      else if (s[i] !== '[') return `bad metric path "${s}"`;
      if (i === s.length) return `bad metric path "${s}" (ends with ".")`;
    }
  }
  return out.length > 0 ? out : `empty metric path`;
}

export function formatPath(path: readonly string[]): string {
  return path.map((p, i) => (/^[A-Za-z0-9_*:/-]+$/.test(p) ? (i === 0 ? p : `.${p}`) : `["${p}"]`)).join('');
}
