import * as z from 'zod/mini';
import type { ChartSpec } from '../charts/_spec.ts';
import type { DriverQuadrant, OwnerImportance } from '../drivers/driversByOwner.ts';
import { NpsInputError } from '../errors.ts';
import type { FollowUpMetrics } from '../followup/followUpMetrics.ts';
import type { RollupResult } from '../hierarchy/rollup.ts';
import { describe as describeValue } from '../kernels/describe.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import type { AuditComplianceResult } from '../quality/audits.ts';
import type { GamingSignalsResult } from '../quality/gamingSignals.ts';
import type { ResponseRatesResult } from '../quality/invitations.ts';
import type { PeriodChange } from '../trend/changes.ts';
import type { DetectShiftsResult } from '../trend/detectShifts.ts';
import type { TrendByNodeResult } from '../trend/trendByNode.ts';
import type { PeriodSpan } from '../types.ts';
import { type ChartBlock, comparisonChart, trendChart } from './charts.ts';
import { pageNames } from './files.ts';
import { formats } from './format.ts';
import type { ReportLocale } from './messages.ts';
import { overviewPage, type PageContext, type UnitCharts, unitPage } from './page.ts';
import { readAnalysis } from './read.ts';

export type { ReportLocale } from './messages.ts';

/** One unit's driver analysis in a {@link ReportDrivers} section. */
export interface ReportUnitDrivers {
  /** The unit's id. */
  readonly id: string;
  /** Why it was not run (too few complete answers…), or `null`. */
  readonly skipped: string | null;
  /** Importance by owning level ({@link driversByOwner}). */
  readonly byOwner: readonly OwnerImportance[];
  /** Each driver's priority ({@link importancePerformance}). */
  readonly quadrants: readonly DriverQuadrant[];
  /** The drivers its level owns, most important first. */
  readonly ownLevers: readonly string[];
}

/**
 * The drivers section of a {@link ReportAnalysis}: the drivers and their owning levels, and a
 * driver analysis per unit. A unit's page shows the drivers its level owns, from its own
 * analysis or, where that was skipped, the nearest ancestor's.
 */
export interface ReportDrivers {
  /** The drivers: rating key, display name, owning level. */
  readonly drivers: readonly {
    /** The key of the driver's rating. */
    readonly id: string;
    /** Its display name. */
    readonly name: string;
    /** The level that owns it. */
    readonly owner: string;
  }[];
  /** One analysis per unit. */
  readonly units: readonly ReportUnitDrivers[];
}

/** The survey-quality section of a {@link ReportAnalysis}. */
export interface ReportQuality {
  /** Response rates per node ({@link responseRates}). */
  readonly responseRates?: ResponseRatesResult | null | undefined;
  /** Mystery-shopper compliance per node ({@link auditCompliance}). */
  readonly audits?: AuditComplianceResult | null | undefined;
  /** Suspicious score patterns per unit ({@link gamingSignals}); the latest period's flags are shown. */
  readonly gaming?: GamingSignalsResult | null | undefined;
}

/** A unit's latest period and its changes, in a {@link ReportAnalysis}. */
export interface ReportChange {
  /** The unit's id. */
  readonly id: string;
  /** The latest period, or `null`. */
  readonly period: PeriodSpan | null;
  /** Whether the unit's figures in that period are withheld. */
  readonly suppressed: boolean;
  /** Against the previous period ({@link trendChanges}). */
  readonly previous: PeriodChange | null;
  /** Against the same period a year earlier. */
  readonly yearAgo: PeriodChange | null;
}

/**
 * What {@link reportPack} reads: the results of one analysis of a hierarchy, shaped as
 * `analyze` returns them. Only `rollup` is required; each other section adds its part to the
 * pages when present.
 */
export interface ReportAnalysis {
  /** The hierarchy's figures ({@link rollup}): one page per node. */
  readonly rollup: RollupResult;
  /** The node × period cube ({@link trendByNode}): each unit's trend chart. */
  readonly trend?: TrendByNodeResult | null | undefined;
  /** Each unit's latest period and its changes. */
  readonly changes?: readonly ReportChange[] | null | undefined;
  /** Shift alerts ({@link detectShifts} on the cube), listed on their unit's page. */
  readonly shifts?: DetectShiftsResult | null | undefined;
  /** Drivers by owning level. */
  readonly drivers?: ReportDrivers | null | undefined;
  /** Follow-up of unhappy customers per node ({@link followUpMetrics} with a hierarchy). */
  readonly followUp?: FollowUpMetrics | null | undefined;
  /** Survey quality per node. */
  readonly quality?: ReportQuality | null | undefined;
  /** The instant the figures describe, ISO 8601; its date is shown. */
  readonly asOf?: string | null | undefined;
}

