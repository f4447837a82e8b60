/**
 * `analyze`: one call that runs what a per-unit report needs (rollup, the node × period cube,
 * latest changes, shift alerts, drivers by owning level, follow-up and quality sections) and
 * returns one plain JSON-serialisable {@link Analysis}, which `describe`, the charts and the
 * report read.
 * @module
 */
import * as z from 'zod/mini';
import type { NpsPrior } from '../core/npsInterval.ts';
import { resolveScheme } from '../core/resolveScheme.ts';
import type { Scheme } from '../core/scheme.ts';
import { type Tally, tallyFromCounts } from '../core/tally.ts';
import type { DriverData } from '../drivers/driverStats.ts';
import { driversByNode } from '../drivers/driversByNode.ts';
import {
  type DriverQuadrant,
  driversByOwner,
  importancePerformance,
  type OwnerImportance,
} from '../drivers/driversByOwner.ts';
import type { ImportanceMetric } from '../drivers/relativeImportance.ts';
import { isNpsInputError, NpsInputError } from '../errors.ts';
import type { FollowUpCase } from '../followup/cases.ts';
import {
  type FollowUpMetrics,
  type FollowUpSla,
  followUpMetrics,
} from '../followup/followUpMetrics.ts';
import { type RollupResult, rollup } from '../hierarchy/rollup.ts';
import type { CalendarInput } from '../kernels/businessTime.ts';
import { isoInZone } from '../kernels/calendar.ts';
import { describe as describeValue } from '../kernels/describe.ts';
import {
  calendarShape,
  confidenceOption,
  intervalShape,
  metricOption,
  minSampleOption,
  placementShape,
  readShape,
} from '../kernels/options.ts';
import { normalizeResponses } from '../kernels/responses.ts';
import { categoryTable, rowScore } from '../kernels/scores.ts';
import type { Hierarchy } from '../kernels/tree.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import { type Audit, type AuditComplianceResult, auditCompliance } from '../quality/audits.ts';
import { type GamingSignalsResult, gamingSignals } from '../quality/gamingSignals.ts';
import {
  type Invitation,
  type ResponseRatesResult,
  responseRates,
} from '../quality/invitations.ts';
import { type SourceEffectsResult, sourceEffects } from '../quality/sourceEffects.ts';
import { type PeriodChange, trendChanges } from '../trend/changes.ts';
import {
  type DetectShiftsOptions,
  type DetectShiftsResult,
  detectShifts,
} from '../trend/detectShifts.ts';
import type { TrendPeriod } from '../trend/trend.ts';
import { type TrendByNodeResult, trendByNode } from '../trend/trendByNode.ts';
import type { NpsIntervalMethod, PeriodSpan, ReadOptions, ResponsesInput } from '../types.ts';

/** A driver of loyalty as {@link analyze} takes it: the ratings key, a display name, the owning level. */
export interface AnalysisDriver {
  /** The key of the driver's rating in each response's `ratings`. */
  readonly id: string;
  /** Display name (default: the id). */
  readonly name?: string | undefined;
  /** The level (a hierarchy level name, e.g. `'store'`, `'head office'`) that owns the lever. */
  readonly owner: string;
}

/**
 * The shift-alert options {@link analyze} passes on to `detectShifts` (its window and chart
 * options). Defaults depend on the period: see {@link analyze}.
 */
export type AnalysisShiftOptions = Pick<
  DetectShiftsOptions,
  | 'recent'
  | 'baseline'
  | 'minSample'
  | 'fdr'
  | 'direction'
  | 'parent'
  | 'chart'
  | 'chartSpan'
  | 'ewma'
  | 'cusum'
  | 'shortWindows'
>;

/**
 * Options of {@link analyze}: the interval, placement, reading and calendar options of `rollup`
 * and `trendByNode` (one vocabulary), plus the inputs of the optional sections.
 */
