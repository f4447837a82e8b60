/**
 * `npskit/render`: the SVG renderer of chart specs. It compiles a Vega-Lite spec with vega-lite
 * and renders it headless with vega. The only module that imports vega: it is its own entry
 * (`import { renderSvg } from 'npskit/render'`), so the main library and its presentation layer
 * stay free of it. The CLI, the demo and `reportPack`'s callers pass it as `render`.
 *
 * @packageDocumentation
 */
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { ChartSpec } from '../charts/_spec.ts';
import { escapeText } from '../report/html.ts';

/**
 * Renders a chart spec (from `trendChart`, `funnelChart`…) to a standalone SVG string: the
 * Vega-Lite spec is compiled to Vega (`compile(spec).spec`) and drawn by a headless Vega view
 * (`renderer: 'none'`, `toSVG()`), so no browser or canvas is needed. The spec's `description`
 * becomes the SVG's accessible name: a `<title>` first child and `role="img"` with an
 * `aria-label` on the root (Vega labels the axes and marks, not the chart).
 *
 * @example
 * ```ts
 * // import { renderSvg } from 'npskit/render';
 * const h = buildHierarchy([
 *   { id: 'hq', parentId: null, name: 'Head office' },
 *   { id: 'a', parentId: 'hq', name: 'Store A' },
 *   { id: 'b', parentId: 'hq', name: 'Store B' },
 * ]);
 * const r = rollup(h, [
 *   { nodeId: 'a', score: 10 },
 *   { nodeId: 'a', score: 3 },
 *   { nodeId: 'b', score: 9 },
 * ]);
 * const svg = await renderSvg(comparisonChart(r, 'hq'));
 * svg.startsWith('<svg'); //=> true
 * svg.includes('role="img"'); //=> true
 * ```
 *
 * @param spec - A Vega-Lite v6 spec.
 * @returns The SVG markup.
 * @throws whatever vega-lite or vega throw for a spec they cannot compile or run.
 */
export async function renderSvg(spec: ChartSpec | TopLevelSpec): Promise<string> {
  const vg = compile(spec as TopLevelSpec).spec;
  const view = new View(parse(vg), { renderer: 'none' });
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  const description = (spec as { description?: unknown }).description;
  if (typeof description !== 'string' || description === '') return svg;
  const text = escapeText(description);
  return svg.replace(
    /^<svg\b([^>]*)>/,
    (_, attributes: string) =>
      `<svg${attributes} role="img" aria-label="${text}"><title>${text}</title>`,
  );
}
