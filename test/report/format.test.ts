import { describe, expect, it } from 'vitest';
import { chooseTimeUnit, formatCell, formatDisplay, formatDuration, formatHeadline } from '../../src/report/format.ts';
import { escapeHtml, jsonForScript, slug } from '../../src/report/escape.ts';

describe('formatting', () => {
  it('writes cells with 9 significant digits and empties for non-finite', () => {
    expect(formatCell(1 / 3)).toBe('0.333333333');
    expect(formatCell(1234567890123)).toBe('1234567890000');
    expect(formatCell(1.5e-7)).toBe('1.5e-7');
    expect(formatCell(42)).toBe('42');
    expect(formatCell(Number.NaN)).toBe('');
    expect(formatCell(null)).toBe('');
    expect(formatCell('x')).toBe('x');
  });

  it('displays numbers for people', () => {
    expect(formatDisplay(12345)).toBe('12,345');
    expect(formatDisplay(-1234567)).toBe('-1,234,567');
    expect(formatDisplay(2 / 3)).toBe('0.6667');
    expect(formatDisplay(12345.67)).toBe('12,345.7');
    expect(formatDisplay(0.00001234)).toBe('1.23e-5');
    expect(formatDisplay(Number.POSITIVE_INFINITY)).toBe('—');
  });

  it('humanises durations and percentages in headlines', () => {
    expect(formatDuration(250)).toBe('250 ms');
    expect(formatDuration(90_000)).toBe('1.5 min');
    expect(formatDuration(1_700_000)).toBe('28.3 min');
    expect(formatDuration(2 * 86_400_000)).toBe('2 d');
    expect(formatHeadline({ value: 2 / 3, unit: '%' })).toBe('66.7%');
    expect(formatHeadline({ value: 3, unit: 'tasks' })).toBe('3 tasks');
    expect(formatHeadline({ value: 'drf' })).toBe('drf');
  });

  it('shows percentages with enough digits that they never round onto 0% or 100%', () => {
    expect(formatHeadline({ value: 0.996512346, unit: '%' })).toBe('99.65%');
    expect(formatHeadline({ value: 0.999992284, unit: '%' })).toBe('99.999%');
    expect(formatHeadline({ value: 0.136104285, unit: '%' })).toBe('13.6%');
    expect(formatHeadline({ value: 0.5, unit: '%' })).toBe('50%');
    expect(formatHeadline({ value: 1, unit: '%' })).toBe('100%');
    expect(formatHeadline({ value: 0, unit: '%' })).toBe('0%');
    expect(formatHeadline({ value: 0.0000012345, unit: '%' })).toBe('0.000123%');
  });

  it('picks an axis time unit from the span', () => {
    expect(chooseTimeUnit(10_000).label).toBe('seconds');
    expect(chooseTimeUnit(1_800_000).label).toBe('minutes');
    expect(chooseTimeUnit(86_400_000).label).toBe('hours');
    expect(chooseTimeUnit(7 * 86_400_000).label).toBe('days');
    expect(chooseTimeUnit(500, true).label).toBe('ms');
  });
});

describe('escaping', () => {
  it('escapes HTML text and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('neutralises </script> and <!-- in inlined JSON, and still parses', () => {
    const v = { s: '</script><!-- \u2028 & >' };
    const j = jsonForScript(v);
    expect(j).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(j)).toEqual(v);
  });

  it('slugs ids', () => {
    expect(slug('Hello <World> 2')).toBe('hello-world-2');
    expect(slug('<>')).toBe('x');
  });
});
