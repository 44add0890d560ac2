/** Names in Markdown tables (compare.md, a sweep's report.md): `a|b` split a cell and a line break a row. */
import { describe, expect, it } from 'vitest';
import { markdownText } from '../../src/core/markdown-text.ts';

describe('markdownText', () => {
  it('escapes cell separators and backslashes, and puts line breaks on one line', () => {
    expect(markdownText('a|b')).toBe('a\\|b');
    expect(markdownText('two\nlines\r\nthree\rfour')).toBe('two lines three four');
    expect(markdownText('c:\\x')).toBe('c:\\\\x');
    expect(markdownText('plain')).toBe('plain');
  });
});
