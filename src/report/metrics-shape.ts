/**
 * The shape of a metrics.json read back from a run directory (metrics-result.ts MetricsResult), checked
 * before a report or comparison is built from it: an edited or damaged file is a diagnostic naming
 * the member (run-dir.ts, exit 2), not a TypeError halfway through rendering (exit 3).
 */
import { z } from 'zod';
import { METRICS_FORMAT } from '../metrics/metrics-result.ts';

const time = z.number();

/**
 * Columns, and rows of exactly that many cells (strings, numbers, nulls). The rows are checked in a
 * plain loop: a long replay's tasks table has over a hundred thousand of them.
 */
const table = z.object({ columns: z.array(z.string()), rows: z.array(z.unknown()) })
  .check((ctx) => {
    const twice = ctx.value.columns.find((c, i) => ctx.value.columns.indexOf(c) !== i);
    if (twice !== undefined) { ctx.issues.push({ code: 'custom', input: twice, path: ['columns'], message: `column "${twice}" is named twice` }); return; }
    const width = ctx.value.columns.length;
    const rows = ctx.value.rows;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      const bad = !Array.isArray(row) ? 'is not a list of cells'
        : row.length !== width ? `has ${row.length} cells, the table ${width} columns`
          : row.some((c) => c !== null && typeof c !== 'string' && typeof c !== 'number') ? 'holds a cell that is not a string, number or null' : null;
      if (bad !== null) { ctx.issues.push({ code: 'custom', input: row, path: ['rows', i], message: bad }); return; }
    }
  });

const headline = z.object({
  key: z.string(), label: z.string(), value: z.union([z.number(), z.string()]),
  unit: z.string().optional(), note: z.string().optional(), better: z.enum(['higher', 'lower']).optional(),
});

export const MetricsShape = z.object({
  format: z.literal(METRICS_FORMAT),
  scenario: z.string(),
  seed: z.union([z.string(), z.number()]),
  endMs: time,
  headline: z.array(headline),
  utilization: z.array(z.tuple([z.string(), z.string(), time, time, z.number()])),
  capacity: z.array(z.tuple([z.string(), time, time, z.number()])).optional(),
  shares: z.array(z.tuple([z.enum(['role', 'framework']), z.string(), time, time, z.number()])),
  fairness: z.array(z.tuple([z.string(), time, time, z.number()])),
  availability: z.array(z.tuple([z.string(), time, time, z.number()])),
  waits: z.array(z.tuple([z.string(), z.number()])),
  gridMs: z.object({ utilization: z.number(), shares: z.number(), fairness: z.number(), availability: z.number() }),
  tables: z.object({ roles: table, frameworks: table, jobs: table, tasks: table, agents: table }).catchall(table)
    .check((ctx) => {
      // a table's name is its file name (tables/<name>.csv); `constructor` or `__proto__` named an Object member
      const bad = Object.keys(ctx.value).find((k) => !/^[A-Za-z0-9_-]+$/.test(k) || k in Object.prototype);
      if (bad !== undefined) ctx.issues.push({ code: 'custom', input: bad, path: [bad], message: 'not a table name (letters, digits, _ and - only)' });
    }),
  summary: z.record(z.string(), z.unknown()),
  usageModel: z.boolean().optional(),
});

/** What is wrong with `value` as a metrics.json, first problem first ("utilization[3][2]: expected number"); null when nothing is. */
export function metricsShapeProblem(value: unknown): string | null {
  const r = MetricsShape.safeParse(value);
  if (r.success) return null;
  const issue = r.error.issues[0];
  const at = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
  return `${at === '' ? '' : `${at}: `}${issue.message}`;
}