/** A finding shown on its unit's page (as `describe` returns them). */
export interface ReportFinding {
  /** The unit it is about (`null`: the organisation as a whole, shown on the root's page). */
  readonly unitId: string | null;
  /** The sentence, in the report's locale. */
  readonly text: string;
  /** Whether it states a statistically significant result. */
  readonly significant?: boolean | undefined;
}

/** Options of {@link reportPack}. */
export interface ReportPackOptions {
  /** The language of the pages: `'en'` (default), `'ru'` or `'uk'`. */
  readonly locale?: ReportLocale | undefined;
  /**
   * Renders a Vega-Lite spec to an SVG string (e.g. with vega-lite and vega). Without it, each
   * chart's data is shown as a table.
   */
  readonly render?: ((spec: ChartSpec) => Promise<string>) | undefined;
  /** The report's title (default: "NPS report" in the locale). */
  readonly title?: string | undefined;
  /** Findings to show on their units' pages. */
  readonly findings?: readonly ReportFinding[] | undefined;
}

/** One file of a {@link ReportPack}. */
export interface ReportFile {
  /** Path inside the pack's folder (a bare file name: `index.html`, `north-1a2b3c4d.html`). */
  readonly path: string;
  /** The file's text (UTF-8). */
  readonly contents: string;
}

/** The result of {@link reportPack}. */
export interface ReportPack {
  /** The pages: `index.html` first, then one per unit in the hierarchy's order. */
  readonly files: readonly ReportFile[];
}

const optionsSchema = /* @__PURE__ */ lazy(() =>
  z.optional(
    exactKeys<ReportPackOptions>()(
      z.strictObject({
        locale: z.optional(z.enum(['en', 'ru', 'uk'])),
        render: z.optional(
          z.custom<NonNullable<ReportPackOptions['render']>>(
            (v) => typeof v === 'function',
            'expected a function (spec) => Promise<string>',
          ),
        ),
        title: z.optional(z.string()),
        findings: z.optional(z.unknown()),
      }),
    ),
  ),
);

const FN = 'reportPack';

/** `build()`, with a chart's typed error restated as reportPack's (same code, path under `analysis`). */
function asReportError<T>(build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (!(e instanceof NpsInputError)) throw e;
    throw new NpsInputError({
      code: e.code,
      message: `${FN}: the analysis cannot be charted: ${e.message}`,
      path: ['analysis', ...e.path],
      received: e.received,
      cause: e,
    });
  }
}

/** A start tag, whose quoted attribute values may hold `>`. */
const TAG = /<[a-z](?:"[^"]*"|'[^']*'|[^'">])*>/gi;

