/**
 * TypeScript plugin modules under the bundled CLI. Run from the sources, the CLI already loads
 * TypeScript (tsx, or vitest in tests); the bundle (bin/cli-bundle.js) does not, so before the first
 * .ts plugin is imported tsx's loader is registered — only then, since once registered every later
 * import goes through its loader thread.
 */
const BUNDLED = Symbol.for('clustersim.bundled'); // set by bin/clustersim.js when it runs the bundle

let registered = false;

export async function ensureTypeScriptLoader(file: string): Promise<void> {
  if (registered || !/\.[cm]?tsx?$/.test(file) || (globalThis as Record<symbol, unknown>)[BUNDLED] !== true) return;
  const { register } = await import('tsx/esm/api');
  register();
  registered = true;
}