export interface AnalyzeOptions extends ReadOptions {
  /** Scoring scheme (default `tenPointScheme`). */
  readonly scheme?: Scheme | undefined;
  /** Confidence level of every interval and test (default 0.95). */
  readonly confidence?: number | undefined;
  /** Interval method, as in `npsInterval`. */
  readonly method?: NpsIntervalMethod | undefined;
  /** Dirichlet prior of the `'bayes'` method. */
  readonly prior?: NpsPrior | undefined;
  /** Which structure a dated hierarchy rolls responses up through, as in `rollup`. */
  readonly structure?: 'at-response' | 'as-of' | undefined;
  /**
   * The instant the analysis describes (default: the last response's). It must not be before the
   * last response (the figures would include later answers). It dates the structure reported,
   * ends the last period, and is the follow-up "now".
   */
  readonly asOf?: Date | number | undefined;
  /** A response whose node is missing or unknown: `'error'` (default) or `'exclude'`. */
  readonly onUnknownNode?: 'error' | 'exclude' | undefined;
  /**
   * Minimum number of responses for a group's figures to be published (default 0), applied to
   * the rollup, the cube, follow-up, response rates and audits alike; withheld figures stay
   * withheld in every section (changes and alerts use published cells only).
   */
  readonly minSample?: number | undefined;
  /** Calendar period of the cube and the changes (default `'month'`). */
  readonly period?: TrendPeriod | undefined;
  /** IANA time zone of the calendar (default `'UTC'`). */
  readonly timeZone?: string | undefined;
  /** First day of a week period, 0 Sunday … 6 Saturday (default 1). */
  readonly weekStartsOn?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | undefined;
  /** First instant the cube covers (default: the first response). */
  readonly from?: Date | number | undefined;
  /** Shift-alert options passed to `detectShifts`, or `false` for no alerts. */
  readonly shifts?: AnalysisShiftOptions | false | undefined;
  /** The drivers, for the drivers section (responses must then be rows with `ratings`). */
  readonly drivers?: readonly AnalysisDriver[] | undefined;
  /** Relative-importance metric of the drivers section (default `'lmg'`). */
  readonly driverMetric?: ImportanceMetric | undefined;
  /** Fewest complete responses for a unit's driver analysis (default 30, as `driversByNode`). */
  readonly driverMinSample?: number | undefined;
  /** Follow-up cases, for the follow-up section (`followUpMetrics` per node, `now` = asOf). */
  readonly followUpCases?: readonly FollowUpCase[] | undefined;
  /** Service-level targets of the follow-up section (default: none). */
  readonly followUpSla?: FollowUpSla | undefined;
  /** Working calendar of the follow-up section, as `followUpMetrics`' `calendar`. */
  readonly calendar?: CalendarInput | undefined;
  /** A response field naming who or what collected it (interviewer, channel): `sourceEffects` by it. */
  readonly source?: string | undefined;
  /** Whether to run `gamingSignals` on the responses (default `true`). */
  readonly gaming?: boolean | undefined;
  /** The invitation list, for response rates (`responseRates`). */
  readonly invitations?: readonly Invitation[] | undefined;
  /** Mystery-shopper audits, for compliance (`auditCompliance`). */
  readonly audits?: readonly Audit[] | undefined;
}

/** One unit of the organisation, for navigation. */
export interface AnalysisUnit {
  /** Node id. */
  readonly id: string;
  /** Display name (the id when the hierarchy gives none). */
  readonly name: string;
  /** Level name, or `null`. */
  readonly level: string | null;
  /** Depth: 0 for the root. */
  readonly depth: number;
  /** Parent id, or `null` for a root. */
  readonly parentId: string | null;
  /** Children ids in hierarchy order. */
  readonly childIds: readonly string[];
}

/**
 * A unit's latest period and its changes. Changes compare published cells only; `null` when
 * either side is withheld, empty, or (year ago) not in the cube.
 */
