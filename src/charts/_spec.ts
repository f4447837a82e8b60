/**
 * @internal What every chart shares: the spec type, the common options (title, size) and their
 * schema, the check of the result a chart reads, and the number formats of its descriptions.
 */
import * as z from 'zod/mini';
import { NpsInputError } from '../errors.ts';
import { describe } from '../kernels/describe.ts';
import { parseWith } from '../kernels/validate.ts';

/** The Vega-Lite schema every chart spec declares. */
const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** One row of a chart's inlined data: plain JSON values. */
export type ChartDatum = Readonly<Record<string, string | number | boolean | null>>;

/**
 * A Vega-Lite v6 specification as plain JSON: a layered chart whose main table is inlined in
 * `data.values` (auxiliary layers, such as alerts or limits, carry their own `data`). Compile
 * it with vega-lite and render it with vega, or hand it to vega-embed.
 */
export interface ChartSpec {
  /** `'https://vega.github.io/schema/vega-lite/v6.json'`. */
  readonly $schema: typeof VEGA_LITE_SCHEMA;
  /** A sentence saying what the chart shows (for screen readers: Vega puts it in `aria-label`). */
  readonly description: string;
  /** The chart's title. */
  readonly title: string;
  /** Width of the plot area in pixels. */
  readonly width: number;
  /** Height of the plot area in pixels. */
  readonly height: number;
  /** The chart's main table, one row per plotted item. */
  readonly data: {
    /** The rows, inlined. */
    readonly values: readonly ChartDatum[];
  };
  /** The Vega-Lite layers (marks and encodings). */
  readonly layer: readonly unknown[];
  /** Vega-Lite configuration (fonts, axis and view defaults). */
  readonly config?: unknown;
}

/** Options every chart takes. */
export interface ChartOptions {
  /** The title (default: one naming what is shown). */
  readonly title?: string | undefined;
  /** Width of the plot area in pixels (default 560). */
  readonly width?: number | undefined;
  /** Height of the plot area in pixels (default 320; a comparison grows with its units). */
  readonly height?: number | undefined;
}

/** The zod shape of {@link ChartOptions}, spread into each chart's strict schema. */
export const chartShape = () => ({
  title: z.optional(z.string()),
  width: z.optional(z.int().check(z.gte(40), z.lte(10_000))),
  height: z.optional(z.int().check(z.gte(40), z.lte(10_000))),
});

/** A finite number or null (a figure that may be withheld or empty). */
export const nullableNumber = () => z.nullable(z.number());

/** The zod shape of the group figures (`GroupFigures`) a chart reads. */
export const figuresShape = () => ({
  nps: nullableNumber(),
  low: nullableNumber(),
  high: nullableNumber(),
  n: nullableNumber(),
  baseN: nullableNumber(),
  suppressed: z.boolean(),
});

/** What a chart shows of a group: `'published'`, `'suppressed'` (withheld) or `'empty'` (no base). */
export type FigureStatus = 'published' | 'suppressed' | 'empty';

/**
 * A group's figures as chart columns: a suppressed group publishes no value and no counts, an
 * empty one no value (its `n` stays), so that neither is ever drawn as a zero.
 */
export function figureColumns(p: {
  readonly nps: number | null;
  readonly low: number | null;
  readonly high: number | null;
  readonly n: number | null;
  readonly baseN: number | null;
  readonly suppressed: boolean;
}): {
  nps: number | null;
  low: number | null;
  high: number | null;
  n: number | null;
  baseN: number | null;
  status: FigureStatus;
} {
  const status = p.suppressed ? 'suppressed' : p.nps === null ? 'empty' : 'published';
  const shown = status === 'published';
  return {
    nps: shown ? p.nps : null,
    low: shown ? p.low : null,
    high: shown ? p.high : null,
    n: p.suppressed ? null : p.n,
    baseN: p.suppressed ? null : p.baseN,
    status,
  };
}

/**
 * Reads a result with a loose schema of the fields the chart uses: anything else is
 * `invalid_input` naming the function that made such results.
 */
export function readResult<T extends z.ZodMiniType>(
  schema: T,
  value: unknown,
  fn: string,
  producer: string,
): z.output<T> {
  try {
    return parseWith(schema, value, fn, 'result', 'invalid_input');
  } catch (e) {
    if (!(e instanceof NpsInputError)) throw e;
    throw new NpsInputError({
      code: 'invalid_input',
      message: `${e.message} (pass the result of ${producer}())`,
      path: e.path,
      received: value,
      issues: e.issues,
      cause: e,
    });
  }
}

/** The spec skeleton with the common options applied. */
export function spec(
  options: ChartOptions | undefined,
  title: string,
  description: string,
  values: readonly ChartDatum[],
  layer: readonly unknown[],
  height = 320,
): ChartSpec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    description,
    title: options?.title ?? title,
    width: options?.width ?? 560,
    height: options?.height ?? height,
    data: { values },
    layer,
    config: { view: { stroke: null }, axis: { grid: true, gridOpacity: 0.5 } },
  };
}

/** NPS points for a description: whole points, with a real minus sign. */
export function points(v: number): string {
  const r = Math.round(v);
  return r < 0 ? `−${String(-r)}` : String(r === 0 ? 0 : r);
}

/** `'NPS 34 (95% interval 20 to 47)'`, or without the interval when it is missing. */
export function npsText(
  nps: number,
  low: number | null,
  high: number | null,
  confidence: number | null,
): string {
  const level = confidence === null ? '' : `${String(Math.round(confidence * 1000) / 10)}% `;
  return low === null || high === null
    ? `NPS ${points(nps)}`
    : `NPS ${points(nps)} (${level}interval ${points(low)} to ${points(high)})`;
}

/** The unit's display name: its name, or its id when it has none. */
export function unitName(u: {
  readonly id: string;
  readonly name?: string | null | undefined;
}): string {
  return u.name ?? u.id;
}

/** Display labels for units, unique (a name shared by two units gets its id appended). */
export function uniqueLabels(
  units: readonly { readonly id: string; readonly name?: string | null | undefined }[],
): string[] {
  const count = new Map<string, number>();
  for (const u of units) count.set(unitName(u), (count.get(unitName(u)) ?? 0) + 1);
  return units.map((u) =>
    (count.get(unitName(u)) ?? 0) > 1 && u.name != null ? `${u.name} (${u.id})` : unitName(u),
  );
}

/** `unknown_node` for a node id the result does not hold. */
export function unknownNode(
  fn: string,
  nodeId: string,
  path: readonly PropertyKey[],
): NpsInputError {
  return new NpsInputError({
    code: 'unknown_node',
    message: `${fn}: nodeId must be a node of the result, received ${describe(nodeId)}`,
    path,
    received: nodeId,
  });
}