/** Whether a start tag has an event-handler attribute (`on…=`), outside its quoted values. */
const hasHandler = (s: string): boolean =>
  (s.match(TAG) ?? []).some((tag) => /[\s/]on\w+\s*=/i.test(tag.replace(/"[^"]*"|'[^']*'/g, '""')));

/** The SVG markup of a render result, or a typed error: an `<svg>` element and no script. */
function checkedSvg(svg: unknown): string {
  const s = typeof svg === 'string' ? svg.replace(/^\s*(<\?xml[^>]*\?>\s*)?/, '') : '';
  if (!/^<svg[\s>]/.test(s) || !/<\/svg>\s*$/.test(s) || /<script/i.test(s) || hasHandler(s)) {
    throw new NpsInputError({
      code: 'invalid_input',
      message: `${FN}: options.render must resolve to the markup of one <svg> element without scripts, received ${describeValue(svg)}`,
      path: ['options', 'render'],
      received: svg,
    });
  }
  return s.trimEnd();
}

/**
 * A self-contained HTML report for every level of an organisation: one page per unit (the
 * group, each division, region and store), each with its NPS, interval and number of
 * respondents, its trend chart, its comparison with its parent and siblings (chart and table,
 * one legend for the significance mark: Benjamini–Hochberg across the units of the level), the
 * drivers its level owns, its follow-up and survey-quality figures where the analysis has them,
 * and its findings; a breadcrumb up to the root and links down to the units below. A unit whose
 * figures are withheld (`minSample`) shows no figures, only a sentence saying why.
 *
 * No I/O: the pack is returned as strings, for the caller to write (the CLI's `--out`). Each
 * page opens on its own without the network: styles inlined, no scripts, charts inlined as SVG
 * from `render` (or, without `render`, their data as tables). Text is escaped everywhere; page
 * file names are derived from the ids so that any id (`__proto__`, `a/b`, ids differing only
 * in case) gets its own safe name.
 *
 * @param analysis - The results to report (see {@link ReportAnalysis}).
 * @param options - `locale` (`'en'`), `render`, `title`, `findings`.
 * @returns A promise of the pack: `index.html` (the root's page; with several roots an
 *   overview of them) and one page per other unit.
 * @throws {@link NpsInputError} (synchronously, before any rendering) `invalid_option` for bad
 *   options, `invalid_input` (with the path, e.g. `['analysis', 'rollup', 'nodes', 2, 'nps']`)
 *   for an analysis that is not shaped as documented, `duplicate_id` for a node listed twice,
 *   `unknown_node` for a finding about a unit the analysis does not have;
 *   the promise rejects with `invalid_input` when `render` resolves to anything but one SVG
 *   element, or with `render`'s own error.
 * @example
 * ```ts
 * const h = buildHierarchy([
 *   { id: 'all', parentId: null, level: 'group', name: 'Group' },
 *   { id: 's1', parentId: 'all', level: 'store', name: 'Store <1> & Co' },
 * ]);
 * const rows = [{ nodeId: 's1', score: 10 }, { nodeId: 's1', score: 9 }, { nodeId: 's1', score: 3 }];
 * const pack = await reportPack({ rollup: rollup(h, rows) });
 * pack.files.map((f) => f.path); //=> ['index.html', 's1-0851b8c9.html']
 * pack.files[1].contents.includes('<h1>Store &lt;1&gt; &amp; Co</h1>'); //=> true
 * ```
 */
export function reportPack(
  analysis: ReportAnalysis,
  options?: ReportPackOptions,
): Promise<ReportPack> {
  const o = parseWith(optionsSchema(), options, FN, 'options');
  const model = readAnalysis(analysis, o?.findings);
  const f = formats(o?.locale ?? 'en');
  const title = o?.title ?? f.m.report;
  const rootId = model.roots.length === 1 ? (model.roots[0] ?? null) : null;
  const files = pageNames(
    model.units.map((u) => u.id),
    rootId,
    ['index.html'],
  );
  const charts = new Map<string, UnitCharts>();
  const blocks: ChartBlock[] = [];
  const cube = analysis.trend ?? null;
  const shifts = analysis.shifts ?? null;
  for (const unit of model.units) {
    const c: UnitCharts = unit.suppressed
      ? { trend: null, comparison: null }
      : asReportError(() => ({
          trend: cube === null ? null : trendChart(unit, f, model.confidence, cube, shifts),
          comparison: comparisonChart(unit, model, f, analysis.rollup),
        }));
    charts.set(unit.id, c);
    if (c.trend !== null) blocks.push(c.trend);
    if (c.comparison !== null) blocks.push(c.comparison);
  }
  const build = (svgs: ReadonlyMap<ChartBlock, string>): ReportPack => {
    const ctx: PageContext = { model, f, title, files, svg: (c) => svgs.get(c) ?? null };
    const out: ReportFile[] = [];
    if (rootId === null) out.push({ path: 'index.html', contents: overviewPage(ctx) });
    for (const unit of model.units) {
      out.push({
        path: files.get(unit.id) ?? '',
        contents: unitPage(unit, charts.get(unit.id) ?? { trend: null, comparison: null }, ctx),
      });
    }
    if (rootId !== null) {
      // the root's page first
      const k = out.findIndex((x) => x.path === 'index.html');
      out.unshift(...out.splice(k, 1));
    }
    return { files: out };
  };
  const render = o?.render;
  if (render === undefined) return Promise.resolve(build(new Map()));
  return (async () => {
    const svgs = new Map<ChartBlock, string>();
    for (const block of blocks) svgs.set(block, checkedSvg(await render(block.spec)));
    return build(svgs);
  })();
}
