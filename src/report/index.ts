/**
 * Public API of the report layer: plain ReportData in, report.html / charts / tables out.
 * See docs/outputs.md for the files and their column orders.
 */
export type { ReportData, RunData, HeadlineMetric, UtilizationRow, ShareRow, FairnessRow, WaitRow, AvailabilityRow, PlainTable, Cell, UtilizationState } from './report-data.ts';
export { UTILIZATION_STATES } from './report-data.ts';
export { writeReport, writeComparison, type WriteReportOptions } from './write-report.ts';
export { reportCharts, comparisonCharts, type ChartDef } from './charts/index.ts';
export { compileToVega, renderSvg, chartToSvg, svgToPng } from './render/svg.ts';
export { reportTables, deriveTimeseries } from './tables.ts';
export { tableToCsv } from './write/csv.ts';
export { tableToArrow, arrowToTable } from './write/arrow.ts';
export { compareHeadlines, comparisonMarkdown } from './compare.ts';
export { TABLE_COLUMNS } from './table-columns.ts';
