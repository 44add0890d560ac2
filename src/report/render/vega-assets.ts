/**
 * The browser builds of vega and vega-embed, read from node_modules for inlining into report.html.
 * Their package `exports` maps hide `build/*.min.js`, so locate them next to the resolved entry
 * point (vega → build/vega.module.js, vega-embed → build/embed.js).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function siblingOfEntry(pkg: string, file: string): string {
  return join(dirname(fileURLToPath(import.meta.resolve(pkg))), file);
}

let cache: { vega: string; vegaEmbed: string } | undefined;

/** Minified UMD sources, with source-map comments stripped (the maps are not shipped). */
export function vegaBrowserScripts(): { vega: string; vegaEmbed: string } {
  if (!cache) {
    const strip = (src: string) => src.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n');
    cache = {
      vega: strip(readFileSync(siblingOfEntry('vega', 'vega.min.js'), 'utf8')),
      vegaEmbed: strip(readFileSync(siblingOfEntry('vega-embed', 'vega-embed.min.js'), 'utf8')),
    };
  }
  return cache;
}

/** Inline JS must not contain `</script` (it would end the element early). */
export function safeInlineScript(src: string): string {
  return src.replace(/<\/(script)/gi, '<\\/$1');
}
