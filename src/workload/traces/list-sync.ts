import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const IGNORED = /(^\.|\.md$|\.txt$|^schema\.csv$|^license)/i;
/** Machine tables first, so machines exist before the tasks of the same instant. */
const TABLE_ORDER = ['machine_events', 'machine_meta', 'machine_attributes', 'job_events', 'collection_events', 'task_events', 'instance_events', 'task_constraints'];

function rank(path: string): number {
  const i = TABLE_ORDER.findIndex((t) => path.includes(t));
  return i < 0 ? TABLE_ORDER.length : i;
}

/** Trace files under a path (synchronous twin of listTraceFiles), machine tables first, then by path. */
export function listTraceFilesSync(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (IGNORED.test(e.name)) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p); else if (e.isFile()) out.push(p);
    }
  };
  walk(path);
  // ranked by the path inside `path` only: where the directory lives (its parents' names) does not change the order
  const inside = (p: string) => rank(p.slice(path.length));
  return out.sort((a, b) => inside(a) - inside(b) || (a < b ? -1 : a > b ? 1 : 0));
}
