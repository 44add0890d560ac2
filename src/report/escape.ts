/**
 * Escaping for the HTML report. Every string that can come from a scenario, a trace or a run label
 * goes through `escapeHtml` (text and attribute values alike); JSON inlined into a <script> goes
 * through `jsonForScript`, which makes `</script>`, `<!--` and U+2028/2029 harmless.
 */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** JSON safe to place inside <script type="application/json"> (and parsable with JSON.parse). */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A stable, safe id fragment for element ids and file names: [a-z0-9-] only. */
export function slug(text: string): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s || 'x';
}
