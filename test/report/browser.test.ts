/**
 * report.html in a real browser: loads offline with no console output at all (no errors, no
 * warnings, no CSP violations), every chart is replaced by its interactive vega-embed view, hostile
 * strings stay text, and a screenshot is taken (test/report/.output/, git-ignored) for a human look.
 *
 * Skips only when Chromium is absent outside CI; under CI a missing Chromium fails the test.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/experiment/run.ts';
import { reportDataFromMetrics } from '../../src/report/from-metrics.ts';
import { drfPaperExample } from '../../src/report/examples/drf-paper.ts';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { writeComparison, writeReport } from '../../src/report/write-report.ts';
import { chromiumAvailable, CHROMIUM, inCI, runChromium } from './chromium.ts';
import { HOSTILE, tinyReport } from './fixtures.ts';

const root = mkdtempSync(join(tmpdir(), 'clustersim-browser-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
export const SCREENSHOT_DIR = join(import.meta.dirname, '.output');

function expectAllChartsInteractive(dom: string, charts: number): void {
  expect(dom).toContain('data-charts="ready"');
  expect(dom.match(/data-rendered="interactive"/g) ?? []).toHaveLength(charts);
  expect(dom).not.toContain('data-rendered="static"');
  expect(dom.match(/<div class="vega-embed[^"]*">/g) ?? []).toHaveLength(charts);
  // vega-embed's own SVG renderer output inside each embed
  expect(dom.match(/<div class="vega-embed[^"]*"><div class="chart-wrapper"[^>]*><svg [^>]*class="marks"/g) ?? []).toHaveLength(charts);
}

describe.skipIf(!chromiumAvailable() && !inCI())('report.html in headless Chromium', () => {
  it('has Chromium (required under CI)', () => {
    expect(chromiumAvailable(), `${CHROMIUM} is missing; CI must install Debian's chromium`).toBe(true);
  });

  it('captures console output (control: the assertions below are not vacuous)', async () => {
    const file = join(root, 'control.html');
    writeFileSync(file, '<!doctype html><title>c</title><script>console.error("boom"); missingFunction();</script>');
    const { console } = await runChromium(file, { dumpDom: true });
    expect(console).toHaveLength(2);
    expect(console[0]).toContain('boom');
    expect(console[1]).toContain('missingFunction is not defined');
  });

  it('renders every chart interactively with no console output, escaping hostile strings', async () => {
    await writeReport(join(root, 'tiny'), tinyReport());
    const { stdout: dom, console } = await runChromium(join(root, 'tiny', 'report.html'), { dumpDom: true });
    expect(console).toEqual([]);
    expectAllChartsInteractive(dom, 5);
    // the title is text in the DOM, never markup: no script element beyond our four
    expect(dom).toContain('<h1>Scenario &lt;script&gt;alert(1)&lt;/script&gt;</h1>');
    expect(dom.match(/<script[\s>]/g)).toHaveLength(4);
    expect(dom).not.toContain(HOSTILE);
  });

  it('renders the DRF paper example and takes a screenshot', async () => {
    await writeReport(join(root, 'drf'), drfPaperExample());
    const file = join(root, 'drf', 'report.html');
    const { stdout: dom, console } = await runChromium(file, { dumpDom: true });
    expect(console).toEqual([]);
    expectAllChartsInteractive(dom, 4);
    expect(dom).toContain('Dominant share of A (steady state)</div><div class="value">66.7%');
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const shot = join(SCREENSHOT_DIR, 'drf-paper-report.png');
    const r = await runChromium(file, { screenshot: shot, width: 1280, height: 2400 });
    expect(r.console).toEqual([]);
    const png = readFileSync(shot);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(1280); // IHDR width
    expect(png.length).toBeGreaterThan(50_000); // a blank page compresses to a few KB
  });

  it('renders the report of a real run (scenarios/drf-paper.yaml) and takes a screenshot', async () => {
    const spec = loadScenarioFile('scenarios/drf-paper.yaml').spec!;
    await writeReport(join(root, 'run'), reportDataFromMetrics(runScenario(spec, { outDir: null }).metrics));
    const file = join(root, 'run', 'report.html');
    const { stdout: dom, console } = await runChromium(file, { dumpDom: true });
    expect(console).toEqual([]);
    expectAllChartsInteractive(dom, 4);
    expect(dom.match(/dominant share of [ab] at end<\/div><div class="value">66\.7%/g)).toHaveLength(2);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const r = await runChromium(file, { screenshot: join(SCREENSHOT_DIR, 'drf-paper-run.png'), width: 1280, height: 2400 });
    expect(r.console).toEqual([]);
  });

  it('renders a comparison page', async () => {
    const a = drfPaperExample();
    const b = tinyReport('other');
    await writeComparison(join(root, 'cmp'), [{ run: 'drf', data: a }, { run: 'tiny', data: b }]);
    const { stdout: dom, console } = await runChromium(join(root, 'cmp', 'compare.html'), { dumpDom: true });
    expect(console).toEqual([]);
    expectAllChartsInteractive(dom, 5);
  });
});
