import type { LifecycleEvent } from '../records.ts';

/**
 * Alibaba task/instance status text → normalized outcome. Statuses seen in v2017/v2018:
 * Ready | Waiting | Running | Terminated | Failed | Cancelled | Interrupted. Only the final
 * ones map to an outcome; the others mean "not finished when the trace ended".
 */
export function alibabaOutcome(status: string): LifecycleEvent | undefined {
  switch (status) {
    case 'Terminated':
      return 'finish';
    case 'Failed':
      return 'fail';
    case 'Cancelled':
      return 'kill';
    case 'Interrupted':
      return 'evict';
    default:
      return undefined;
  }
}

export interface DagName {
  readonly group: string;
  readonly dependsOn?: readonly string[];
}

const DAG_NAME = /^[A-Za-z]+(\d+)((?:_\d+)*)$/;

/**
 * The DAG encoding of v2018 batch task names: `M5_3_4` is task 5 of its job and depends on tasks
 * 3 and 4 (all their instances must finish first); the leading letters are irrelevant, so `R3_1`
 * and `M3` are the same task id 3. Names that do not follow the pattern (e.g.
 * `task_Nzg3ODAwNDgzMTAwNTc2NTQ2Mw==`) are independent tasks.
 */
export function parseDagName(name: string): DagName {
  const m = DAG_NAME.exec(name);
  if (m === null) return { group: `stage-${name}` };
  const deps = m[2] === '' ? undefined : m[2].slice(1).split('_').map((d) => `stage-${Number(d)}`);
  return { group: `stage-${Number(m[1])}`, dependsOn: deps };
}

/** `c_123` / `m_5` style ids → their number, or undefined. */
export function trailingNumber(id: string): number | undefined {
  const m = /(\d+)$/.exec(id);
  return m ? Number(m[1]) : undefined;
}
