import { describe, expect, it } from 'vitest';
import { comparisonChart, rollup } from '../../src/index.ts';
import { thrown } from '../_support/errors.ts';
import { hierarchy, responses } from './_data.ts';
import { items, render, vegaData } from './_render.ts';

const result = () => rollup(hierarchy(), responses(), { minSample: 30 });

describe('comparisonChart', () => {
  it('shows a region’s stores with their intervals against it; suppressed stores carry no value', async () => {
    const r = result();
    const spec = comparisonChart(r, 'north');
    const source = vegaData(spec).get('source_0') as Record<string, unknown>[];
    const stores = r.nodes.filter((n) => n.parentId === 'north');
    expect(source.map((d) => d.id)).toEqual(['n1', 'n2', 'n3', 'n4']);
    expect(source.map((d) => d.label)).toEqual(['Tverskaya', 'Arbat', 'Pushkinskaya', 'Kiosk']);
    // n4 has 24 answers (< 30) and n3 is withheld with it, so that north − n1 − n2 hides n4
    expect(stores.map((n) => n.suppression)).toEqual([null, null, 'complementary', 'min_sample']);
    source.forEach((d, i) => {
      const n = stores[i];
      if (n?.suppressed) {
        expect(d).toMatchObject({
          nps: null,
          low: null,
          high: null,
          n: null,
          baseN: null,
          status: 'suppressed',
          note: 'suppressed',
        });
      } else {
        expect([d.nps, d.low, d.high, d.n]).toEqual([n?.nps, n?.low, n?.high, n?.n]);
        expect(d.note).toBeNull();
      }
    });
    const north = r.nodes.find((n) => n.id === 'north');
    const parent = [...vegaData(spec).values()].find((v) =>
      v.some((d) => (d as { id?: unknown }).id === 'north'),
    );
    expect(parent).toEqual([{ id: 'north', label: 'North', nps: north?.nps }]);
    const { marks } = await render(spec);
    expect(marks.map((m) => m.type)).toEqual(['rule', 'symbol', 'text', 'rule']);
    const [bars, dots, notes, parentRule] = marks;
    expect(items(bars?.body ?? '')).toBe(2); // error bars of the two published stores only
    expect(items(dots?.body ?? '')).toBe(2);
    expect(items(notes?.body ?? '')).toBe(2);
    expect((notes?.body.match(/>suppressed</g) ?? []).length).toBe(2);
    expect(items(parentRule?.body ?? '')).toBe(1);
    expect(spec.description).toContain('Pushkinskaya: suppressed; Kiosk: suppressed');
  });

  it('shows a store among its siblings, highlighted, against the region', () => {
    const spec = comparisonChart(result(), 's1');
    expect(spec.data.values.map((d) => [d.id, d.highlight])).toEqual([
      ['s1', true],
      ['s2', false],
      ['s3', false],
    ]);
    expect(spec.title).toBe('Deribasovskaya among its siblings');
    // a region among the regions, on request
    const regions = comparisonChart(result(), 'south', { show: 'siblings', height: 200 });
    expect(regions.data.values.map((d) => d.id)).toEqual(['north', 'south']);
    expect(regions.height).toBe(200);
  });

  it('marks a store without responses as such, not as zero', async () => {
    const r = rollup(
      hierarchy(),
      responses().filter((x) => x.nodeId !== 's2'),
    );
    const spec = comparisonChart(r, 'south');
    expect(spec.data.values[1]).toMatchObject({
      id: 's2',
      nps: null,
      status: 'empty',
      note: 'no responses',
    });
    const { marks } = await render(spec);
    expect(items(marks[1]?.body ?? '')).toBe(2);
  });

  it('rejects an unknown node, siblings of the root and children of a leaf', () => {
    const r = result();
    expect(thrown(() => comparisonChart(r, 'nowhere')).code).toBe('unknown_node');
    expect(thrown(() => comparisonChart(r, 'hq', { show: 'siblings' })).code).toBe(
      'invalid_option',
    );
    expect(thrown(() => comparisonChart(r, 'n1', { show: 'children' })).code).toBe(
      'invalid_option',
    );
    expect(thrown(() => comparisonChart({ nodes: 1 } as never, 'hq')).code).toBe('invalid_input');
  });
});