export interface UnitChange {
  /** Node id. */
  readonly id: string;
  /** The latest period (the one holding `asOf`). */
  readonly period: PeriodSpan | null;
  /** Whether the unit's figures in that period are withheld. */
  readonly suppressed: boolean;
  /** NPS of the latest period (`null` when withheld or empty). */
  readonly nps: number | null;
  /** Lower and upper confidence limits of that NPS. */
  readonly low: number | null;
  /** Upper confidence limit. */
  readonly high: number | null;
  /** Respondents in the latest period (`null` when withheld). */
  readonly n: number | null;
  /** Against the previous period (`trendChanges`: independent-samples z test of `compareNps`). */
  readonly previous: PeriodChange | null;
  /** Against the same period a year earlier. */
  readonly yearAgo: PeriodChange | null;
}

/** One unit's drivers: importance by owning level and the importance–performance matrix. */
export interface UnitDrivers {
  /** Node id. */
  readonly id: string;
  /** Complete responses analysed (`null` when the unit's figures are withheld). */
  readonly n: number | null;
  /**
   * Why there is no analysis, else `null`: `'min_sample'` (too few complete responses, or the
   * unit's figures withheld by `minSample`), `'complementary'` (withheld so that a smaller
   * sibling's cannot be derived), or the error code of degenerate data.
   */
  readonly skipped: string | null;
  /** R² of the model (`null` when skipped). */
  readonly r2: number | null;
  /** Importance summed by owning level, largest first (`driversByOwner`). */
  readonly byOwner: readonly OwnerImportance[];
  /** Each driver's quadrant, importance against mean rating (`importancePerformance`). */
  readonly quadrants: readonly DriverQuadrant[];
  /** The drivers owned by this unit's level, most important first: its own levers. */
  readonly ownLevers: readonly string[];
}

/** A driver of an {@link Analysis}: {@link AnalysisDriver} with its name filled in. */
export interface AnalysisDriverInfo {
  /** The key of the driver's rating in each response's `ratings`. */
  readonly id: string;
  /** Display name (the id when none was given). */
  readonly name: string;
  /** The level that owns the lever. */
  readonly owner: string;
}

/** The drivers section of an {@link Analysis}. */
export interface AnalysisDrivers {
  /** The metric of relative importance. */
  readonly metric: ImportanceMetric;
  /** The drivers as given, each with its name (the id when none was given). */
  readonly drivers: readonly AnalysisDriverInfo[];
  /** One entry per unit, in `units` order. */
  readonly units: readonly UnitDrivers[];
}

/** The quality section of an {@link Analysis}: each part `null` when its input was not given. */
export interface AnalysisQuality {
  /** `sourceEffects` by the `source` field. */
  readonly sources: SourceEffectsResult | null;
  /**
   * `gamingSignals` per unit and period; with `minSample`, the unit-periods with fewer answers or
   * withheld in the cube are left out (gamingSignals itself reports every unit's counts).
   */
  readonly gaming: GamingSignalsResult | null;
  /** `responseRates` from the invitation list. */
  readonly responseRates: ResponseRatesResult | null;
  /** `auditCompliance` of the audits. */
  readonly audits: AuditComplianceResult | null;
}

/**
 * The result of {@link analyze}: plain JSON-serialisable data, the input of `describe`, the
 * charts and the report. NPS figures on −100..100, shares on 0..1.
 */
export interface Analysis {
  /** Brand, so that `describe` recognises an analysis. */
  readonly kind: 'npskit.analysis';
  /** The instant described (ISO 8601 with the zone's offset): the last response's unless given. */
  readonly asOf: string;
  /** The IANA zone of the calendar. */
  readonly timeZone: string;
  /** The calendar period of the cube and the changes. */
  readonly period: TrendPeriod;
  /** The scoring scheme used. */
  readonly scheme: Scheme;
  /** Confidence level of every interval and test. */
  readonly confidence: number;
  /** The minimum sample applied to published figures. */
  readonly minSample: number;
  /**
   * Every unit of the reported structure, depth first in hierarchy order: each unit is followed
   * by its subtree (a table of contents; `rollup.nodes` lists them level by level).
   */
  readonly units: readonly AnalysisUnit[];
  /** `rollup` over all responses up to `asOf`. */
  readonly rollup: RollupResult;
  /** The node × period cube (`trendByNode`), ending with the period holding `asOf`. */
  readonly trend: TrendByNodeResult;
  /** Each unit's latest period and its changes, in `units` order. */
  readonly changes: readonly UnitChange[];
  /** Shift alerts on the published cube (`detectShifts`), or `null` with `shifts: false`. */
  readonly shifts: DetectShiftsResult | null;
  /** Drivers by owning level, or `null` without `drivers`. */
  readonly drivers: AnalysisDrivers | null;
  /** `followUpMetrics` per node, or `null` without `followUpCases`. */
  readonly followUp: FollowUpMetrics | null;
  /** The quality section. */
  readonly quality: AnalysisQuality;
}

const optionsSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<AnalyzeOptions>()(
    z.strictObject({
      ...intervalShape(),
      confidence: confidenceOption(),
      ...placementShape(),
      ...readShape(),
      period: z.optional(calendarShape().period),
      timeZone: calendarShape().timeZone,
      weekStartsOn: calendarShape().weekStartsOn,
      from: z.optional(z.unknown()),
      // false, or detectShifts' options (whose keys and values detectShifts checks)
      shifts: z.optional(
        z.custom<AnalysisShiftOptions | false>(
          (v: unknown) => v === false || (typeof v === 'object' && v !== null && !Array.isArray(v)),
          'expected false or an object of detectShifts options',
        ),
      ),
      drivers: z.optional(
        z.array(
          z.strictObject({
            id: z.string(),
            name: z.optional(z.string()),
            owner: z.string(),
          }),
        ),
      ),
      driverMetric: metricOption(),
      driverMinSample: minSampleOption(),
      followUpCases: z.optional(z.array(z.unknown())),
      followUpSla: z.optional(z.unknown()),
      calendar: z.optional(z.unknown()),
      source: z.optional(z.string()),
      gaming: z.optional(z.boolean()),
      invitations: z.optional(z.array(z.unknown())),
      audits: z.optional(z.array(z.unknown())),
    }),
  ),
);

/** Shift-alert windows by period: about a quarter against the year before it, in that period's units. */
const SHIFT_DEFAULTS: Record<TrendPeriod, { recent: number; baseline: number; chartSpan: number }> =
  {
    day: { recent: 7, baseline: 56, chartSpan: 28 },
    week: { recent: 4, baseline: 26, chartSpan: 26 },
    month: { recent: 1, baseline: 12, chartSpan: 6 },
    quarter: { recent: 1, baseline: 4, chartSpan: 4 },
    year: { recent: 1, baseline: 2, chartSpan: 2 },
  };

const FN = 'analyze';

/** Run a step, re-raising its input errors as `analyze`'s (naming the step, and the option path). */
function step<T>(inner: string, at: readonly PropertyKey[], run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (!isNpsInputError(e)) throw e;
    const rest = e.message.startsWith(`${inner}:`)
      ? e.message.slice(inner.length + 1).trim()
      : e.message;
    throw new NpsInputError({
      code: e.code,
      message: `${FN}: ${rest} (in ${inner})`,
      path: [...at, ...e.path],
      ...(e.index === undefined ? {} : { index: e.index }),
      received: e.received,
      issues: e.issues,
      cause: e,
    });
  }
}

const EMPTY: Tally = tallyFromCounts({ promoters: 0, passives: 0, detractors: 0 });

