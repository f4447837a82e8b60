import { describe, expect, it } from 'vitest';
import { detectShifts, trend, trendByNode, trendChart } from '../../src/index.ts';
import { thrown } from '../_support/errors.ts';
import { hierarchy, responses } from './_data.ts';
import { items, render, runs, vegaData } from './_render.ts';

// n4 left out so that n3's small months are withheld by its own minSample, not complementarily.
const rows = () => responses().filter((r) => r.nodeId !== 'n4');
const cube = () => trendByNode(hierarchy(), rows(), { period: 'month', minSample: 30 });

describe('trendChart', () => {
  it('draws a node with its interval band and its suppressed months as gaps', async () => {
    const c = cube();
    const spec = trendChart(c, { nodeId: 'n3' });
    expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v6.json');
    const n3 = c.nodes.find((n) => n.id === 'n3');
    // April (no answers) and September (10 answers) are withheld under minSample 30
    expect(n3?.points.map((p) => p.suppressed)).toEqual([
      false,
      false,
      false,
      true,
      false,
      false,
      false,
      false,
      true,
      false,
      false,
      false,
    ]);
    const source = vegaData(spec).get('source_0') as Record<string, unknown>[];
    expect(source).toHaveLength(12);
    source.forEach((d, i) => {
      const p = n3?.points[i];
      expect(d.period).toBe(c.periods[i]?.label);
      expect(d.nps).toBe(p?.nps);
      expect(d.low).toBe(p?.low);
      expect(d.high).toBe(p?.high);
      expect(d.status).toBe(p?.suppressed ? 'suppressed' : 'published');
    });
    // the published points carry their interval around the value
    for (const d of source.filter((x) => x.status === 'published'))
      expect(
        (d.low as number) <= (d.nps as number) && (d.nps as number) <= (d.high as number),
      ).toBe(true);
    const { marks, svg } = await render(spec);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(marks.map((m) => m.type)).toEqual(['area', 'line', 'symbol']);
    const [area, line, symbol] = marks;
    // gaps at April and September: three runs of 3, 4 and 3 months, in the line and the band
    expect(runs(line?.body ?? '')).toBe(3);
    expect(runs(area?.body ?? '')).toBe(3);
    expect(items(symbol?.body ?? '')).toBe(10);
    expect(spec.description).toContain('2 periods suppressed or empty, shown as gaps');
    // the band and the line are not described by their first period's values (a withheld first
    // period read "NPS: null" to a screen reader); the chart's description and the points are
    expect(`${area?.body ?? ''}${line?.body ?? ''}`).not.toContain('aria-label');
    expect(symbol?.body).toContain('aria-label="Period (month): ');
  });

  it('draws the node’s alerts as rules at the start of the recent window', async () => {
    const c = cube();
    const alerts = detectShifts(c, { recent: 3, baseline: 6 });
    const s1 = alerts.alerts.filter((a) => a.id === 's1');
    expect(s1.map((a) => [a.kind, a.since])).toEqual([['drop', '2025-10-01T00:00:00Z']]);
    const spec = trendChart(c, { nodeId: 's1', alerts, title: 'Deribasovskaya' });
    expect(spec.title).toBe('Deribasovskaya');
    const data = vegaData(spec);
    const alertData = [...data.values()].find((v) =>
      v.some((d) => (d as { kind?: unknown }).kind === 'drop'),
    ) as Record<string, unknown>[];
    expect(alertData).toEqual([
      {
        period: '2025-10',
        kind: 'drop',
        detector: 'window',
        difference: s1[0]?.difference,
        since: '2025-10-01T00:00:00Z',
        qValue: s1[0]?.qValue,
      },
    ]);
    const { marks } = await render(spec);
    expect(marks.map((m) => m.type)).toEqual(['area', 'line', 'symbol', 'rule']);
    expect(items(marks[3]?.body ?? '')).toBe(1);
    expect(runs(marks[1]?.body ?? '')).toBe(1);
    expect(items(marks[2]?.body ?? '')).toBe(12);
    expect(spec.description).toMatch(/Alerts: drop of \d+ points since 2025-10\./);
  });

  it('shows no "null" and no "0.000" for an alert\'s q-value (control charts have none)', async () => {
    const c = cube();
    const alert = {
      id: 's1',
      kind: 'drop',
      detector: 'ewma',
      difference: -20,
      since: '2025-10-01T00:00:00Z',
      qValue: null,
    };
    const alerts = { alerts: [alert, { ...alert, detector: 'window', qValue: 0.00002 }] };
    const { svg } = await render(trendChart(c, { nodeId: 's1', alerts: alerts as never }));
    expect(svg).not.toMatch(/null|NaN/);
    expect(svg).not.toContain('q-value: 0.000');
    expect(svg).toContain('Detector: ewma; Change (points): −20.0; q-value: –');
    expect(svg).toContain('Detector: window; Change (points): −20.0; q-value: &lt; 0.001');
  });

  it('says "1 period", not "1 periods"', () => {
    const t = trend([{ score: 10, at: Date.UTC(2025, 0, 5) }], { period: 'month' });
    expect(trendChart(t).description).toMatch(/^NPS of all responses per month, 1 period from /);
  });

  it('charts a plain trend, empty periods as gaps with status "empty"', async () => {
    const t = trend(
      rows().filter((r) => r.nodeId === 'n3'),
      { period: 'month' },
    );
    const spec = trendChart(t);
    const values = spec.data.values;
    expect(values.map((d) => d.status)).toEqual([
      ...Array<string>(3).fill('published'),
      'empty',
      ...Array<string>(8).fill('published'),
    ]);
    expect(values[3]).toMatchObject({ nps: null, low: null, high: null, n: 0 });
    const { marks } = await render(spec);
    expect(runs(marks[1]?.body ?? '')).toBe(2);
    expect(items(marks[2]?.body ?? '')).toBe(11);
  });

  it('rejects a missing or unknown node, a nodeId on a plain trend and foreign alerts', () => {
    const c = cube();
    expect(thrown(() => trendChart(c)).code).toBe('invalid_option');
    expect(thrown(() => trendChart(c, { nodeId: 'nowhere' })).code).toBe('unknown_node');
    const t = trend(rows(), { period: 'month' });
    expect(thrown(() => trendChart(t, { nodeId: 'n1' })).code).toBe('invalid_option');
    const alerts = detectShifts(c, { recent: 3, baseline: 6 });
    const moved = alerts.alerts.map((a) => ({ ...a, since: '2024-10-01T00:00:00Z' }));
    const e = thrown(() => trendChart(c, { nodeId: 's1', alerts: { ...alerts, alerts: moved } }));
    expect(e.code).toBe('invalid_option');
    expect(e.path).toEqual(['alerts', 'alerts', 1, 'since']);
    expect(thrown(() => trendChart({ points: 3 } as never)).code).toBe('invalid_input');
    expect(thrown(() => trendChart(c, { nodeId: 'n1', width: -1 })).code).toBe('invalid_option');
    expect(thrown(() => trendChart(c, { nodeId: 'n1', colour: 'red' } as never)).code).toBe(
      'invalid_option',
    );
  });
});
