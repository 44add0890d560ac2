/**
 * Diagnostics are listed in file order (file, line, column; stable; unlocated last), not in the order
 * the loader's stages found them (schema first, then units/durations/references).
 */
import { describe, expect, it } from 'vitest';
import { sortDiagnostics, type Diagnostic } from '../../src/core/diagnostic.ts';
import { loadScenarioText } from '../../src/scenario/load.ts';

const d = (message: string, file?: string, line?: number, column?: number): Diagnostic =>
  ({ code: 'CS0000', severity: 'error', message, file, line, column });

describe('sortDiagnostics', () => {
  it('orders by file (first appearance), line, column; keeps equal positions in order; unlocated last', () => {
    const input = [
      d('b:9:1', 'b.yaml', 9, 1),
      d('a:3:7 first', 'a.yaml', 3, 7),
      d('nowhere 1'),
      d('a:no line', 'a.yaml'),
      d('a:3:2', 'a.yaml', 3, 2),
      d('b:2:5', 'b.yaml', 2, 5),
      d('a:3:7 second', 'a.yaml', 3, 7),
      d('a:1 (no column)', 'a.yaml', 1),
      d('nowhere 2'),
      d('a:10:1', 'a.yaml', 10, 1),
    ];
    const before = input.map((x) => x.message);
    expect(sortDiagnostics(input).map((x) => x.message)).toEqual([
      'b:2:5', 'b:9:1',
      'a:1 (no column)', 'a:3:2', 'a:3:7 first', 'a:3:7 second', 'a:10:1', 'a:no line',
      'nowhere 1', 'nowhere 2',
    ]);
    expect(input.map((x) => x.message)).toEqual(before); // not sorted in place
  });

  it('compares lines numerically (10 after 9)', () => {
    expect(sortDiagnostics([d('10', 'f', 10, 1), d('9', 'f', 9, 40)]).map((x) => x.message)).toEqual(['9', '10']);
  });
});

describe('loadScenarioText lists schema and later-stage diagnostics in file order', () => {
  it('a bad duration above an unknown field and an unknown field above a bad unit', () => {
    const text = `name: order
until: 5 parsecs
master: { allocationIntervall: 1s }
agents:
  - { id: a1, resources: "cpus:1;mem:1XB" }
  - { id: a2, rezources: "cpus:1" }
frameworks:
  - { id: fw1, role: r1, scheduler: { type: scripted, onOffer: launch } }
timeline:
  - { at: 1s, do: decline, framework: nobody }
`;
    const { spec, diagnostics } = loadScenarioText('order.yaml', text);
    expect(spec).toBeUndefined();
    // schema (CS1002/CS1003) and later-stage (CS1004) diagnostics interleaved by position
    expect(diagnostics.map((x) => `${x.line}:${x.column} ${x.code}`)).toEqual([
      '2:8 CS1004', '3:11 CS1003', '5:26 CS1004', '6:5 CS1002', '6:15 CS1003', '10:39 CS1004',
    ]);
  });
});
