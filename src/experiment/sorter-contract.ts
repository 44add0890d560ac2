/**
 * The Sorter contract for a plugin sorter (`clustersim check --plugin`), next to the DRF conformance
 * cases (conformance.ts): those ask "does it order like Mesos' DRF?", this asks "is it a Sorter the
 * allocator can rely on at all?" (src/master/sorter/sorter.ts, Mesos `sorter/sorter.hpp`). A seeded
 * sequence of client changes (add, remove, activate, deactivate, weights, allocations on flat and
 * nested roles) is played, and after every step:
 *   1. sort() lists every active client exactly once and nothing else (an inactive client listed
 *      would be offered resources while suppressed, a missing one would starve);
 *   2. forEach visits the same clients (a random sorter may order each call anew), and stops as soon
 *      as the visitor says so;
 *   3. contains / count / isActive follow the changes;
 *   4. allocation(client) is what was allocated minus what was unallocated (scalars by name), and
 *      allocationCount(client) counts the allocated() calls (leaf clients);
 *   5. the same sequence on a fresh instance gives the same orders (determinism).
 */
import { parseResources } from '../cluster/resource-text.ts';
import { scalarQuantities, type Resources } from '../cluster/resources.ts';
import { createRng } from '../kernel/rng.ts';
import { sorterFactory } from '../master/sorter/registry.ts';
import { SorterPool } from '../master/sorter/sorter-pool.ts';
import type { ContractReport, ContractRule } from './policy-contracts.ts';
import { errorMessage } from '../core/error-message.ts';

const STEPS = 400;
const CLIENTS = ['a', 'b', 'c', 'd', 'a/x', 'a/y', 'b/z', 'e/f/g'];
/** Clients that are never an ancestor of another: their allocation and count are unambiguous. */
const LEAVES = CLIENTS.filter((c) => !CLIENTS.some((o) => o.startsWith(`${c}/`)));
const SHAPES = ['cpus:1;mem:512', 'cpus:2;mem:128', 'cpus:0.5;mem:2048', 'cpus:1;mem:256;disk:100;ports:[31000-31009]'];

interface Expected {
  active: boolean;
  /** allocated() calls not yet undone, to unallocate later */
  held: Resources[];
  q: Map<string, number>;
  count: number;
}

export function runSorterContract(name: string): ContractReport {
  const factory = sorterFactory(name);
  if (!factory) return { kind: 'sorter', name, rules: [{ rule: 'can be built and called', pass: false, problem: `no sorter named "${name}" is registered` }] };
  const problems = new Map<string, string>();
  const note = (rule: string, problem: string) => { if (!problems.has(rule)) problems.set(rule, problem); };
  let orders: string[][];
  try {
    orders = play(factory, note);
    const again = play(factory, () => {});
    const i = orders.findIndex((o, k) => o.join(' ') !== again[k]?.join(' '));
    if (i >= 0) note(DETERMINISTIC, `step ${i + 1}: first run [${orders[i].join(', ')}], second run [${again[i]?.join(', ')}]`);
  } catch (e) {
    return { kind: 'sorter', name, rules: [{ rule: 'can be built and called', pass: false, problem: `threw: ${errorMessage(e).split('\n')[0]}` }] };
  }
  const rules: ContractRule[] = [SORT, FOR_EACH, MEMBERSHIP, ALLOCATION, DETERMINISTIC]
    .map((rule) => ({ rule, pass: !problems.has(rule), problem: problems.get(rule) ?? null }));
  return { kind: 'sorter', name, rules };
}

const SORT = 'sort() lists every active client once, and only those';
const FOR_EACH = 'forEach visits every active client once and stops when told';
const MEMBERSHIP = 'contains / count / isActive follow the changes';
const ALLOCATION = 'allocation and allocationCount add up';
const DETERMINISTIC = 'deterministic (a fresh instance gives the same orders)';