/**
 * Everything a per-unit report needs, in one call and one plain result: the {@link rollup} of
 * all responses, the node × period cube of {@link trendByNode} (period `'month'` by default),
 * each unit's latest period against the previous one and the same period a year earlier
 * ({@link trendChanges}: the independent-samples z test of {@link compareNps}), shift alerts
 * ({@link detectShifts}, Benjamini–Hochberg across units), and, when their inputs are given,
 * drivers by owning level ({@link driversByNode}, {@link driversByOwner},
 * {@link importancePerformance} against each unit's mean ratings), follow-up
 * ({@link followUpMetrics}) and quality ({@link sourceEffects}, {@link gamingSignals},
 * {@link responseRates}, {@link auditCompliance}).
 *
 * `asOf` is the last response's instant unless given (never after the data it describes
 * unless asked). With `minSample`, withheld figures stay withheld throughout: changes compare
 * published cells only, and alerts run on the published cube (a withheld cell counts as an
 * empty period). Shift windows default by period (a `month` cube: the last month against the
 * 12 before it, EWMA over the last 6; `week`: `detectShifts`' own 4 against 26) with
 * `shortWindows: 'shorten'`, so a short series is tested on what it has and says so.
 *
 * @param hierarchy - From `buildHierarchy`.
 * @param responses - Rows `{ nodeId, score, at, ratings?, … }`, columns or tallies (drivers,
 *   sources and gaming need rows); every response needs `at`.
 * @param options - See {@link AnalyzeOptions}; unknown keys are errors.
 * @returns An {@link Analysis}.
 * @throws {@link NpsInputError} `invalid_option` for bad options (also `asOf` before the last
 *   response), and every error of the functions it runs, re-raised as `analyze`'s with the step
 *   named.
 * @example
 * ```ts
 * const h = buildHierarchy([
 *   { id: 'all', parentId: null, level: 'group', name: 'Group' },
 *   { id: 's1', parentId: 'all', level: 'store', name: 'Store 1' },
 *   { id: 's2', parentId: 'all', level: 'store', name: 'Store 2' },
 * ]);
 * const rows = [
 *   { nodeId: 's1', score: 10, at: Date.UTC(2025, 0, 5) },
 *   { nodeId: 's2', score: 3, at: Date.UTC(2025, 0, 9) },
 *   { nodeId: 's1', score: 9, at: Date.UTC(2025, 1, 2) },
 *   { nodeId: 's2', score: 9, at: Date.UTC(2025, 1, 20) },
 * ];
 * const a = analyze(h, rows, { shifts: false, gaming: false });
 * a.asOf; //=> '2025-02-20T00:00:00Z'
 * a.units.map((u) => [u.id, u.childIds]); //=> [['all', ['s1', 's2']], ['s1', []], ['s2', []]]
 * a.changes[0]?.previous?.difference; //=> 100
 * ```
 */
