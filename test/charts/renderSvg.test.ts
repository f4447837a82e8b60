import { describe, expect, it } from 'vitest';
import { trend, trendChart } from '../../src/index.ts';
import { renderSvg } from '../../src/render/svg.ts';

describe('renderSvg', () => {
  it('renders a spec headless to standalone SVG named by its description', async () => {
    const rows = [10, 9, 2, 10, 1, 1].map((score, i) => ({ score, at: Date.UTC(2025, i % 3, 10) }));
    const spec = trendChart(trend(rows, { period: 'month' }), {
      title: 'A & B <test>',
      width: 200,
    });
    const svg = await renderSvg(spec);
    expect(svg).toMatch(
      /^<svg [^>]*role="img" aria-label="NPS of all responses per month, 3 periods/,
    );
    const title = /<title>([^<]*)<\/title>/.exec(svg)?.[1];
    expect(title).toContain('last published 2025-03: NPS −100');
    // the chart title is drawn as text, escaped
    expect(svg).toContain('A &amp; B &lt;test&gt;');
    // width 200 plus the axes
    expect(Number(/width="(\d+)"/.exec(svg)?.[1])).toBeGreaterThan(200);
    // one <svg> element, closed
    expect(svg.match(/<svg\b/g)).toHaveLength(1);
    expect(svg.endsWith('</svg>')).toBe(true);
  });

  it('leaves a spec without a description as vega draws it', async () => {
    const svg = await renderSvg({
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      data: { values: [{ a: 1 }] },
      mark: 'point',
      encoding: { x: { field: 'a', type: 'quantitative' } },
    });
    expect(svg).not.toContain('<title>');
    expect(svg).toContain('mark-symbol');
  });
});
