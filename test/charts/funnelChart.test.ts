import { describe, expect, it } from 'vitest';
import { funnel, funnelChart, rollup } from '../../src/index.ts';
import { thrown } from '../_support/errors.ts';
import { hierarchy, nodes, responses } from './_data.ts';
import { items, render, vegaData } from './_render.ts';

const stores = () =>
  funnel(rollup(hierarchy(), responses(), { minSample: 30 }), { level: 'store' });

describe('funnelChart', () => {
  it('plots the units of a level against their base, with the limits as lines and outliers labelled', async () => {
    const f = stores();
    // the two suppressed stores (n3, n4) are not on the funnel
    expect(f.units.map((u) => u.id)).toEqual(['n1', 'n2', 's1', 's2', 's3']);
    const names = new Map(nodes.map((n) => [n.id, n.name]));
    const spec = funnelChart(f, { names });
    const data = vegaData(spec);
    const source = data.get('source_0') as Record<string, unknown>[];
    expect(source.map((d) => [d.name, d.nps, d.effectiveN, d.position])).toEqual(
      f.units.map((u) => [names.get(u.id), u.nps, u.effectiveN, u.position]),
    );
    source.forEach((d, i) => {
      const u = f.units[i];
      expect([d.innerLow, d.innerHigh, d.outerLow, d.outerHigh]).toEqual([
        u?.inner[0],
        u?.inner[1],
        u?.outer[0],
        u?.outer[1],
      ]);
      expect(d.outlier).toBe(u?.position !== 'within');
    });
    // four limit lines, each through the units' sizes in increasing order
    const limits = [...data.values()].find((v) =>
      v.some((d) => (d as { limit?: unknown }).limit !== undefined),
    ) as { effectiveN: number; limit: string; value: number }[];
    expect(limits).toHaveLength(4 * f.units.length);
    const outerHigh = limits.filter((d) => d.limit === 'outer high');
    const sizes = f.units.map((u) => u.effectiveN).sort((a, b) => a - b);
    expect(outerHigh.map((d) => d.effectiveN)).toEqual(sizes);
    for (const d of outerHigh)
      expect(d.value).toBe(f.units.find((u) => u.effectiveN === d.effectiveN)?.outer[1]);
    const { marks } = await render(spec);
    expect(marks.map((m) => m.type)).toEqual([
      'line',
      'line',
      'line',
      'line',
      'rule',
      'symbol',
      'text',
    ]);
    expect(items(marks[5]?.body ?? '')).toBe(f.units.length);
    const outliers = f.units.filter((u) => u.position !== 'within');
    expect(items(marks[6]?.body ?? '')).toBe(outliers.length);
    for (const u of outliers) expect(marks[6]?.body).toContain(`>${String(names.get(u.id))}<`);
    expect(spec.description).toContain(`target ${String(Math.round(f.target))}`);
  });

  it('labels nothing when every unit is within its limits', async () => {
    const h = [
      { id: 'all', parentId: null },
      { id: 'a', parentId: 'all' },
      { id: 'b', parentId: 'all' },
    ];
    const rows = [10, 10, 10, 1]
      .map((score) => ({ nodeId: 'a', score }))
      .concat([1, 1, 1, 10].map((score) => ({ nodeId: 'b', score })));
    const { buildHierarchy } = await import('../../src/index.ts');
    const spec = funnelChart(funnel(rollup(buildHierarchy(h), rows)));
    expect(spec.data.values.map((d) => d.name)).toEqual(['a', 'b']);
    expect(spec.description).toContain('No unit is beyond the limits.');
    const { marks } = await render(spec);
    expect(items(marks.find((m) => m.type === 'text')?.body ?? '')).toBe(0);
  });

  it('rejects what is not a funnel result and bad options', () => {
    expect(thrown(() => funnelChart({ units: [{ id: 'a' }] } as never)).code).toBe('invalid_input');
    expect(thrown(() => funnelChart(stores(), { names: { n1: 'x' } } as never)).code).toBe(
      'invalid_option',
    );
  });
});
