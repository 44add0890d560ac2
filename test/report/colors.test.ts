/**
 * One colour per role/framework/service name on every chart of a page (colors.ts), the run as a dash
 * pattern on comparison pages, and the cosmetic rules of the charts (no line outside [0, 1], a note
 * instead of an empty wait CDF, the default role labelled).
 */
import { describe, expect, it } from 'vitest';
import { comparisonCharts, reportCharts } from '../../src/report/charts/index.ts';
import { LEGEND_LABEL_EXPR, pageColors } from '../../src/report/charts/colors.ts';
import { CATEGORY_COLORS } from '../../src/report/charts/theme.ts';
import type { ReportData } from '../../src/report/report-data.ts';
import { tinyReport, HOSTILE } from './fixtures.ts';

type Scale = { domain: string[]; range: string[] };
type Enc = { color?: { field: string; scale?: Scale; legend?: { labelExpr?: string } | null }; strokeDash?: { field: string }; y?: { scale?: { padding?: number } } };
type Spec = { encoding?: Enc; vconcat?: { encoding: Enc }[]; spec?: { encoding: Enc } };

/** Every (name → colour) pair the charts' explicit colour scales give, per chart id. */
function colorPairs(charts: { id: string; spec: unknown }[]): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const c of charts) {
    const s = c.spec as Spec;
    const encs = [s.encoding, s.spec?.encoding, ...(s.vconcat ?? []).map((v) => v.encoding)].filter((e): e is Enc => e !== undefined);
    const m = new Map<string, string>();
    for (const e of encs) if (e.color?.scale) e.color.scale.domain.forEach((n, i) => m.set(n, e.color!.scale!.range[i]));
    out.set(c.id, m);
  }
  return out;
}

/** A page where the same three workloads appear in different orders in shares, waits and services. */
function demoLike(): ReportData {
  const d = tinyReport('demo');
  d.shares = [
    { tMs: 0, client: 'web', kind: 'role', dominantShare: 0.2 },
    { tMs: 0, client: 'analytics', kind: 'role', dominantShare: 0.3 },
    { tMs: 0, client: 'ml', kind: 'role', dominantShare: 0.4 },
    { tMs: 0, client: 'ml', kind: 'framework', dominantShare: 0.4 },
    { tMs: 0, client: 'web', kind: 'framework', dominantShare: 0.2 },
  ];
  d.waits = [{ group: 'web', waitMs: 5 }, { group: 'ml', waitMs: 50 }, { group: 'analytics', waitMs: 500 }];
  d.availability = [{ tMs: 0, service: 'web', fraction: 1 }];
  return d;
}

