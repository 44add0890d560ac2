import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeComparison, writeReport } from '../../src/report/write-report.ts';
import { HOSTILE, tinyReport } from './fixtures.ts';

const root = mkdtempSync(join(tmpdir(), 'clustersim-report-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const EXPECTED_FILES = [
  ...['availability', 'dominant-shares', 'fairness', 'utilization', 'wait-cdf'].flatMap((c) => [`charts/${c}.svg`, `charts/${c}.vl.json`]),
  'report.html',
  ...['roles', 'tasks', 'timeseries'].flatMap((t) => [`tables/${t}.arrow`, `tables/${t}.csv`]),
].sort();

describe('writeReport', () => {
  it('writes report.html, charts and tables and returns their relative paths', async () => {
    const files = await writeReport(join(root, 'a'), tinyReport());
    expect(files).toEqual(EXPECTED_FILES);
  });

  it('is deterministic: same input, same bytes', async () => {
    const a = await writeReport(join(root, 'd1'), tinyReport());
    const b = await writeReport(join(root, 'd2'), tinyReport());
    expect(a).toEqual(b);
    for (const f of a) {
      expect(readFileSync(join(root, 'd1', f)).equals(readFileSync(join(root, 'd2', f))), f).toBe(true);
    }
  });

  it('escapes every scenario and trace string in the HTML', async () => {
    await writeReport(join(root, 'esc'), tinyReport());
    const html = readFileSync(join(root, 'esc', 'report.html'), 'utf8');
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain('<h1>Scenario &lt;script&gt;alert(1)&lt;/script&gt;</h1>');
    expect(html).toContain('<title>Scenario &lt;script&gt;alert(1)&lt;/script&gt; · clustersim run report</title>');
    expect(html).toContain('seed 7 &amp; &quot;quotes&quot;');
    // inlined chart JSON: '<' is \u003c, so no '</script>' can close the element early
    expect(html).toContain('\\u003cscript\\u003ealert(1)\\u003c/script\\u003e');
    // exactly our four script elements, all closed where we closed them
    expect(html.match(/<script[\s>]/g)).toHaveLength(4);
    expect(html.match(/<\/script>/g)).toHaveLength(4);
    // headline first, then charts, then tables
    const order = ['id="headline"', 'id="charts"', 'id="tables"'].map((s) => html.indexOf(s));
    expect(order).toEqual([...order].sort((x, y) => x - y));
    expect(order[0]).toBeGreaterThan(0);
    // static SVG fallback is in the page for every chart
    expect(html.match(/<div class="vis" id="vis-[a-z-]+" data-rendered="static"><svg /g)).toHaveLength(5);
    // offline: the markup (scripts' bodies aside) references nothing external
    const markup = html.replace(/(<script[^>]*>)[\s\S]*?(<\/script>)/g, '$1$2');
    expect(markup).not.toMatch(/<(link|img|iframe)\b|\b(src|href)="(https?:)?\/\//);
    expect(html).not.toContain('sourceMappingURL');
    expect(html).toContain("default-src 'none'");
  });

  it('writes PNGs on request', async () => {
    const files = await writeReport(join(root, 'png'), tinyReport(), { png: true });
    const pngs = files.filter((f) => f.endsWith('.png'));
    expect(pngs).toHaveLength(5);
    const sig = readFileSync(join(root, 'png', pngs[0])).subarray(0, 8);
    expect([...sig]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });
});

describe('writeComparison', () => {
  it('writes compare.html, compare.md, overlay charts and the headline table', async () => {
    const other = tinyReport('other');
    other.headline[0].value = 0.75;
    other.headline[1].value = 2000;
    const runs = [{ run: 'static', data: tinyReport() }, { run: `dynamic ${HOSTILE}`, data: other }];
    const files = await writeComparison(join(root, 'cmp'), runs);
    expect(files).toContain('compare.html');
    expect(files).toContain('compare.md');
    expect(files).toContain('tables/headline.csv');
    expect(files).toContain('charts/utilization.svg');
    const html = readFileSync(join(root, 'cmp', 'compare.html'), 'utf8');
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain('+15 pp');
    const again = await writeComparison(join(root, 'cmp2'), runs);
    for (const f of again) expect(readFileSync(join(root, 'cmp2', f)).equals(readFileSync(join(root, 'cmp', f))), f).toBe(true);
  });

  it('needs two runs', async () => {
    await expect(writeComparison(join(root, 'one'), [{ run: 'a', data: tinyReport() }])).rejects.toThrow(/two runs/);
  });
});
