/**
 * The text form of resources, Mesos' `--resources` syntax extended with markings:
 *
 *   cpus:2;mem:16GiB;disk:100;ports:[31000-32000]      unreserved
 *   cpus(ads):8                                         statically reserved for role "ads"
 *   cpus(eng,eng/backend):2                             reservation refined from eng to eng/backend
 *   cpus(ads){dynamic}:4                                dynamic reservation
 *   cpus{revocable}:10                                  revocable
 *   disk(db){dynamic}[vol-1]:1024   disk(db){shared}[v2]:10   disk{mount}:4096
 *
 * mem and disk quantities are MiB or carry a unit (512MiB, 16GiB). Entries are separated by ';'.
 * The same syntax is used in the event log, so an offer line reads like a Mesos resource string.
 */
import { internedName } from './interned-name.ts';
import { formatMilli, parseMiB, toMilli } from '../core/units.ts';
import { normalizeRanges } from './ranges.ts';
import { makeResource, type Range, type Reservation, type Resource } from './resource.ts';
import { resources, type Resources } from './resources.ts';

const ENTRY = /^([A-Za-z_][\w.-]*)(?:\(([^)]*)\))?(?:\{([^}]*)\})?(?:\[([^\]]*)\])?:(.+)$/;
const SIZE_NAMES = new Set(['mem', 'disk']);

/**
 * Parses already made, by their text: resources are immutable, so equal texts share one result.
 * Every agent whose total reads `cpus:16;mem:4096` gets the same entries (10,000 agents parsed one
 * by one otherwise carry 10,000 copies of each entry and of its strings, and an allocation cycle
 * over them reads each copy from memory instead of from cache), and a trace replay or a metrics
 * probe reading the same few shapes over and over parses each once. Bounded: a memo past
 * PARSED_MAX texts is forgotten wholesale.
 */
const parsedLists = new Map<string, Resources | string>();
const parsedEntries = new Map<string, Resource | string>();
const PARSED_MAX = 50_000;

function remembered<T>(memo: Map<string, T>, text: string, parse: (text: string) => T): T {
  let r = memo.get(text);
  if (r === undefined) {
    if (memo.size >= PARSED_MAX) memo.clear();
    r = parse(text);
    memo.set(text, r);
  }
  return r;
}

export function parseResources(text: string): Resources | string {
  return remembered(parsedLists, text, parseNewResources);
}

function parseNewResources(text: string): Resources | string {
  const out: Resource[] = [];
  for (const raw of text.split(';')) {
    const part = raw.trim();
    if (part === '') continue;
    const r = remembered(parsedEntries, part, parseNewEntry);
    if (typeof r === 'string') return r;
    out.push(r);
  }
  return resources(out);
}

function parseNewEntry(part: string): Resource | string {
  const m = ENTRY.exec(part);
  if (!m) return `cannot read resource "${part}": expected name[(role)][{flags}][[volume]]:value, e.g. cpus:2 or mem(ads):1GiB`;
  const [, parsedName, roleText, flagText, volume, valueText] = m;
  const name = internedName(parsedName);
  const flags = new Set((flagText ?? '').split(',').map((f) => f.trim()).filter(Boolean));
  for (const f of flags) {
    if (!['dynamic', 'revocable', 'shared', 'mount'].includes(f)) {
      return `unknown resource flag "${f}" in "${part}" (known: dynamic, revocable, shared, mount)`;
    }
  }
  const roles = roleText === undefined ? [] : roleText.split(',').map((s) => internedName(s.trim())).filter((s) => s !== '' && s !== '*');
  // The first reservation is static unless marked dynamic; refinements are always dynamic.
  const reservations: Reservation[] = roles.map((role, i) => ({ role, dynamic: i > 0 || flags.has('dynamic') }));
  const value = valueText.trim();
  const base = {
    name, reservations, revocable: flags.has('revocable'), shared: flags.has('shared'),
    mount: flags.has('mount'), volume: volume ? volume.trim() : null,
  };
  if (value.startsWith('[')) {
    const ranges = parseRanges(value);
    if (typeof ranges === 'string') return `${ranges} in "${part}"`;
    return makeResource({ ...base, ranges: normalizeRanges(ranges) });
  }
  const amount = SIZE_NAMES.has(name) ? parseMiB(value) : /^\d+(\.\d+)?$/.test(value) ? Number(value) : `not a number: "${value}"`;
  if (typeof amount === 'string') return `${amount} in "${part}"`;
  return makeResource({ ...base, amount: toMilli(amount) });
}

function parseRanges(text: string): Range[] | string {
  const m = /^\[(.*)\]$/.exec(text);
  if (!m) return 'ranges must look like [31000-32000,33000-33010]';
  const out: Range[] = [];
  for (const piece of m[1].split(',')) {
    const p = piece.trim();
    if (p === '') continue;
    const r = /^(\d+)(?:-(\d+))?$/.exec(p);
    if (!r) return `cannot read range "${p}"`;
    const lo = Number(r[1]);
    const hi = r[2] === undefined ? lo : Number(r[2]);
    if (hi < lo) return `range "${p}" ends before it starts`;
    out.push([lo, hi]);
  }
  return normalizeRanges(out);
}

export function formatResource(r: Resource): string {
  // The usual entry (unreserved, no markings): the event log formats one per offer and launch.
  if (r.reservations.length === 0 && !r.revocable && !r.shared && !r.mount && !r.volume && !r.ranges) return r.name + ':' + formatMilli(r.amount);
  let s = r.name;
  if (r.reservations.length > 0) s += '(' + r.reservations.map((x) => x.role).join(',') + ')';
  const flags: string[] = [];
  if (r.reservations.length > 0 && r.reservations[0].dynamic) flags.push('dynamic');
  if (r.revocable) flags.push('revocable');
  if (r.shared) flags.push('shared');
  if (r.mount) flags.push('mount');
  if (flags.length > 0) s += '{' + flags.join(',') + '}';
  if (r.volume) s += '[' + r.volume + ']';
  if (r.ranges) return s + ':[' + r.ranges.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',') + ']';
  return s + ':' + formatMilli(r.amount);
}

export function formatResources(rs: Resources): string {
  let text = '';
  for (let i = 0; i < rs.length; i++) text += (i === 0 ? '' : ';') + formatResource(rs[i]);
  return text;
}
