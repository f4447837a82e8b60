import { describe, expect, it } from 'vitest';
import { followUpMetrics, survivalChart } from '../../src/index.ts';
import { thrown } from '../_support/errors.ts';
import { cases, casesNow, hierarchy } from './_data.ts';
import { items, render, runs, vegaData } from './_render.ts';

const metrics = (minSample?: number) =>
  followUpMetrics(cases(), {
    now: casesNow,
    sla: { contact: { hours: 24 }, resolution: { hours: 72 } },
    hierarchy: hierarchy(),
    ...(minSample === undefined ? {} : { minSample }),
  });

describe('survivalChart', () => {
  it('draws the Kaplan–Meier curve as steps over its Greenwood band, censored ticks and the SLA', async () => {
    const m = metrics();
    const curve = m.overall.resolution?.curve ?? [];
    expect(m.overall.resolution?.censored).toBeGreaterThan(0);
    const spec = survivalChart(m, { slaHours: 72 });
    const data = vegaData(spec);
    expect(data.get('source_0')).toEqual(curve.map((s) => ({ ...s })));
    expect(curve[0]).toMatchObject({ time: 0, survival: 1 });
    const sla = [...data.values()].find((v) =>
      v.some((d) => (d as { slaHours?: unknown }).slaHours !== undefined),
    );
    const within = m.overall.resolution?.withinSla;
    expect(sla).toEqual([
      { slaHours: 72, withinSla: within?.share, low: within?.low, high: within?.high },
    ]);
    const { marks } = await render(spec);
    expect(marks.map((m) => m.type)).toEqual(['area', 'line', 'rect', 'rule']);
    const [band, line, ticks, rule] = marks;
    // the band is drawn where the interval exists (it is null once survival reaches 0)
    expect(runs(band?.body ?? '')).toBe(1);
    expect(runs(line?.body ?? '')).toBe(1);
    // step-after: from each step to the next, a horizontal then a vertical segment
    const d = /\sd="([^"]*)"/.exec(line?.body ?? '')?.[1] ?? '';
    const xy = [...d.matchAll(/[ML]([\d.-]+),([\d.-]+)/g)].map((p) => [Number(p[1]), Number(p[2])]);
    expect(xy).toHaveLength(1 + 2 * (curve.length - 1));
    for (let k = 1; k < xy.length; k += 2) {
      expect(xy[k]?.[1]).toBe(xy[k - 1]?.[1]); // horizontal: survival holds until the next time
      expect(xy[k + 1]?.[0]).toBe(xy[k]?.[0]); // vertical: the drop at that time
    }
    expect(items(ticks?.body ?? '')).toBe(curve.filter((s) => s.censored > 0).length);
    expect(items(rule?.body ?? '')).toBe(1);
    expect(spec.description).toContain(
      `${String(m.overall.resolution?.events)} events, ${String(m.overall.resolution?.censored)} censored`,
    );
    expect(spec.title).toBe('Time to resolution: all cases');
  });

  it('charts a node’s time to first contact', () => {
    const m = metrics();
    const spec = survivalChart(m, { nodeId: 's1', event: 'contact' });
    const node = m.nodes?.find((n) => n.id === 's1');
    expect(spec.data.values).toEqual(node?.contact?.curve?.map((s) => ({ ...s })));
    expect(spec.title).toBe('Time to first contact: Deribasovskaya');
    expect(spec.layer).toHaveLength(3);
  });

  it('refuses a withheld curve, an unknown node and a node of a result without nodes', () => {
    const e = thrown(() => survivalChart(metrics(1), { nodeId: 's1' }));
    expect(e.code).toBe('empty');
    expect(e.message).toMatch(
      /^survivalChart: the resolution curve of "Deribasovskaya" is not in the result/,
    );
    expect(thrown(() => survivalChart(metrics(), { nodeId: 'x' })).code).toBe('unknown_node');
    const flat = followUpMetrics(cases(), { now: casesNow, sla: {} });
    expect(flat.nodes).toBeNull();
    expect(thrown(() => survivalChart(flat, { nodeId: 's1' })).code).toBe('unknown_node');
    expect(thrown(() => survivalChart(metrics(), { slaHours: 0 })).code).toBe('invalid_option');
  });
});
