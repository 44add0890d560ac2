/**
 * The self-contained HTML shell shared by report.html and compare.html: headline first, then charts,
 * then tables. Opens offline: vega and vega-embed are inlined from node_modules, charts are
 * precompiled to Vega in Node (no vega-lite in the page) and each chart's static SVG is in the page
 * as the fallback until the interactive view replaces it (or for good, without JavaScript).
 *
 * Safety: every scenario/trace string is escaped with escapeHtml; inlined JSON goes through
 * jsonForScript; a Content-Security-Policy forbids any network access.
 * Determinism: no dates, no randomness, fixed iteration order — same input, same bytes.
 */
import { clientLabel } from '../../metrics/client-label.ts';
import { escapeHtml, jsonForScript, slug } from '../escape.ts';
import { formatDisplay, formatHeadline } from '../format.ts';
import type { HeadlineMetric, PlainTable } from '../report-data.ts';
import type { NamedTable } from '../tables.ts';
import { REPORT_CSS } from './style.ts';
import type { VegaSpec } from './svg.ts';
import { safeInlineScript, vegaBrowserScripts } from './vega-assets.ts';

export interface RenderedChart {
  id: string;
  title: string;
  description: string;
  vega: VegaSpec;
  svg: string;
}

export interface PageModel {
  kicker: string;
  title: string;
  subtitle?: string;
  /** Already-escaped HTML of the headline section body (cards or a comparison table). */
  headlineHtml: string;
  charts: RenderedChart[];
  tables: NamedTable[];
  /** Rows shown per table in the page; the files hold all of them. */
  tableRowLimit?: number;
  /** Relative directory of the table files, for links (omit for no links). */
  tablesDir?: string;
}

const CSP = "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:";

/** Client-side boot: embed each precompiled Vega spec, then swap it in for the static SVG. */
const BOOT_JS = `(function () {
  var specs = JSON.parse(document.getElementById('clustersim-charts').textContent);
  if (!window.vega || !window.vegaEmbed) return;
  vega.setRandom(vega.randomLCG(1));
  var ids = Object.keys(specs), pending = ids.length;
  function settle() { if (--pending === 0) document.body.setAttribute('data-charts', 'ready'); }
  ids.forEach(function (id) {
    var host = document.getElementById('vis-' + id);
    var target = document.createElement('div');
    vegaEmbed(target, specs[id], {
      mode: 'vega', renderer: 'svg', logLevel: vega.Warn,
      actions: { export: true, source: false, compiled: false, editor: false }
    }).then(function () {
      host.replaceChildren(target);
      host.setAttribute('data-rendered', 'interactive');
      settle();
    }, function (err) {
      host.setAttribute('data-rendered', 'static');
      console.error('chart ' + id + ': ' + err);
      settle();
    });
  });
})();`;

export function headlineCards(metrics: HeadlineMetric[]): string {
  if (!metrics.length) return '<p class="subtitle">No headline metrics.</p>';
  const cards = metrics.map((m) => {
    const note = m.note ? `<div class="note">${escapeHtml(m.note)}</div>` : '';
    return `<div class="card metric" data-key="${escapeHtml(m.key)}"><div class="label">${escapeHtml(m.label)}</div><div class="value">${escapeHtml(formatHeadline(m))}</div>${note}</div>`;
  });
  return `<div class="cards">\n${cards.join('\n')}\n</div>`;
}

function cellHtml(v: string | number | null | undefined, column = ''): string {
  if (v === null || v === undefined) return '<td class="null">—</td>';
  if (typeof v === 'number') return `<td class="num">${escapeHtml(formatDisplay(v))}</td>`;
  // the default role reads as such in the page; the table files keep `*`
  if (column === 'role') return `<td>${escapeHtml(v.split(';').map(clientLabel).join(';'))}</td>`;
  return `<td>${escapeHtml(v)}</td>`;
}

