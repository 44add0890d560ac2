/**
 * Side-by-side comparison of several runs' headline metrics. The first run is the baseline; every
 * other run's numeric value gets a delta (run − baseline) and, where meaningful, a relative delta.
 * Metrics are matched by `key` and listed in order of first appearance across the runs.
 */
import { markdownText } from '../core/markdown-text.ts';
import { escapeHtml } from './escape.ts';
import { durationUnit } from '../core/units.ts';
import { formatDisplay, formatDurationIn, formatHeadline } from './format.ts';
import type { Cell, HeadlineMetric, PlainTable, RunData } from './report-data.ts';
import { differencesLine, runDifferences, type RunDifferences } from './run-origin.ts';

/** What differs between the runs, from their origins (nothing when any run lacks one). */
export function comparedRunDifferences(runs: RunData[]): RunDifferences {
  if (runs.some((r) => !r.origin)) return { items: [], caution: null };
  return runDifferences(runs.map((r) => r.origin!));
}

export interface ComparedMetric {
  key: string;
  label: string;
  unit?: string;
  better?: 'higher' | 'lower';
  /** One entry per run (undefined when the run lacks the metric). */
  values: (HeadlineMetric | undefined)[];
  /** Per run: value − baseline, when both are finite numbers (null for the baseline itself). */
  deltas: (number | null)[];
}

export function compareHeadlines(runs: RunData[]): ComparedMetric[] {
  const order: string[] = [];
  const first = new Map<string, HeadlineMetric>();
  for (const { data } of runs) {
    for (const m of data.headline) {
      if (!first.has(m.key)) {
        first.set(m.key, m);
        order.push(m.key);
      }
    }
  }
  // a card left out with its partner undefined (the gap when the baseline's fairness is undefined)
  // stays beside the partner's row, not at the end of the table
  for (const [key, partner] of Object.entries(UNDEFINED_WITH)) {
    const i = order.indexOf(key), j = order.indexOf(partner);
    if (i > j + 1 && j >= 0) { order.splice(i, 1); order.splice(j + 1, 0, key); }
  }
  return order.map((key) => {
    const proto = first.get(key)!;
    const values = runs.map((r) => r.data.headline.find((m) => m.key === key) ?? undefinedLike(key, proto, r.data.headline));
    const base = values[0]?.value;
    const deltas = values.map((v, i) => {
      if (i === 0 || typeof base !== 'number' || typeof v?.value !== 'number') return null;
      const d = v.value - base;
      return Number.isFinite(d) ? d : null;
    });
    // a direction only when every run that has the metric gives the same one (allocation of a run whose
    // capacity changed has none: more of less is not better)
    const better = values.every((v) => v === undefined || v.better === proto.better) ? proto.better : undefined;
    return { key, label: proto.label, unit: proto.unit, better, values, deltas };
  });
}

/**
 * Cards a run leaves out because they are undefined with another that reads `n/a`: where fairness is
 * undefined (fewer than two roles with demand) the headline has one `n/a` Jain card and no gap card,
 * so the gap row read `—` ("not measured") beside the Jain row's `n/a`.
 */
const UNDEFINED_WITH: Readonly<Record<string, string>> = { 'fairness.maxMinGap.mean': 'fairness.jain.mean' };

function undefinedLike(key: string, proto: HeadlineMetric, headline: readonly HeadlineMetric[]): HeadlineMetric | undefined {
  const other = UNDEFINED_WITH[key];
  if (other === undefined || headline.find((m) => m.key === other)?.value !== 'n/a') return undefined;
  return { key, label: proto.label, value: 'n/a', ...(proto.better ? { better: proto.better } : {}) };
}

/** "+5.2 pp", "−1.5 min", "+12 (+8.1%)"; U+2212 minus for negatives. */
export function formatDelta(m: ComparedMetric, i: number): string {
  const d = m.deltas[i];
  if (d === null) return '';
  const sign = d > 0 ? '+' : d < 0 ? '\u2212' : '±';
  const abs = Math.abs(d);
  if (m.unit === '%') return `${sign}${formatDisplay(Number((abs * 100).toPrecision(3)))} pp`;
  // a duration delta is in the unit the values are shown in (3.92 h → ±0 h, not ±0 ms)
  const body = m.unit === 'ms' ? formatDurationIn(abs, durationUnit(largestValue(m))) : `${formatDisplay(abs)}${m.unit ? ` ${m.unit}` : ''}`;
  const base = m.values[0]?.value;
  const rel = typeof base === 'number' && base !== 0 ? ` (${sign}${formatDisplay(Number(((abs / Math.abs(base)) * 100).toPrecision(3)))}%)` : '';
  return `${sign}${body}${rel}`;
}

function largestValue(m: ComparedMetric): number {
  return Math.max(0, ...m.values.map((v) => (typeof v?.value === 'number' && Number.isFinite(v.value) ? Math.abs(v.value) : 0)));
}

/** 'up' | 'down' (improvement or regression per `better`), or 'none'. */
function deltaClass(m: ComparedMetric, i: number): string {
  const d = m.deltas[i];
  if (d === null || d === 0 || !m.better) return 'delta-none';
  return (d > 0) === (m.better === 'higher') ? 'delta-up' : 'delta-down';
}

function shown(v: HeadlineMetric | undefined): string {
  return v ? formatHeadline(v) : '—';
}

