/**
 * Shared look of every chart: fixed sizes (static SVG needs them), a light palette, quiet axes.
 * Same config is used for the static SVG and the interactive view, so both look alike.
 */
import type { Config } from 'vega-lite';
import type { UtilizationState } from '../report-data.ts';

export const FONT_STACK = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

export const CHART_WIDTH = 760;
export const PANEL_HEIGHT = 130;
export const CHART_HEIGHT = 220;
/** Pixels added above and below a [0, 1] scale of a line chart, so a thick line at 0% or 100% stays inside the plot. */
export const LINE_PAD = 4;

/** Categorical palette (Tableau-like, slightly softened) for clients, services and runs. */
export const CATEGORY_COLORS = [
  '#3b6fd8', '#e8833a', '#3aa17e', '#d1495b', '#8a63d2',
  '#c99a2e', '#2fa4c4', '#d667a8', '#6b7a8f', '#84b33a',
];

/** Utilization states: in-use work dark, slack lighter, reservations violet, idle near-white. */
export const STATE_COLORS: Record<UtilizationState, string> = {
  used: '#2f5fc4',
  allocated: '#9dbcf2',
  revocable: '#f0a43a',
  'reserved-idle': '#b9a6e8',
  idle: '#e9edf2',
  unavailable: '#59606b',
};

export const CHART_CONFIG: Config = {
  font: FONT_STACK,
  padding: 8,
  background: '#ffffff',
  view: { stroke: null },
  range: { category: CATEGORY_COLORS },
  axis: {
    domainColor: '#c5ccd6',
    tickColor: '#c5ccd6',
    gridColor: '#eef1f5',
    labelColor: '#56606e',
    titleColor: '#39424e',
    labelFontSize: 11,
    titleFontSize: 11,
    titleFontWeight: 600,
    labelFlush: true,
  },
  // y labels centred on their ticks: flush, the top label sat below the plot's top edge and a stack
  // filled to 100% read as going past its "100%" label
  axisY: { labelFlush: false },
  legend: {
    labelColor: '#39424e',
    titleColor: '#39424e',
    labelFontSize: 11,
    titleFontSize: 11,
    titleFontWeight: 600,
    symbolStrokeWidth: 2.5,
    labelLimit: 220,
  },
  header: {
    labelColor: '#39424e',
    labelFontSize: 12,
    labelFontWeight: 600,
    titleFontSize: 12,
  },
};
