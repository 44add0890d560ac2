/**
 * JUnit XML stays well-formed whatever a name holds (found by fuzzing the experiment CLI, session 20):
 * C0 controls were dropped, but U+FFFE, U+FFFF and lone surrogates (a scenario path, an assertion's
 * text, a golden key can hold them) went through, and XML parsers refused the file.
 */
import { describe, expect, it } from 'vitest';
import { junitXml } from '../../src/experiment/junit.ts';

describe('JUnit XML characters', () => {
  it('drops what XML 1.0 cannot carry, keeps the rest (astral characters, tabs, newlines)', () => {
    const hostile = 'a\uFFFEb\uFFFFc\uD800d\u0001e\u{1F600}f\tg\nh&<>"';
    const xml = junitXml('s', [{ name: hostile, cases: [{ classname: hostile, name: hostile, failure: { message: hostile, details: hostile } }] }]);
    expect(xml).not.toMatch(/[\uFFFE\uFFFF\u0001]/);
    expect(xml).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(xml).toContain('abcde\u{1F600}f\tg\nh&amp;&lt;&gt;&quot;');
  });
});
