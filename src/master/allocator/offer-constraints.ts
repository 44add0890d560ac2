/**
 * Offer constraints (Mesos `OfferConstraints`, per role; mesos-semantics §1.2 step 6, HA:2416-2420):
 * attribute predicates a framework attaches to a role; an agent failing any of them is never
 * offered to that framework for that role.
 *
 * Predicates: exists / not exists, text equals, text not equals, text matches (a regular
 * expression over the whole value). Deviation: numeric attributes are compared as their text.
 * A missing attribute fails `equals` and `matches` and satisfies `notEquals`, as in Mesos.
 */
export interface AttributePredicate {
  readonly attribute: string;
  readonly equals: string | null;
  readonly notEquals: string | null;
  readonly exists: boolean | null;
  readonly matches: string | null;
}

export type AgentAttributes = Readonly<Record<string, string | number>>;
export type AgentFilter = (attributes: AgentAttributes) => boolean;

/** One filter per role, all predicates AND-ed; regular expressions compiled once. */
export function compileOfferConstraints(byRole: Readonly<Record<string, readonly AttributePredicate[]>>): Map<string, AgentFilter> {
  const out = new Map<string, AgentFilter>();
  for (const [role, predicates] of Object.entries(byRole)) {
    const tests = predicates.map((p): AgentFilter => {
      const value = (a: AgentAttributes) => (a[p.attribute] === undefined ? undefined : String(a[p.attribute]));
      if (p.exists !== null) return (a) => (value(a) !== undefined) === p.exists;
      if (p.equals !== null) return (a) => value(a) === p.equals;
      if (p.notEquals !== null) return (a) => value(a) !== p.notEquals;
      const re = new RegExp(`^(?:${p.matches ?? ''})$`);
      return (a) => { const v = value(a); return v !== undefined && re.test(v); };
    });
    out.set(role, (a) => tests.every((t) => t(a)));
  }
  return out;
}
