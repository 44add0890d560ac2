/**
 * Resources named in event fields, parsed back from their Mesos text. The probes read the same few
 * shapes over and over (every offer, launch and status of a run), so parses are remembered by text;
 * the memory is bounded (forgotten wholesale past MAX entries). Results are immutable and shared.
 */
import { parseResources } from '../cluster/resource-text.ts';
import type { Resources } from '../cluster/resources.ts';

const MAX = 4096;
const parsed = new Map<string, Resources | string>();

export function eventResources(text: string): Resources | string {
  let r = parsed.get(text);
  if (r === undefined) {
    if (parsed.size >= MAX) parsed.clear();
    r = parseResources(text);
    parsed.set(text, r);
  }
  return r;
}
