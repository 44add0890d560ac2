import { readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';

const IGNORED = /(^\.|\.md$|\.txt$|^schema\.csv$|^license)/i;
/** Machine tables first, so machines exist before the tasks of the same instant. */
const TABLE_ORDER = ['machine_events', 'machine_meta', 'machine_attributes', 'job_events', 'collection_events', 'task_events', 'instance_events', 'task_constraints'];

function rank(path: string): number {
  const i = TABLE_ORDER.findIndex((t) => path.includes(t));
  return i < 0 ? TABLE_ORDER.length : i;
}

/**
 * Trace files under a path: the file itself, or a directory's files recursively, machine tables
 * first, then by path. Links are followed (a table linked into a directory was skipped silently:
 * the run replayed no task and exited 0); a linked directory is walked once, so a link to a parent
 * cannot loop.
 */
export function listTraceFilesSync(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  const out: string[] = [];
  const walked = new Set<string>();
  const walk = (dir: string) => {
    const real = realpathSync(dir);
    if (walked.has(real)) return;
    walked.add(real);
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (IGNORED.test(e.name)) continue;
      const p = join(dir, e.name);
      const kind = e.isSymbolicLink() ? statOrNull(p) : e;
      if (kind === null) continue; // a dangling link: nothing to read
      if (kind.isDirectory()) walk(p); else if (kind.isFile()) out.push(p);
    }
  };
  walk(path);
  // ranked by the path inside `path` only: where the directory lives (its parents' names) does not change the order
  const inside = (p: string) => rank(p.slice(path.length));
  return out.sort((a, b) => inside(a) - inside(b) || (a < b ? -1 : a > b ? 1 : 0));
}

function statOrNull(p: string): Stats | null {
  try {
    return statSync(p);
  } catch {
    return null;
  }
}