export function analyze(
  hierarchy: Hierarchy,
  responses: ResponsesInput,
  options?: AnalyzeOptions,
): Analysis {
  const o = parseWith(optionsSchema(), options ?? {}, FN, 'options');
  const scheme = resolveScheme(options?.scheme, FN);
  const confidence = o.confidence ?? 0.95;
  const minSample = o.minSample ?? 0;
  const period: TrendPeriod = o.period ?? 'month';
  const timeZone = o.timeZone ?? 'UTC';
  const read = {
    ...(o.coerce === undefined ? {} : { coerce: o.coerce }),
    ...(o.onInvalidScore === undefined ? {} : { onInvalidScore: o.onInvalidScore }),
  };
  const interval = {
    scheme,
    confidence,
    ...(options?.method === undefined ? {} : { method: options.method }),
    ...(options?.prior === undefined ? {} : { prior: options.prior }),
  };
  // The last response's instant (the default asOf).
  const norm = step('analyze', [], () =>
    normalizeResponses(FN, responses, { scheme, at: 'required', read }),
  );
  let last = Number.NEGATIVE_INFINITY;
  const at = norm.at ?? new Float64Array(0);
  // eslint-disable-next-line @typescript-eslint/prefer-for-of
  for (let i = 0; i < at.length; i++) if ((at[i] as number) > last) last = at[i] as number;
  if (!Number.isFinite(last)) {
    throw new NpsInputError({
      code: 'empty',
      message: `${FN}: there are no responses to analyse; pass at least one response with a node, a score and an instant`,
      path: [],
      received: responses,
    });
  }
  let asOfMs = last;
  if (o.asOf !== undefined) {
    const given = o.asOf instanceof Date ? o.asOf.getTime() : o.asOf;
    if (typeof given !== 'number' || !Number.isFinite(given) || given < last) {
      throw new NpsInputError({
        code: 'invalid_option',
        message: `${FN}: options.asOf must be a Date or epoch milliseconds not before the last response (${new Date(last).toISOString()}): the figures include every response given; leave out later responses or asOf, received ${describeValue(o.asOf)}`,
        path: ['asOf'],
        received: o.asOf,
      });
    }
    asOfMs = given;
  }
  const placement = {
    ...(o.structure === undefined ? {} : { structure: o.structure }),
    asOf: asOfMs,
    ...(o.onUnknownNode === undefined ? {} : { onUnknownNode: o.onUnknownNode }),
    minSample,
  };
  const calendar = {
    period,
    timeZone,
    ...(o.weekStartsOn === undefined ? {} : { weekStartsOn: o.weekStartsOn as 0 }),
  };
  const rolled = step('rollup', [], () =>
    rollup(hierarchy, responses, { ...interval, ...placement, ...read }),
  );
  const cube = step('trendByNode', [], () =>
    trendByNode(hierarchy, responses, {
      ...calendar,
      ...interval,
      ...placement,
      ...read,
      ...(options?.from === undefined ? {} : { from: options.from }),
      // asOf after the data is the end of what they describe: a period starting at asOf holds
      // nothing yet, so the last period is the one holding the instant before asOf.
      to: asOfMs > last ? Math.max(last, asOfMs - 1) : asOfMs,
    }),
  );

  // Units depth first (each unit followed by its subtree), as a table of contents reads;
  // rollup lists them level by level, children in hierarchy order.
  const kids = new Map<string, string[]>();
  for (const n of rolled.nodes) {
    if (n.parentId !== null) {
      const list = kids.get(n.parentId);
      if (list === undefined) kids.set(n.parentId, [n.id]);
      else list.push(n.id);
    }
  }
  const units: AnalysisUnit[] = [];
  const visit = (n: (typeof rolled.nodes)[number]): void => {
    const childIds = kids.get(n.id) ?? [];
    units.push({
      id: n.id,
      name: n.name ?? n.id,
      level: n.level,
      depth: n.depth,
      parentId: n.parentId,
      childIds,
    });
    for (const c of childIds) {
      const child = nodeOf.get(c);
      if (child !== undefined) visit(child);
    }
  };
  const nodeOf = new Map(rolled.nodes.map((n) => [n.id, n]));
  for (const n of rolled.nodes) if (n.parentId === null) visit(n);

  // Latest changes, on published cells (a withheld cell is an empty period: no change).
  const lastK = cube.periods.length - 1;
  const latest = cube.periods[lastK] ?? null;
  const byId = new Map(cube.nodes.map((n) => [n.id, n]));
  const changes: UnitChange[] = units.map((u) => {
    const series = byId.get(u.id);
    const point = series?.points[lastK];
    if (series === undefined || point === undefined || latest === null) {
      return {
        id: u.id,
        period: latest,
        suppressed: false,
        nps: null,
        low: null,
        high: null,
        n: null,
        previous: null,
        yearAgo: null,
      };
    }
    const c = trendChanges(
      {
        points: cube.periods.map((p, k) => ({
          start: p.start,
          end: p.end,
          total: series.points[k]?.total ?? EMPTY,
        })),
      },
      { scheme, confidence },
    ).changes[lastK];
    return {
      id: u.id,
      period: latest,
      suppressed: point.suppressed,
      nps: point.nps,
      low: point.low,
      high: point.high,
      n: point.n,
      previous: c?.previous ?? null,
      yearAgo: c?.yearAgo ?? null,
    };
  });

  const shifts =
    o.shifts === false
      ? null
      : step('detectShifts', ['shifts'], () =>
          detectShifts(
            {
              periods: cube.periods,
              nodes: cube.nodes.map((n) => ({ id: n.id, parentId: n.parentId, points: n.points })),
            },
            {
              ...SHIFT_DEFAULTS[period],
              shortWindows: 'shorten',
              ...(o.shifts as AnalysisShiftOptions | undefined),
              scheme,
              confidence,
            },
          ),
        );

  const drivers =
    o.drivers === undefined
      ? null
      : driversSection(
          hierarchy,
          driverRows(responses, scheme, o),
          units,
          rolled,
          o,
          asOfMs,
          scheme,
        );

  const followUp =
    o.followUpCases === undefined
      ? null
      : step('followUpMetrics', ['followUpCases'], () =>
          followUpMetrics(o.followUpCases, {
            now: asOfMs,
            sla: options?.followUpSla ?? {},
            ...(options?.calendar === undefined ? {} : { calendar: options.calendar }),
            hierarchy,
            asOf: asOfMs,
            period,
            timeZone,
            ...(o.weekStartsOn === undefined ? {} : { weekStartsOn: o.weekStartsOn }),
            minSample,
            confidence,
            ...(o.coerce === undefined ? {} : { coerce: o.coerce }),
            ...(o.onUnknownNode === undefined ? {} : { onUnknownNode: o.onUnknownNode }),
          }),
        );

  const table = {
    ...calendar,
    minSample,
    asOf: asOfMs,
    confidence,
    ...(o.onUnknownNode === undefined ? {} : { onUnknownNode: o.onUnknownNode }),
    ...(o.coerce === undefined ? {} : { coerce: o.coerce }),
  };
  const quality: AnalysisQuality = {
    sources:
      o.source === undefined
        ? null
        : step('sourceEffects', [], () =>
            sourceEffects(responses as Parameters<typeof sourceEffects>[0], {
              by: o.source as string,
              scheme,
              ...(minSample > 0 ? { minSample } : {}),
              ...read,
            }),
          ),
    gaming:
      o.gaming === false
        ? null
        : withheldLeftOut(
            cube,
            minSample,
            step('gamingSignals', [], () =>
              gamingSignals(hierarchy, responses, {
                scheme,
                confidence,
                ...calendar,
                ...(o.structure === undefined ? {} : { structure: o.structure }),
                asOf: asOfMs,
                ...(o.onUnknownNode === undefined ? {} : { onUnknownNode: o.onUnknownNode }),
                ...read,
              }),
            ),
          ),
    responseRates:
      o.invitations === undefined
        ? null
        : step('responseRates', ['invitations'], () =>
            responseRates(hierarchy, o.invitations as readonly Invitation[], table),
          ),
    audits:
      o.audits === undefined
        ? null
        : step('auditCompliance', ['audits'], () =>
            auditCompliance(hierarchy, o.audits as readonly Audit[], table),
          ),
  };

  return {
    kind: 'npskit.analysis',
    asOf: isoInZone(timeZone, asOfMs),
    timeZone,
    period,
    scheme,
    confidence,
    minSample,
    units,
    rollup: rolled,
    trend: cube,
    changes,
    shifts,
    drivers,
    followUp,
    quality,
  };
}