export function htmlTable(t: PlainTable, limit: number): string {
  const numeric = t.columns.map((_, j) => t.rows.length > 0 && t.rows.every((r) => r[j] === null || typeof r[j] === 'number'));
  const head = t.columns.map((c, j) => `<th${numeric[j] ? ' class="num"' : ''}>${escapeHtml(c)}</th>`).join('');
  const body = t.rows
    .slice(0, limit)
    .map((r) => `<tr>${r.map((v, j) => cellHtml(v, t.columns[j])).join('')}</tr>`)
    .join('\n');
  return `<div class="table-wrap"><table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table></div>`;
}

function tableSection(nt: NamedTable, limit: number, dir: string | undefined): string {
  const n = nt.table.rows.length;
  const name = escapeHtml(nt.name);
  const files = dir
    ? `<span class="files"><a href="${escapeHtml(`${dir}/${nt.name}.csv`)}">CSV</a><a href="${escapeHtml(`${dir}/${nt.name}.arrow`)}">Arrow</a></span>`
    : '';
  const more = n > limit ? `<p class="more">Showing the first ${formatDisplay(limit)} of ${formatDisplay(n)} rows; the files hold all of them.</p>` : '';
  const open = n <= 25 ? ' open' : '';
  return `<details class="card table-card" id="table-${slug(nt.name)}"${open}><summary><span class="name">${name}</span><span class="count">${formatDisplay(n)} ${n === 1 ? 'row' : 'rows'}</span>${files}</summary>\n${htmlTable(nt.table, limit)}\n${more}</details>`;
}

function chartFigure(c: RenderedChart): string {
  return `<figure class="card chart" id="chart-${c.id}"><figcaption><h3>${escapeHtml(c.title)}</h3><p>${escapeHtml(c.description)}</p></figcaption>\n<div class="vis" id="vis-${c.id}" data-rendered="static">${c.svg}</div></figure>`;
}

export function renderPage(p: PageModel): string {
  const limit = p.tableRowLimit ?? 200;
  const scripts = vegaBrowserScripts();
  const specs: Record<string, VegaSpec> = {};
  for (const c of p.charts) specs[c.id] = c.vega;
  const nav = [
    '<a href="#headline">Headline</a>',
    p.charts.length ? '<a href="#charts">Charts</a>' : '',
    p.tables.length ? '<a href="#tables">Tables</a>' : '',
  ].join('');
  const parts = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="clustersim">',
    `<title>${escapeHtml(p.title)} · ${escapeHtml(p.kicker)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    `<header class="page"><div class="wrap"><p class="kicker">${escapeHtml(p.kicker)}</p><h1>${escapeHtml(p.title)}</h1>`,
    p.subtitle ? `<p class="subtitle">${escapeHtml(p.subtitle)}</p>` : '',
    `<nav class="toc">${nav}</nav></div></header>`,
    '<main class="wrap">',
    `<section id="headline"><h2>Headline</h2>\n${p.headlineHtml}\n</section>`,
    p.charts.length ? `<section id="charts"><h2>Charts</h2>\n${p.charts.map(chartFigure).join('\n')}\n</section>` : '',
    p.tables.length
      ? `<section id="tables"><h2>Tables</h2>\n${p.tables.map((t) => tableSection(t, limit, p.tablesDir)).join('\n')}\n</section>`
      : '',
    '</main>',
    '<footer><div class="wrap">Generated by clustersim. Self-contained and offline: hover a chart for values, use its \u22EF menu to save it as SVG or PNG.</div></footer>',
    `<script type="application/json" id="clustersim-charts">${jsonForScript(specs)}</script>`,
    `<script>${safeInlineScript(scripts.vega)}</script>`,
    `<script>${safeInlineScript(scripts.vegaEmbed)}</script>`,
    `<script>${BOOT_JS}</script>`,
    '</body>',
    '</html>',
    '',
  ];
  return parts.filter((s) => s !== '').join('\n');
}
