/**
 * vega-lite → Vega → static SVG (and PNG) in Node, without a canvas.
 *
 * Determinism: vega-lite names signals/datasets from a global counter and vega-scenegraph numbers
 * clip-path/gradient ids from another; both are reset before each compile/render, and vega's global
 * random hook is seeded, so the same spec yields the same bytes however many charts came before.
 * Without canvas, Vega estimates text widths with a fixed heuristic: layouts are slightly
 * approximate but identical on every machine.
 */
import { createRequire } from 'node:module';
import * as vega from 'vega';
import { compile, resetIdCounter, type TopLevelSpec } from 'vega-lite';

export type VegaSpec = vega.Spec;

/** Exported by vega at runtime (vega-statistics) but missing from its type declarations. */
const vegaRandom = vega as unknown as {
  setRandom(r: () => number): void;
  randomLCG(seed: number): () => number;
};

/** Where vega-lite compile warnings go; default stderr. Tests pass a collector and expect none. */
export type WarnSink = (message: string) => void;

const stderrSink: WarnSink = (m) => process.stderr.write(`vega-lite: ${m}\n`);

/** Compile a vega-lite spec to a Vega spec (what the HTML report embeds, so vega-lite is not shipped). */
export function compileToVega(spec: TopLevelSpec, onWarn: WarnSink = stderrSink): VegaSpec {
  resetIdCounter();
  const sink = (...args: unknown[]) => onWarn(args.map(String).join(' '));
  const logger = {
    level(): number { return 2; },
    error: sink, warn: sink, info() {}, debug() {},
  };
  return compile(spec, { logger: logger as never }).spec as VegaSpec;
}

// vega's random hook and SVG def-id counter are process-global: renders are serialised through
// this chain so concurrent callers (e.g. two reports written with Promise.all) cannot interleave.
let queue: Promise<unknown> = Promise.resolve();

/** Render a Vega spec to an SVG string with the headless 'none' renderer. */
export function renderSvg(spec: VegaSpec, seed = 1): Promise<string> {
  const run = async () => {
    vegaRandom.setRandom(vegaRandom.randomLCG(seed));
    vega.resetSVGDefIds();
    const view = new vega.View(vega.parse(spec), { renderer: 'none', logLevel: vega.Warn });
    try {
      return await view.toSVG();
    } finally {
      view.finalize();
    }
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}

/** vega-lite spec → SVG in one step. */
export async function chartToSvg(spec: TopLevelSpec, seed = 1): Promise<string> {
  return renderSvg(compileToVega(spec), seed);
}

interface ResvgModule {
  Resvg: new (svg: string, opts?: object) => { render(): { asPng(): Uint8Array } };
}

/**
 * SVG → PNG via @resvg/resvg-js (prebuilt native binary, no canvas). Fonts come from the system,
 * so PNG bytes may differ across machines: keep PNGs out of golden comparisons.
 */
export function svgToPng(svg: string, scale = 2): Uint8Array {
  const { Resvg } = createRequire(import.meta.url)('@resvg/resvg-js') as ResvgModule;
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