/**
 * The gaming section without the unit-periods the cube withholds (and, with a minimum, those
 * below it): `gamingSignals` reports every unit's counts, so the withheld ones are left out.
 */
function withheldLeftOut(
  cube: TrendByNodeResult,
  minSample: number,
  result: GamingSignalsResult,
): GamingSignalsResult {
  if (minSample <= 0) return result;
  const hidden = new Set<string>();
  for (const node of cube.nodes) {
    node.points.forEach((p, k) => {
      if (p.suppressed) hidden.add(`${node.id}\u0000${cube.periods[k]?.label ?? ''}`);
    });
  }
  return {
    ...result,
    units: result.units.filter(
      (u) =>
        u.n >= minSample && !hidden.has(`${u.id}\u0000${result.periods[u.period]?.label ?? ''}`),
    ),
  };
}

/**
 * The rows the drivers section reads, with the reading options the other sections honour: with
 * `coerce`, a numeric-string score becomes its number; with `onInvalidScore: 'exclude'`, a row
 * whose score is not on the scale is left out (the rollup has already counted it in `excluded`).
 * Without either, the rows are passed as they are (the driver analysis then raises the error).
 */
function driverRows(
  responses: ResponsesInput,
  scheme: Scheme,
  o: { readonly coerce?: boolean | undefined; readonly onInvalidScore?: string | undefined },
): ResponsesInput {
  if ((o.coerce !== true && o.onInvalidScore !== 'exclude') || !Array.isArray(responses))
    return responses;
  const table = categoryTable(scheme);
  const min = scheme.scale[0];
  const out: unknown[] = [];
  for (const row of responses as readonly { readonly score?: unknown }[]) {
    const score = rowScore(table, min, row.score, o.coerce === true);
    if (score === undefined) {
      // not on the scale: set aside when asked (the rollup counted it), else left to raise
      if (o.onInvalidScore !== 'exclude') out.push(row);
    } else out.push(score === row.score ? row : { ...row, score });
  }
  return out as ResponsesInput;
}

