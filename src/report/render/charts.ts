/**
 * ChartDef → RenderedChart: compile to Vega once, render the static SVG from that same Vega spec
 * (so the fallback and the interactive view are the same chart).
 */
import type { ChartDef } from '../charts/chart-def.ts';
import type { RenderedChart } from './html.ts';
import { compileToVega, renderSvg } from './svg.ts';

export async function renderCharts(defs: ChartDef[], seed = 1): Promise<RenderedChart[]> {
  const out: RenderedChart[] = [];
  // Sequential on purpose: vega's random hook and id counters are global.
  for (const d of defs) {
    const vega = compileToVega(d.spec);
    out.push({ id: d.id, title: d.title, description: d.description, vega, svg: await renderSvg(vega, seed) });
  }
  return out;
}