/** Plays the seeded sequence on a fresh sorter, checking as it goes; returns the order after each step. */
function play(factory: NonNullable<ReturnType<typeof sorterFactory>>, note: (rule: string, problem: string) => void): string[][] {
  const rng = createRng('sorter-contract');
  const pool = new SorterPool();
  pool.add(parseResources('cpus:64;mem:65536;disk:10000') as Resources);
  const random = createRng('sorter-contract/random');
  const sorter = factory({ pool, random: () => random.next() });
  const shapes = SHAPES.map((t) => parseResources(t) as Resources);
  const expected = new Map<string, Expected>();
  const orders: string[][] = [];
  for (let step = 1; step <= STEPS; step++) {
    const client = CLIENTS[rng.int(0, CLIENTS.length - 1)];
    const e = expected.get(client);
    const roll = rng.next();
    let did: string;
    if (!e) {
      sorter.add(client);
      expected.set(client, { active: false, held: [], q: new Map(), count: 0 });
      did = `add ${client}`;
    } else if (roll < 0.08) {
      sorter.remove(client);
      expected.delete(client);
      did = `remove ${client}`;
    } else if (roll < 0.3) {
      if (e.active) sorter.deactivate(client); else sorter.activate(client);
      e.active = !e.active;
      did = `${e.active ? 'activate' : 'deactivate'} ${client}`;
    } else if (roll < 0.35) {
      const w = [0.5, 1, 2, 3][rng.int(0, 3)];
      sorter.updateWeight(client, w);
      did = `weight ${client}=${w}`;
    } else if (roll < 0.8 || e.held.length === 0) {
      const r = shapes[rng.int(0, shapes.length - 1)];
      sorter.allocated(client, r);
      e.held.push(r);
      e.count++;
      for (const [n, v] of scalarQuantities(r)) e.q.set(n, (e.q.get(n) ?? 0) + v);
      did = `allocated ${client}`;
    } else {
      const r = e.held.splice(rng.int(0, e.held.length - 1), 1)[0];
      sorter.unallocated(client, r);
      for (const [n, v] of scalarQuantities(r)) e.q.set(n, (e.q.get(n) ?? 0) - v);
      did = `unallocated ${client}`;
    }
    const at = `after step ${step} (${did})`;
    const order = sorter.sort();
    orders.push(order);
    const active = [...expected].filter(([, x]) => x.active).map(([c]) => c).sort();
    if ([...order].sort().join(' ') !== active.join(' ')) note(SORT, `${at}: sort() = [${order.join(', ')}], active clients [${active.join(', ')}]`);
    const visited: string[] = [];
    sorter.forEach((c) => { visited.push(c); });
    // The same clients; the order may differ between calls (the random sorter draws a new one each time).
    if ([...visited].sort().join(' ') !== active.join(' ')) note(FOR_EACH, `${at}: forEach visited [${visited.join(', ')}], active clients [${active.join(', ')}]`);
    if (order.length > 1) {
      let calls = 0;
      sorter.forEach(() => { calls++; return calls < 1 ? undefined : false; });
      if (calls !== 1) note(FOR_EACH, `${at}: forEach went on after the visitor returned false (${calls} visits)`);
    }
    if (sorter.count() !== expected.size) note(MEMBERSHIP, `${at}: count() = ${sorter.count()}, expected ${expected.size}`);
    for (const c of CLIENTS) {
      const x = expected.get(c);
      if (sorter.contains(c) !== (x !== undefined)) note(MEMBERSHIP, `${at}: contains(${c}) = ${sorter.contains(c)}`);
      if (x && sorter.isActive(c) !== x.active) note(MEMBERSHIP, `${at}: isActive(${c}) = ${sorter.isActive(c)}, expected ${x.active}`);
      // Leaf clients only: for "a" with "a/x" also a client, "allocation of a" could mean either.
      if (!x || !LEAVES.includes(c)) continue;
      const got = [...sorter.allocation(c)].filter(([, v]) => v !== 0).sort().map(([n, v]) => `${n}:${v}`).join(';');
      const want = [...x.q].filter(([, v]) => v !== 0).sort().map(([n, v]) => `${n}:${v}`).join(';');
      if (got !== want) note(ALLOCATION, `${at}: allocation(${c}) = {${got}}, expected {${want}}`);
      if (sorter.allocationCount(c) !== x.count) note(ALLOCATION, `${at}: allocationCount(${c}) = ${sorter.allocationCount(c)}, expected ${x.count}`);
    }
  }
  return orders;
}