/**
 * The drivers section: importance per unit (pooled subtree), by owner, and the matrix; a unit
 * whose figures the rollup withholds gets none (no count, no importance).
 */
function driversSection(
  hierarchy: Hierarchy,
  responses: ResponsesInput,
  units: readonly AnalysisUnit[],
  rolled: RollupResult,
  o: {
    readonly drivers?:
      | readonly { id: string; name?: string | undefined; owner: string }[]
      | undefined;
    readonly driverMetric?: unknown;
    readonly driverMinSample?: number | undefined;
    readonly onUnknownNode?: 'error' | 'exclude' | undefined;
  },
  asOfMs: number,
  scheme: Scheme,
): AnalysisDrivers {
  const list = (o.drivers ?? []).map((d) => ({ id: d.id, name: d.name ?? d.id, owner: d.owner }));
  const seen = new Set<string>();
  list.forEach((d, i) => {
    if (seen.has(d.id)) {
      throw new NpsInputError({
        code: 'duplicate_id',
        message: `${FN}: options.drivers lists driver ${describeValue(d.id)} twice (at ${String(i)}); give each driver once`,
        path: ['drivers', i, 'id'],
        received: d.id,
      });
    }
    seen.add(d.id);
  });
  const metric = (o.driverMetric ?? 'lmg') as ImportanceMetric;
  const owners = new Map(list.map((d) => [d.id, d.owner]));
  const result = step('driversByNode', [], () =>
    driversByNode(hierarchy, responses as DriverData, {
      drivers: list.map((d) => d.id),
      metric,
      scheme,
      asOf: asOfMs,
      ...(o.driverMinSample === undefined ? {} : { minSample: o.driverMinSample }),
      ...(o.onUnknownNode === undefined ? {} : { onUnknownNode: o.onUnknownNode }),
    }),
  );
  const byNode = new Map(result.nodes.map((n) => [n.id, n]));
  const withheld = new Map(
    rolled.nodes.filter((n) => n.suppressed).map((n) => [n.id, n.suppression ?? 'min_sample']),
  );
  return {
    metric,
    drivers: list,
    units: units.map((u) => {
      const node = byNode.get(u.id);
      const imp = node?.importance ?? null;
      const hidden = withheld.get(u.id);
      if (node === undefined || imp === null || hidden !== undefined) {
        return {
          id: u.id,
          n: hidden === undefined ? (node?.stats.n ?? 0) : null,
          skipped: hidden ?? node?.skipped ?? 'min_sample',
          r2: null,
          byOwner: [],
          quadrants: [],
          ownLevers: [],
        };
      }
      const performance = new Map(
        node.stats.drivers.map((d, j) => [d, node.stats.means[j + 1] ?? 0]),
      );
      const ranked = [...imp.drivers].sort((a, b) => b.raw - a.raw);
      return {
        id: u.id,
        n: imp.n,
        skipped: null,
        r2: imp.r2,
        byOwner: driversByOwner(imp, owners),
        quadrants: importancePerformance(imp, performance),
        ownLevers: ranked.filter((d) => owners.get(d.driver) === u.level).map((d) => d.driver),
      };
    }),
  };
}
