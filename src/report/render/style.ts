/** The report's stylesheet: system fonts, a light palette, cards; no external resources. */
export const REPORT_CSS = `
:root {
  --bg: #f5f6f8; --card: #ffffff; --ink: #1d2430; --muted: #5d6776; --faint: #8a93a1;
  --line: #e2e6ec; --accent: #3b6fd8; --good: #1f8a5b; --bad: #c2413b; --zebra: #fafbfc;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
.wrap { max-width: 1100px; margin: 0 auto; padding: 0 28px; }
header.page { background: var(--card); border-bottom: 1px solid var(--line); }
header.page .wrap { padding-top: 26px; padding-bottom: 0; }
.kicker { margin: 0; font-size: 12px; font-weight: 600; letter-spacing: .09em; text-transform: uppercase; color: var(--accent); }
h1 { margin: 4px 0 2px; font-size: 28px; line-height: 1.25; font-weight: 700; letter-spacing: -.01em; overflow-wrap: anywhere; }
.subtitle { margin: 0; color: var(--muted); overflow-wrap: anywhere; }
nav.toc { display: flex; gap: 22px; margin-top: 18px; }
nav.toc a { padding: 8px 0 10px; color: var(--muted); text-decoration: none; font-size: 14px; font-weight: 500; border-bottom: 2px solid transparent; }
nav.toc a:hover { color: var(--ink); border-bottom-color: var(--accent); }
main { padding: 8px 0 40px; }
section { margin-top: 30px; scroll-margin-top: 12px; }
h2 { margin: 0 0 12px; font-size: 13px; font-weight: 650; letter-spacing: .08em; text-transform: uppercase; color: var(--muted); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; box-shadow: 0 1px 2px rgba(16, 24, 40, .04); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 12px; }
.metric { padding: 14px 16px 13px; }
.metric .label { font-size: 13px; color: var(--muted); line-height: 1.3; overflow-wrap: anywhere; }
.metric .value { margin-top: 6px; font-size: 26px; font-weight: 650; line-height: 1.15; letter-spacing: -.01em; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.metric .note { margin-top: 4px; font-size: 12px; color: var(--faint); line-height: 1.35; overflow-wrap: anywhere; } /* a long role name stayed on one line and ran out of its card */
figure.chart { margin: 0 0 16px; padding: 18px 20px 14px; }
figure.chart h3 { margin: 0; font-size: 16px; font-weight: 650; }
figure.chart figcaption p { margin: 2px 0 10px; font-size: 13.5px; color: var(--muted); overflow-wrap: anywhere; }
.vis { overflow-x: auto; }
.vis > svg { display: block; max-width: 100%; height: auto; }
.vis .vega-embed { display: block; width: fit-content; }
/* The chart's menu sits in the card's top-right corner, beside the title, never over a legend. */
figure.chart { position: relative; }
figure.chart figcaption { padding-right: 44px; }
.vis .vega-embed { position: static; padding-right: 0; }
.vis .vega-embed details { position: absolute; top: 14px; right: 16px; }
.vis .vega-embed summary { opacity: .55; }
.vis .vega-embed:hover summary { opacity: 1; }
.table-card { margin-bottom: 14px; overflow: hidden; }
.table-card > summary, .table-card > .head {
  display: flex; align-items: baseline; gap: 12px; padding: 12px 18px; cursor: pointer; list-style: none;
  border-bottom: 1px solid var(--line);
}
.table-card:not([open]) > summary { border-bottom: 0; }
.table-card > summary::-webkit-details-marker { display: none; }
.table-card > summary::before { content: "\\25B8"; color: var(--faint); font-size: 12px; transition: transform .15s; }
.table-card[open] > summary::before { transform: rotate(90deg); }
.table-card .name { font-weight: 650; font-size: 15px; }
.table-card .count { color: var(--muted); font-size: 13px; }
.table-card .files { margin-left: auto; font-size: 13px; }
.table-card .files a { color: var(--accent); text-decoration: none; margin-left: 10px; }
.table-card .files a:hover { text-decoration: underline; }
.table-wrap { overflow: auto; max-height: 460px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; font-variant-numeric: tabular-nums; }
th, td { padding: 6px 12px; white-space: nowrap; text-align: left; }
th { position: sticky; top: 0; background: var(--card); font-weight: 600; color: var(--muted); border-bottom: 1px solid var(--line); }
td { border-bottom: 1px solid #f0f2f5; }
tbody tr:nth-child(even) td { background: var(--zebra); }
.num { text-align: right; }
td.null { color: var(--faint); }
.more { padding: 8px 18px 12px; margin: 0; font-size: 12.5px; color: var(--muted); }
.delta-up { color: var(--good); }
.delta-down { color: var(--bad); }
.delta-none { color: var(--faint); }
table.compare td.metric-name { white-space: normal; min-width: 220px; }
table.compare .unit { color: var(--faint); font-size: 12px; }
.compare-card { overflow: auto; }
.compare-card .note { margin: 8px 12px 10px; font-size: 12px; color: var(--faint); line-height: 1.35; }
.run-differences { padding: 10px 14px; margin-bottom: 12px; font-size: 14px; border-left: 4px solid var(--faint); }
.run-differences.caution { border-left-color: var(--bad); }
footer { padding: 18px 0 36px; color: var(--faint); font-size: 12.5px; border-top: 1px solid var(--line); }
@media print {
  body { background: #fff; }
  nav.toc { display: none; }
  .card { box-shadow: none; break-inside: avoid; }
}
`;
