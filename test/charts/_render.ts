// Compile a chart spec with vega-lite and render it with vega, and read marks out of the SVG.
import { compile, type TopLevelSpec } from 'vega-lite';
import type { ChartSpec } from '../../src/charts/_spec.ts';
import { renderSvg } from '../../src/render/svg.ts';

/** The compiled Vega spec's inline datasets, by name. */
export function vegaData(spec: ChartSpec): Map<string, unknown[]> {
  const vg = compile(spec as unknown as TopLevelSpec).spec;
  const out = new Map<string, unknown[]>();
  for (const d of vg.data ?? [])
    if ('values' in d && Array.isArray(d.values)) out.set(d.name, d.values as unknown[]);
  return out;
}

/** The SVG and, per mark layer (`layer_0_marks`…), its mark type and element markup. */
export interface Rendered {
  readonly svg: string;
  /** Mark groups in drawing order: `{ type: 'line' | 'area' | 'symbol' | 'rule' | 'text' | 'rect', body }`. */
  readonly marks: readonly {
    readonly type: string;
    readonly name: string;
    readonly body: string;
  }[];
}

export async function render(spec: ChartSpec): Promise<Rendered> {
  const svg = await renderSvg(spec);
  const marks: { type: string; name: string; body: string }[] = [];
  // a mark group is <g …>items</g>, or <g …/> when it draws nothing; items hold no <g>
  const re = /<g class="mark-([a-z]+) role-mark ([a-z0-9_]+)"[^>]*?(\/>|>(.*?)<\/g>)/g;
  for (const m of svg.matchAll(re))
    marks.push({ type: m[1] ?? '', name: m[2] ?? '', body: m[4] ?? '' });
  return { svg, marks };
}

/** The number of drawn items (path, line, text, rect elements) in a mark group's markup. */
export function items(body: string): number {
  return (body.match(/<(path|line|text|rect)\b/g) ?? []).length;
}

/** The number of separate runs (`M` commands) of a line or area path. */
export function runs(body: string): number {
  const d = /\sd="([^"]*)"/.exec(body)?.[1] ?? '';
  return (d.match(/M/g) ?? []).length;
}
