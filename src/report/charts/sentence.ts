/**
 * A chart's place taken by one sentence: when the data would draw a misleading picture (every wait
 * 0 ms, a series defined for less than a pixel of the time axis), the page says so in words instead.
 */
import type { TopLevelSpec } from 'vega-lite';
import { VL_SCHEMA } from './chart-def.ts';
import { CHART_CONFIG, CHART_WIDTH } from './theme.ts';

export function sentenceSpec(description: string, text: string): TopLevelSpec {
  return {
    $schema: VL_SCHEMA,
    description,
    data: { values: [{ text }] },
    width: CHART_WIDTH,
    height: 30,
    mark: { type: 'text', align: 'left', baseline: 'middle', fontSize: 13, color: '#39424e', aria: false },
    encoding: { text: { field: 'text', type: 'nominal' }, x: { value: 0 }, y: { value: 15 } },
    config: CHART_CONFIG,
  };
}