describe('page colours', () => {
  it('are the sorted union of names, assigned the palette in order', () => {
    expect([...pageColors(demoLike())]).toEqual([
      ['analytics', CATEGORY_COLORS[0]], ['ml', CATEGORY_COLORS[1]], ['web', CATEGORY_COLORS[2]],
    ]);
    expect([...pageColors(tinyReport())]).toEqual([
      [HOSTILE, CATEGORY_COLORS[0]], ['analytics', CATEGORY_COLORS[1]], ['memcached', CATEGORY_COLORS[2]], ['mysql', CATEGORY_COLORS[3]], ['spark-1', CATEGORY_COLORS[4]],
    ]);
  });

  it('a framework alone in its role takes the role\u2019s colour', () => {
    const d = tinyReport();
    d.shares = [
      { tMs: 0, client: 'k8s', kind: 'role', dominantShare: 0.2 }, { tMs: 0, client: 'analytics', kind: 'role', dominantShare: 0.3 },
      { tMs: 0, client: 'kubernetes', kind: 'framework', dominantShare: 0.2 }, { tMs: 0, client: 'spark', kind: 'framework', dominantShare: 0.2 },
      { tMs: 0, client: 'flink', kind: 'framework', dominantShare: 0.1 }, { tMs: 0, client: 'web', kind: 'framework', dominantShare: 0.1 },
    ];
    d.waits = [];
    d.availability = [];
    // spark and flink share role analytics: neither takes its colour; web is alone in role web
    d.tables.frameworks = { columns: ['framework', 'role'], rows: [['flink', 'analytics'], ['kubernetes', 'k8s'], ['spark', 'analytics'], ['web', 'web']] };
    expect([...pageColors(d)]).toEqual([
      ['analytics', CATEGORY_COLORS[0]], ['flink', CATEGORY_COLORS[1]], ['k8s', CATEGORY_COLORS[2]], ['kubernetes', CATEGORY_COLORS[2]],
      ['spark', CATEGORY_COLORS[3]], ['web', CATEGORY_COLORS[4]],
    ]);
  });

  it('give a name the same colour in every chart of a report', () => {
    const pairs = colorPairs(reportCharts(demoLike()));
    const want = new Map([['analytics', CATEGORY_COLORS[0]], ['ml', CATEGORY_COLORS[1]], ['web', CATEGORY_COLORS[2]]]);
    expect([...pairs.get('dominant-shares')!]).toEqual([['analytics', CATEGORY_COLORS[0]], ['ml', CATEGORY_COLORS[1]], ['web', CATEGORY_COLORS[2]]]);
    expect([...pairs.get('wait-cdf')!]).toEqual([...want]);
    expect([...pairs.get('availability')!]).toEqual([['web', CATEGORY_COLORS[2]]]);
  });

  it('roles and frameworks panels list their own names, the same name keeping its colour', () => {
    const s = reportCharts(demoLike()).find((c) => c.id === 'dominant-shares')!.spec as Spec;
    expect(s.vconcat!.map((p) => p.encoding.color!.scale)).toEqual([
      { domain: ['analytics', 'ml', 'web'], range: [CATEGORY_COLORS[0], CATEGORY_COLORS[1], CATEGORY_COLORS[2]] },
      { domain: ['ml', 'web'], range: [CATEGORY_COLORS[1], CATEGORY_COLORS[2]] },
    ]);
  });

  it('on a comparison page colour never stands for the run: the run is the dash pattern', () => {
    const a = demoLike(), b = demoLike();
    b.waits = [{ group: 'zeta', waitMs: 9 }]; // a name only the second run has shifts nothing by run
    const charts = comparisonCharts([{ run: 'a', data: a }, { run: 'b', data: b }]);
    for (const c of charts) {
      const s = c.spec as Spec;
      const encs = [s.encoding, s.spec?.encoding, ...(s.vconcat ?? []).map((v) => v.encoding)].filter((e): e is Enc => e !== undefined);
      for (const e of encs) {
        expect(e.color?.field, c.id).not.toBe('run');
        expect(e.strokeDash?.field, c.id).toBe('run');
      }
    }
    const pairs = colorPairs(charts);
    const colours = new Map([['analytics', CATEGORY_COLORS[0]], ['ml', CATEGORY_COLORS[1]], ['web', CATEGORY_COLORS[2]], ['zeta', CATEGORY_COLORS[3]]]);
    for (const id of ['dominant-shares', 'wait-cdf', 'availability']) for (const [n, col] of pairs.get(id)!) expect(col, `${id} ${n}`).toBe(colours.get(n));
  });
});

describe('chart cosmetics', () => {
  it('line charts pad their [0, 1] scale so a line at 100% or 0% stays inside the plot', () => {
    for (const c of reportCharts(demoLike()).filter((x) => x.id !== 'utilization')) {
      const s = c.spec as Spec;
      const encs = [s.encoding, ...(s.vconcat ?? []).map((v) => v.encoding)].filter((e): e is Enc => e !== undefined);
      for (const e of encs) expect(e.y?.scale?.padding, c.id).toBe(4);
    }
  });

  it('every wait 0: a sentence instead of an empty CDF', () => {
    const d = tinyReport();
    d.waits = [{ group: 'a', waitMs: 0 }, { group: 'b', waitMs: 0 }];
    const c = reportCharts(d).find((x) => x.id === 'wait-cdf')!;
    expect((c.spec as { mark: { type: string } }).mark.type).toBe('text');
    expect((c.spec as { data: { values: { text: string }[] } }).data.values).toEqual([{ text: 'All 2 tasks launched the moment they were submitted: every wait is 0 ms.', lines: ['All 2 tasks launched the moment they were submitted: every wait is 0 ms.'] }]);
  });

  it('legends show the default role readably; the data keeps *', () => {
    const d = demoLike();
    d.shares.push({ tMs: 0, client: '*', kind: 'role', dominantShare: 0.1 });
    const s = reportCharts(d).find((x) => x.id === 'dominant-shares')!.spec as Spec & { data: { values: { client: string }[] } };
    expect(s.vconcat![0].encoding.color!.legend!.labelExpr).toBe(LEGEND_LABEL_EXPR);
    expect(LEGEND_LABEL_EXPR).toBe("datum.label === '*' ? '* (default role)' : datum.label");
    expect(s.data.values.some((v) => v.client === '*')).toBe(true);
  });
});
