/**
 * A chart's place taken by one sentence: when the data would draw a misleading picture (every wait
 * 0 ms, a series defined for less than a pixel of the time axis), the page says so in words instead.
 */
import type { TopLevelSpec } from 'vega-lite';
import { VL_SCHEMA } from './chart-def.ts';
import { CHART_CONFIG, CHART_WIDTH } from './theme.ts';

/** Characters per line at the sentence's 13 px font across CHART_WIDTH (a sentence longer than that ran off the card behind a scrollbar). */
const LINE_CHARS = Math.floor(CHART_WIDTH / 7.5);
const LINE_HEIGHT = 18;

/** `text` stays the whole sentence (data, tests); `lines` is what is drawn, wrapped at spaces. */
export function sentenceSpec(description: string, text: string): TopLevelSpec {
  const lines = wrap(text, LINE_CHARS);
  return {
    $schema: VL_SCHEMA,
    description,
    data: { values: [{ text, lines }] },
    width: CHART_WIDTH,
    height: 12 + LINE_HEIGHT * lines.length,
    mark: { type: 'text', align: 'left', baseline: 'top', fontSize: 13, lineHeight: LINE_HEIGHT, color: '#39424e', aria: false },
    encoding: { text: { field: 'lines', type: 'nominal' }, x: { value: 0 }, y: { value: 6 } },
    config: CHART_CONFIG,
  };
}

/** Greedy word wrap; a word longer than a line gets a line of its own. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) { lines.push(line); line = word; } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}
