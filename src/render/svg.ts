/**
 * The SVG renderer of chart specs: compiles a Vega-Lite spec with vega-lite and renders it
 * headless with vega. The only module that imports vega; not part of the main index (the
 * library and its presentation layer stay free of it), used by the CLI, the report's callers
 * and the tests.
 */
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { ChartSpec } from '../charts/_spec.ts';

/**
 * Renders a chart spec (from `trendChart`, `funnelChart`…) to a standalone SVG string: the
 * Vega-Lite spec is compiled to Vega (`compile(spec).spec`) and drawn by a headless Vega view
 * (`renderer: 'none'`, `toSVG()`), so no browser or canvas is needed. Vega writes the spec's
 * `description` into the SVG's `aria-label`.
 *
 * @param spec - A Vega-Lite v6 spec.
 * @returns The SVG markup.
 */
export async function renderSvg(spec: ChartSpec | TopLevelSpec): Promise<string> {
  const vg = compile(spec as TopLevelSpec).spec;
  const view = new View(parse(vg), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
