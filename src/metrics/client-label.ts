/**
 * How a role, framework or service name is shown to people. Mesos' default role is `*`
 * (mesos-semantics §3.1), which on its own reads like a wildcard or a footnote; data keys and
 * table files keep the name as it is.
 */
export const DEFAULT_ROLE = '*';

export function clientLabel(name: string): string {
  return name === DEFAULT_ROLE ? '* (default role)' : name;
}
