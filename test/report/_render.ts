// A Vega-Lite → SVG renderer for the tests (vega-lite compile, then a vega View with no
// renderer and toSVG), until src/render/svg.ts (renderSvg) lands.
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export async function renderSvg(spec: Readonly<Record<string, unknown>>): Promise<string> {
  const view = new View(parse(compile(spec as unknown as TopLevelSpec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