/**
 * A fairness figure recomputed for a run re-rendered from a metrics.json recorded before fairness
 * needed two roles with demand (fairness-legacy.ts): approximate, so its cell and its delta read `≈`.
 */
function recomputed(runs: RunData[], m: ComparedMetric, i: number): boolean {
  return m.key.startsWith('fairness.') && typeof m.values[i]?.value === 'number' && runs[i].data.fairnessLegacy?.exact === false;
}

function valueCell(runs: RunData[], m: ComparedMetric, i: number): string {
  return `${recomputed(runs, m, i) ? '≈ ' : ''}${shown(m.values[i])}`;
}

function deltaCell(runs: RunData[], m: ComparedMetric, i: number): string {
  const d = formatDelta(m, i);
  return d !== '' && (recomputed(runs, m, 0) || recomputed(runs, m, i)) ? `≈ ${d}` : d;
}

/** The footnote under a table with `≈` cells (null when there is none). */
function recomputedNote(runs: RunData[], metrics: readonly ComparedMetric[]): string | null {
  const which = runs.filter((_, i) => metrics.some((m) => recomputed(runs, m, i))).map((r) => r.run);
  if (which.length === 0) return null;
  return `≈ ${which.join(', ')}: re-rendered from a metrics.json recorded before fairness needed two roles with demand; its fairness means leave out the stretches that read Jain 1 and gap 0 exactly, so they are approximate. Re-run the scenario for the exact figures.`;
}

export function comparisonMarkdown(runs: RunData[]): string {
  const metrics = compareHeadlines(runs);
  const head = ['metric', ...runs.map((r, i) => (i === 0 ? `${r.run} (baseline)` : r.run)), ...runs.slice(1).map((r) => `Δ ${r.run}`)];
  const lines = [
    `# Comparison: ${markdownText(runs.map((r) => r.run).join(' vs '))}`,
    '',
    `Baseline: ${markdownText(runs[0].run)}. Deltas are each run minus the baseline.`,
    '',
    ...differencesMarkdown(comparedRunDifferences(runs)),
    `| ${head.map(markdownText).join(' | ')} |`,
    `|${head.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
  ];
  for (const m of metrics) {
    const cells = [m.label, ...m.values.map((_, i) => valueCell(runs, m, i)), ...runs.slice(1).map((_, k) => deltaCell(runs, m, k + 1))];
    lines.push(`| ${cells.map(markdownText).join(' | ')} |`);
  }
  const note = recomputedNote(runs, metrics);
  if (note !== null) lines.push('', markdownText(note));
  return `${lines.join('\n')}\n`;
}

function differencesMarkdown(d: RunDifferences): string[] {
  const line = differencesLine(d);
  if (line === null) return [];
  return [`> **Note.** ${markdownText(line)}${d.caution ? ` ${markdownText(d.caution)}` : ''}`, ''];
}

/** The note above the comparison table (empty when the runs differ in nothing recorded). */
export function differencesHtml(d: RunDifferences): string {
  const line = differencesLine(d);
  if (line === null) return '';
  const caution = d.caution ? ` <strong>${escapeHtml(d.caution)}</strong>` : '';
  return `<div class="card run-differences${d.caution ? ' caution' : ''}" role="note">${escapeHtml(line)}${caution}</div>\n`;
}

export function comparisonHeadlineHtml(runs: RunData[]): string {
  const metrics = compareHeadlines(runs);
  const head = [
    '<th>metric</th>',
    ...runs.map((r, i) => `<th class="num">${escapeHtml(r.run)}${i === 0 ? ' <span class="unit">baseline</span>' : ''}</th>`),
    ...runs.slice(1).map((r) => `<th class="num">\u0394 ${escapeHtml(r.run)}</th>`),
  ].join('');
  const rows = metrics.map((m) => {
    const cells = [
      `<td class="metric-name">${escapeHtml(m.label)}</td>`,
      ...m.values.map((_, i) => `<td class="num">${escapeHtml(valueCell(runs, m, i))}</td>`),
      ...runs.slice(1).map((_, k) => `<td class="num ${deltaClass(m, k + 1)}">${escapeHtml(deltaCell(runs, m, k + 1))}</td>`),
    ];
    return `<tr>${cells.join('')}</tr>`;
  });
  const note = recomputedNote(runs, metrics);
  const footnote = note === null ? '' : `\n<p class="note">${escapeHtml(note)}</p>`;
  return `${differencesHtml(comparedRunDifferences(runs))}<div class="card compare-card"><table class="compare">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>${footnote}</div>`;
}

/** Long format for files: metric_key, metric, unit, run, value, delta, delta_rel. */
export function comparisonTable(runs: RunData[]): PlainTable {
  const rows: Cell[][] = [];
  for (const m of compareHeadlines(runs)) {
    runs.forEach((r, i) => {
      const v = m.values[i]?.value ?? null;
      const d = m.deltas[i];
      const base = m.values[0]?.value;
      const rel = d !== null && typeof base === 'number' && base !== 0 ? d / Math.abs(base) : null;
      rows.push([m.key, m.label, m.unit ?? null, r.run, v, d, rel]);
    });
  }
  return { columns: ['metric_key', 'metric', 'unit', 'run', 'value', 'delta', 'delta_rel'], rows };
}
