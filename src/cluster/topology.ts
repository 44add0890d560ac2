/**
 * The physical topology of a fleet as a tree of fault domains:
 *
 *   region ─ zone ─ pdu ─ switch ─ rack ─ machine (hostname) ─ agent
 *
 * Each agent names its domains through its region and its `zone`, `pdu`, `switch`, `rack`
 * attributes (see agentInfo() in experiment/build-simulation.ts). A failure of a domain takes down
 * every agent under it at once (a top-of-rack switch takes its rack; a PDU feeds several racks).
 * Domains are named by their attribute value, so a scenario keeps names unique fleet-wide.
 *
 * Mesos itself only knows {region, zone} (mesos-semantics §7); the lower levels are attributes
 * that only frameworks (placement) and the failure models of this simulator use.
 */

export const DOMAIN_LEVELS = ['region', 'zone', 'pdu', 'switch', 'rack', 'machine'] as const;
export type DomainLevel = (typeof DOMAIN_LEVELS)[number];

export interface TopologyAgent {
  readonly id: string;
  /** The machine it runs on: several agents on one host share its `machine` domain. */
  readonly hostname: string;
  readonly region: string | null;
  readonly attributes: Readonly<Record<string, string | number>>;
}

export interface FaultDomain {
  readonly level: DomainLevel;
  /** The attribute value (`rack-01`), or the hostname for machines (as maintenance names machines). */
  readonly name: string;
  /** Sorted agent ids under this domain. */
  readonly agents: readonly string[];
}

export class Topology {
  private readonly byLevel = new Map<DomainLevel, Map<string, string[]>>();
  private readonly agentDomains = new Map<string, Partial<Record<DomainLevel, string>>>();

  constructor(agents: readonly TopologyAgent[]) {
    for (const level of DOMAIN_LEVELS) this.byLevel.set(level, new Map());
    for (const a of [...agents].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))) this.add(a);
  }

  /** Register (or re-register) an agent; idempotent. */
  add(a: TopologyAgent): void {
    if (this.agentDomains.has(a.id)) return;
    const names: Partial<Record<DomainLevel, string>> = {};
    for (const level of DOMAIN_LEVELS) {
      const name = domainName(a, level);
      if (name === null) continue;
      names[level] = name;
      const m = this.byLevel.get(level)!;
      const list = m.get(name);
      if (list) insertSorted(list, a.id); else m.set(name, [a.id]);
    }
    this.agentDomains.set(a.id, names);
  }

  /** The domain of `agentId` at `level` (null when the agent does not name one). */
  domainOf(agentId: string, level: DomainLevel): string | null {
    return this.agentDomains.get(agentId)?.[level] ?? null;
  }

  /** Agents under a domain, sorted; empty for an unknown domain. */
  agentsIn(level: DomainLevel, name: string): readonly string[] {
    return this.byLevel.get(level)!.get(name) ?? [];
  }

  /** All domains of a level, sorted by name. */
  domains(level: DomainLevel): FaultDomain[] {
    return [...this.byLevel.get(level)!.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, agents]) => ({ level, name, agents }));
  }

  has(level: DomainLevel, name: string): boolean {
    return this.byLevel.get(level)!.has(name);
  }

  get agentIds(): string[] {
    return [...this.agentDomains.keys()].sort();
  }
}

function domainName(a: TopologyAgent, level: DomainLevel): string | null {
  if (level === 'machine') return a.hostname;
  const v = level === 'region' ? a.region ?? a.attributes.region : a.attributes[level];
  return v === undefined || v === null ? null : String(v);
}

function insertSorted(list: string[], id: string): void {
  let i = list.length;
  while (i > 0 && list[i - 1] > id) i--;
  if (list[i - 1] !== id) list.splice(i, 0, id);
}
