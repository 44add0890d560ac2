/**
 * Text inside a Markdown table cell or paragraph: `|` would end the cell and a line break the row,
 * so names from scenarios, sweep axes or run labels (`a|b`, `two\nlines`) are escaped.
 */
export function markdownText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n|\r/g, ' ');
}
