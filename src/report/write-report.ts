/**
 * Write a run's report outputs into its run directory:
 *   report.html                      self-contained, offline
 *   charts/<id>.svg                  static charts (+ <id>.png when opts.png)
 *   charts/<id>.vl.json              the vega-lite spec of each chart (data inline)
 *   tables/<name>.csv, <name>.arrow  every table, documented column order
 * Every file goes through writeFileAtomic. Returns the written paths relative to `dir`, sorted.
 */
import { join } from 'node:path';
import { writeChunksAtomic, writeFileAtomic } from '../core/atomic-write.ts';
import { comparisonCharts, reportCharts, type ChartDef } from './charts/index.ts';
import { comparisonHeadlineHtml, comparisonMarkdown, comparisonTable } from './compare.ts';
import { headlineCards, renderPage, type RenderedChart } from './render/html.ts';
import { renderCharts } from './render/charts.ts';
import { svgToPng } from './render/svg.ts';
import type { ReportData, RunData } from './report-data.ts';
import { reportTables, type NamedTable } from './tables.ts';
import { tableToArrow } from './write/arrow.ts';
import { tableCsvChunks } from './write/csv.ts';

export interface WriteReportOptions {
  /** Also write charts/<id>.png (resvg; bytes depend on system fonts, keep out of goldens). */
  png?: boolean;
  /** Rows per table shown in the HTML (files hold all rows). Default 200. */
  tableRowLimit?: number;
}

class Writer {
  readonly written: string[] = [];
  private readonly dir: string;
  constructor(dir: string) {
    this.dir = dir;
  }
  write(rel: string, data: string | Uint8Array): void {
    writeFileAtomic(join(this.dir, rel), data);
    this.written.push(rel);
  }
  /** text given in pieces, never one string (a table's CSV: write/csv.ts) */
  writeChunks(rel: string, chunks: Iterable<string>): void {
    writeChunksAtomic(join(this.dir, rel), chunks);
    this.written.push(rel);
  }
  sorted(): string[] {
    return [...this.written].sort();
  }
}

function writeCharts(w: Writer, defs: ChartDef[], rendered: RenderedChart[], png: boolean): void {
  defs.forEach((d, i) => {
    w.write(`charts/${d.id}.vl.json`, `${JSON.stringify(d.spec, null, 2)}\n`);
    w.write(`charts/${d.id}.svg`, rendered[i].svg);
    if (png) w.write(`charts/${d.id}.png`, svgToPng(rendered[i].svg));
  });
}

function writeTables(w: Writer, tables: NamedTable[]): void {
  for (const { name, table } of tables) {
    if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`table name ${JSON.stringify(name)} is not a safe file name`);
    w.writeChunks(`tables/${name}.csv`, tableCsvChunks(table));
    w.write(`tables/${name}.arrow`, tableToArrow(table));
  }
}

/** report.html + charts + tables for one run. */
export async function writeReport(dir: string, data: ReportData, opts: WriteReportOptions = {}): Promise<string[]> {
  const w = new Writer(dir);
  const defs = reportCharts(data);
  const rendered = await renderCharts(defs);
  const tables = reportTables(data);
  writeCharts(w, defs, rendered, opts.png ?? false);
  writeTables(w, tables);
  const html = renderPage({
    kicker: 'clustersim run report',
    title: data.title,
    subtitle: data.subtitle,
    headlineHtml: headlineCards(data.headline),
    charts: rendered,
    tables,
    tableRowLimit: opts.tableRowLimit,
    tablesDir: 'tables',
  });
  w.write('report.html', html);
  return w.sorted();
}

/** compare.html + compare.md + overlay charts + tables/headline.* for several runs (first = baseline). */
export async function writeComparison(dir: string, runs: RunData[], opts: WriteReportOptions = {}): Promise<string[]> {
  if (runs.length < 2) throw new Error('a comparison needs at least two runs');
  const w = new Writer(dir);
  const defs = comparisonCharts(runs);
  const rendered = await renderCharts(defs);
  const tables: NamedTable[] = [{ name: 'headline', table: comparisonTable(runs) }];
  writeCharts(w, defs, rendered, opts.png ?? false);
  writeTables(w, tables);
  w.write('compare.md', comparisonMarkdown(runs));
  const html = renderPage({
    kicker: 'clustersim comparison',
    title: runs.map((r) => r.run).join(' vs '),
    subtitle: `Baseline: ${runs[0].run}. Deltas are each run minus the baseline: green better, red worse, for metrics with a direction (others plain). In the charts colour is the role, framework or measure; the dash pattern is the run.`,
    headlineHtml: comparisonHeadlineHtml(runs),
    charts: rendered,
    tables,
    tableRowLimit: opts.tableRowLimit,
    tablesDir: 'tables',
  });
  w.write('compare.html', html);
  return w.sorted();
}
