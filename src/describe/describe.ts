/**
 * `describe`: plain-language findings per unit from an analysis or a single result, in English,
 * Russian or Ukrainian. The sentences live in ./messages (one catalogue per locale); this file
 * decides what may be said: a direction only for a significant change, no figure for a withheld
 * unit, an alert with the method that raised it.
 * @module
 */
import * as z from 'zod/mini';
import { NpsInputError } from '../errors.ts';
import { describe as describeValue } from '../kernels/describe.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import type { TrendPeriod } from '../types.ts';
import { formatter } from './format.ts';
import { en } from './messages/en.ts';
import { ru } from './messages/ru.ts';
import type { Direction, Formatter, Messages } from './messages/types.ts';
import { uk } from './messages/uk.ts';

/** The languages `describe` writes. */
export type DescribeLocale = 'en' | 'ru' | 'uk';

/** Options of {@link describe}. */
export interface DescribeOptions {
  /** The language: `'en'`, `'ru'` or `'uk'`. */
  readonly locale: DescribeLocale;
  /** Only the findings of this unit (a node id of the result). */
  readonly unitId?: string | undefined;
}

/**
 * What a finding is about: `'summary'` (a unit's NPS, its change against the previous period and
 * its biggest own lever; for a rollup, against its parent), `'year_ago'` (against the same period
 * a year earlier), `'alert'` (a shift alert), `'withheld'` (figures withheld), `'empty'` (no
 * answers), `'no_base'` (answers, but none from a promoter or a detractor).
 */
export type FindingKind = 'summary' | 'year_ago' | 'alert' | 'withheld' | 'empty' | 'no_base';

/** The figures behind a finding (NPS figures in points; absent where the finding has none). */
export interface FindingFigures {
  /** NPS of the period (summary). */
  readonly nps?: number | null;
  /** Lower confidence limit of the NPS. */
  readonly low?: number | null;
  /** Upper confidence limit of the NPS. */
  readonly high?: number | null;
  /** Respondents. */
  readonly n?: number | null;
  /** The change or difference in NPS points. */
  readonly difference?: number | null;
  /** Its two-sided p-value (changes: unadjusted, `compareNps`). */
  readonly pValue?: number | null;
  /** Benjamini–Hochberg q-value (alerts and rollup comparisons with the parent). */
  readonly qValue?: number | null;
  /** Start (ISO) of the period described. */
  readonly period?: string | null;
  /** Start (ISO) of the period compared against. */
  readonly against?: string | null;
  /** Start (ISO) of an alert's recent stretch. */
  readonly since?: string | null;
  /** The minimum sample (withheld findings). */
  readonly minSample?: number | null;
  /** The detector of an alert. */
  readonly detector?: string | null;
  /** The id of the unit's biggest own lever. */
  readonly driver?: string | null;
}

/** One plain-language finding. */
export interface Finding {
  /** The unit's id (`null` for a result about no unit, such as a trend of all responses). */
  readonly unitId: string | null;
  /** The unit's display name (its id when it has none; `null` with `unitId`). */
  readonly unitName: string | null;
  /** What the finding is about. */
  readonly kind: FindingKind;
  /** The sentence, in the locale. */
  readonly text: string;
  /**
   * Whether the finding states a statistically significant change, difference or alert; only
   * then does its text give a direction ("down", "снижение", "зниження").
   */
  readonly significant: boolean;
  /** The figures the sentence is built from. */
  readonly figures: FindingFigures;
}

const CATALOGUES: Readonly<Record<DescribeLocale, Messages>> = { en, ru, uk };

const optionsSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<DescribeOptions>()(
    z.strictObject({
      locale: z.enum(['en', 'ru', 'uk']),
      unitId: z.optional(z.string()),
    }),
  ),
);

const periods = ['day', 'week', 'month', 'quarter', 'year'] as const;
const reasons = ['min_sample', 'complementary'] as const;

/** The result shapes `describe` reads (only the fields it reads; the rest is ignored). */
const schemas = /* @__PURE__ */ lazy(() => {
  const nnum = z.nullable(z.number());
  const change = z.nullable(
    z.object({
      against: z.string(),
      difference: z.number(),
      pValue: z.number(),
      significant: z.boolean(),
    }),
  );
  const shifts = z.object({
    asOf: z.string(),
    tests: z.number(),
    alerts: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(['drop', 'rise']),
        detector: z.enum(['window', 'parent', 'ewma', 'cusum']),
        difference: z.number(),
        since: z.string(),
        qValue: nnum,
      }),
    ),
  });
  const changes = z.object({
    period: z.nullable(z.enum(periods)),
    confidence: z.number(),
    changes: z.array(z.object({ start: z.string(), nps: nnum, previous: change, yearAgo: change })),
  });
  const rollup = z.object({
    minSample: z.number(),
    confidence: z.number(),
    nodes: z.array(
      z.object({
        id: z.string(),
        name: z.nullable(z.string()),
        parentId: z.nullable(z.string()),
        n: nnum,
        nps: nnum,
        low: nnum,
        high: nnum,
        suppressed: z.boolean(),
        suppression: z.nullable(z.enum(reasons)),
        vsParent: z.nullable(z.object({ difference: z.number(), qValue: z.number() })),
      }),
    ),
  });
  const analysis = z.object({
    kind: z.literal('npskit.analysis'),
    period: z.enum(periods),
    minSample: z.number(),
    confidence: z.number(),
    units: z.array(z.object({ id: z.string(), name: z.string() })),
    changes: z.array(
      z.object({
        id: z.string(),
        period: z.nullable(z.object({ start: z.string() })),
        suppressed: z.boolean(),
        nps: nnum,
        low: nnum,
        high: nnum,
        n: nnum,
        previous: change,
        yearAgo: change,
      }),
    ),
    trend: z.object({
      nodes: z.array(
        z.object({
          id: z.string(),
          points: z.array(z.object({ suppression: z.nullable(z.enum(reasons)) })),
        }),
      ),
    }),
    shifts: z.nullable(shifts),
    drivers: z.nullable(
      z.object({
        drivers: z.array(z.object({ id: z.string(), name: z.string() })),
        units: z.array(z.object({ id: z.string(), ownLevers: z.array(z.string()) })),
      }),
    ),
  });
  return { shifts, changes, rollup, analysis };
});

type Schemas = ReturnType<typeof schemas>;
type ChangeIn = z.output<Schemas['changes']>['changes'][number]['previous'];

/** What every describer gets: the locale's messages and formatter, and the unit filter. */
interface Ctx {
  readonly m: Messages;
  readonly f: Formatter;
  readonly unitId: string | undefined;
}

/** The wall-clock date of an ISO instant with offset: its first 10 characters. */
const dateOf = (iso: string): string => iso.slice(0, 10);

/** "NPS 34 (±6)": ± when the interval is symmetric to within a point, else the range. */
function figure(ctx: Ctx, nps: number, low: number | null, high: number | null): string {
  const { m, f } = ctx;
  if (low === null || high === null) return m.nps({ nps: f.num(nps), margin: null, range: null });
  const up = high - nps;
  const down = nps - low;
  return Math.abs(up - down) <= 1
    ? m.nps({ nps: f.num(nps), margin: f.num(Math.round((up + down) / 2)), range: null })
    : m.nps({ nps: f.num(nps), margin: null, range: f.range(low, high) });
}

/** The change clause and whether it is significant (a direction only when it is). */
function changeClause(
  ctx: Ctx,
  c: NonNullable<ChangeIn>,
  period: TrendPeriod,
  current: string,
): string {
  const since = ctx.m.since(
    {
      period,
      date: dateOf(c.against),
      sameYear: dateOf(c.against).slice(0, 4) === current.slice(0, 4),
    },
    ctx.f,
  );
  return c.significant
    ? ctx.m.change({ direction: dirOf(c.difference), points: Math.abs(c.difference), since }, ctx.f)
    : ctx.m.noChange({ since });
}

const dirOf = (difference: number): Direction => (difference < 0 ? 'down' : 'up');

function yearAgoFinding(
  ctx: Ctx,
  unitId: string | null,
  unitName: string | null,
  c: NonNullable<ChangeIn>,
  period: TrendPeriod,
  start: string,
): Finding {
  const name = unitName ?? ctx.m.overall;
  return {
    unitId,
    unitName,
    kind: 'year_ago',
    text: ctx.m.yearAgo(
      {
        unit: name,
        period: ctx.m.periodName({ period, date: dateOf(c.against) }, ctx.f),
        direction: c.significant ? dirOf(c.difference) : null,
        points: Math.abs(c.difference),
      },
      ctx.f,
    ),
    significant: c.significant,
    figures: { difference: c.difference, pValue: c.pValue, period: start, against: c.against },
  };
}

function alertFinding(
  ctx: Ctx,
  a: z.output<Schemas['shifts']>['alerts'][number],
  name: string,
): Finding {
  return {
    unitId: a.id,
    unitName: name,
    kind: 'alert',
    text: ctx.m.alert(
      {
        unit: name,
        direction: a.kind === 'drop' ? 'down' : 'up',
        points: Math.abs(a.difference),
        since: dateOf(a.since),
        detector: a.detector,
        q: a.qValue === null ? null : ctx.f.prob(a.qValue),
      },
      ctx.f,
    ),
    significant: true,
    figures: { difference: a.difference, qValue: a.qValue, since: a.since, detector: a.detector },
  };
}

function withheldFinding(
  ctx: Ctx,
  unitId: string,
  name: string,
  during: string | null,
  reason: 'min_sample' | 'complementary',
  minSample: number,
): Finding {
  return {
    unitId,
    unitName: name,
    kind: 'withheld',
    text: ctx.m.withheld({ unit: name, during, reason, minSample }, ctx.f),
    significant: false,
    figures: { minSample },
  };
}

function describeAnalysis(ctx: Ctx, a: z.output<Schemas['analysis']>): Finding[] {
  const { m, f } = ctx;
  const names = new Map(a.units.map((u) => [u.id, u.name]));
  const driverNames = new Map((a.drivers?.drivers ?? []).map((d) => [d.id, d.name]));
  const levers = new Map((a.drivers?.units ?? []).map((u) => [u.id, u.ownLevers[0] ?? null]));
  const cells = new Map(a.trend.nodes.map((n) => [n.id, n.points[n.points.length - 1] ?? null]));
  const out: Finding[] = [];
  for (const c of a.changes) {
    if (ctx.unitId !== undefined && c.id !== ctx.unitId) continue;
    const name = names.get(c.id) ?? c.id;
    const start = c.period?.start ?? null;
    const during = start === null ? null : m.during({ period: a.period, date: dateOf(start) }, f);
    if (c.suppressed) {
      const reason = cells.get(c.id)?.suppression ?? 'min_sample';
      out.push(withheldFinding(ctx, c.id, name, during, reason, a.minSample));
    } else if (c.n === null || c.n === 0) {
      out.push({
        unitId: c.id,
        unitName: name,
        kind: 'empty',
        text: m.empty({ unit: name, during }),
        significant: false,
        figures: { n: c.n ?? 0, period: start },
      });
    } else if (c.nps === null) {
      out.push({
        unitId: c.id,
        unitName: name,
        kind: 'no_base',
        text: m.noBase({ unit: name, during, n: c.n }, f),
        significant: false,
        figures: { n: c.n, period: start },
      });
    } else {
      const lever = levers.get(c.id) ?? null;
      out.push({
        unitId: c.id,
        unitName: name,
        kind: 'summary',
        text: m.summary(
          {
            unit: name,
            figure: figure(ctx, c.nps, c.low, c.high),
            during,
            n: c.n,
            change:
              c.previous === null || start === null
                ? null
                : changeClause(ctx, c.previous, a.period, dateOf(start)),
            lever: lever === null ? null : m.lever({ driver: driverNames.get(lever) ?? lever }),
          },
          f,
        ),
        significant: c.previous?.significant ?? false,
        figures: {
          nps: c.nps,
          low: c.low,
          high: c.high,
          n: c.n,
          difference: c.previous?.difference ?? null,
          pValue: c.previous?.pValue ?? null,
          period: start,
          against: c.previous?.against ?? null,
          driver: lever,
        },
      });
    }
    if (!c.suppressed && c.yearAgo !== null && start !== null) {
      out.push(yearAgoFinding(ctx, c.id, name, c.yearAgo, a.period, start));
    }
  }
  for (const alert of a.shifts?.alerts ?? []) {
    if (ctx.unitId !== undefined && alert.id !== ctx.unitId) continue;
    out.push(alertFinding(ctx, alert, names.get(alert.id) ?? alert.id));
  }
  return out;
}

function describeRollup(ctx: Ctx, r: z.output<Schemas['rollup']>): Finding[] {
  const { m, f } = ctx;
  const names = new Map(r.nodes.map((n) => [n.id, n.name ?? n.id]));
  const alpha = 1 - r.confidence;
  const out: Finding[] = [];
  for (const n of r.nodes) {
    if (ctx.unitId !== undefined && n.id !== ctx.unitId) continue;
    const name = names.get(n.id) ?? n.id;
    if (n.suppressed) {
      out.push(withheldFinding(ctx, n.id, name, null, n.suppression ?? 'min_sample', r.minSample));
    } else if (n.n === null || n.n === 0) {
      out.push({
        unitId: n.id,
        unitName: name,
        kind: 'empty',
        text: m.empty({ unit: name, during: null }),
        significant: false,
        figures: { n: 0 },
      });
    } else if (n.nps === null) {
      out.push({
        unitId: n.id,
        unitName: name,
        kind: 'no_base',
        text: m.noBase({ unit: name, during: null, n: n.n }, f),
        significant: false,
        figures: { n: n.n },
      });
    } else {
      const v = n.vsParent;
      const significant = v !== null && v.qValue < alpha;
      const parent = n.parentId === null ? null : (names.get(n.parentId) ?? n.parentId);
      out.push({
        unitId: n.id,
        unitName: name,
        kind: 'summary',
        text: m.summary(
          {
            unit: name,
            figure: figure(ctx, n.nps, n.low, n.high),
            during: null,
            n: n.n,
            change:
              v === null || parent === null
                ? null
                : m.vsParent(
                    {
                      parent,
                      direction: significant ? (v.difference < 0 ? 'below' : 'above') : null,
                      points: Math.abs(v.difference),
                      q: f.prob(v.qValue),
                    },
                    f,
                  ),
            lever: null,
          },
          f,
        ),
        significant,
        figures: {
          nps: n.nps,
          low: n.low,
          high: n.high,
          n: n.n,
          difference: v?.difference ?? null,
          qValue: v?.qValue ?? null,
        },
      });
    }
  }
  return out;
}

function describeChanges(ctx: Ctx, c: z.output<Schemas['changes']>): Finding[] {
  const last = c.changes[c.changes.length - 1];
  if (last === undefined || c.period === null || ctx.unitId !== undefined) return [];
  const { m, f } = ctx;
  const during = m.during({ period: c.period, date: dateOf(last.start) }, f);
  const out: Finding[] = [];
  if (last.nps === null) {
    out.push({
      unitId: null,
      unitName: null,
      kind: 'no_base',
      text: m.noBase({ unit: m.overall, during, n: null }, f),
      significant: false,
      figures: { period: last.start },
    });
  } else {
    out.push({
      unitId: null,
      unitName: null,
      kind: 'summary',
      text: m.summary(
        {
          unit: m.overall,
          figure: figure(ctx, last.nps, null, null),
          during,
          n: null,
          change:
            last.previous === null
              ? null
              : changeClause(ctx, last.previous, c.period, dateOf(last.start)),
          lever: null,
        },
        f,
      ),
      significant: last.previous?.significant ?? false,
      figures: {
        nps: last.nps,
        difference: last.previous?.difference ?? null,
        pValue: last.previous?.pValue ?? null,
        period: last.start,
        against: last.previous?.against ?? null,
      },
    });
  }
  if (last.yearAgo !== null)
    out.push(yearAgoFinding(ctx, null, null, last.yearAgo, c.period, last.start));
  return out;
}

function describeShifts(ctx: Ctx, s: z.output<Schemas['shifts']>): Finding[] {
  return s.alerts
    .filter((a) => ctx.unitId === undefined || a.id === ctx.unitId)
    .map((a) => alertFinding(ctx, a, a.id));
}

const has = (x: object, key: string): boolean => Object.hasOwn(x, key);

/**
 * Plain-language findings, unit by unit, from an {@link analyze} result or one of the results
 * it is built from: short sentences such as "Region North: NPS 34 (±6) in November 2026,
 * 812 answers; down 9 points since October, significant; the biggest lever it owns: speed of
 * service." in English, Russian or Ukrainian.
 *
 * A finding says only what the statistics support: a change gets a direction ("down",
 * "снижение", "зниження") only when its test is significant (the change's own `significant`:
 * the two-sided p-value of `compareNps`' independent-samples z test below 1 − confidence;
 * for a rollup, the Benjamini–Hochberg q-value of the comparison with the parent across the
 * level), and otherwise "no significant change"; withheld units say so and give no figure;
 * alerts name their method (window test with its Benjamini–Hochberg q-value, EWMA or CUSUM
 * chart). The interval is written "±6" when symmetric to within a point, else as a range.
 * Messages are kept per locale in src/describe/messages (en.ts, ru.ts, uk.ts); numbers and dates
 * are written by `Intl.NumberFormat` and `Intl.DateTimeFormat`, plural forms chosen by
 * `Intl.PluralRules` ("1 ответ, 2 ответа, 5 ответов").
 *
 * Accepted results (recognised by their shape): an `Analysis` (summary, year-ago and alert
 * findings per unit), a `RollupResult` (each node against its parent), a `TrendChangesResult`
 * (its last period, about all the responses of the series) and a `DetectShiftsResult` (one
 * finding per alert; units named by id).
 *
 * @param result - An `Analysis`, `RollupResult`, `TrendChangesResult` or `DetectShiftsResult`.
 * @param options - `locale` (`'en'`, `'ru'`, `'uk'`), `unitId` (only that unit's findings).
 * @returns The findings, unit by unit in the result's order (alerts last).
 * @throws {@link NpsInputError} `invalid_input` for a result of another shape (the message
 *   lists the accepted ones) or a malformed one, `invalid_option` for bad options,
 *   `unknown_node` for a `unitId` the result does not have.
 * @example
 * ```ts
 * const h = buildHierarchy([
 *   { id: 'all', parentId: null, name: 'Group' },
 *   { id: 's1', parentId: 'all', name: 'Store 1' },
 *   { id: 's2', parentId: 'all', name: 'Store 2' },
 * ]);
 * const rows = [
 *   ...Array.from({ length: 40 }, (_, i) => ({ nodeId: 's1', score: i % 4 === 0 ? 3 : 10 })),
 *   ...Array.from({ length: 40 }, (_, i) => ({ nodeId: 's2', score: i % 4 === 0 ? 10 : 3 })),
 * ];
 * const findings = describe(rollup(h, rows), { locale: 'en' });
 * findings[1]?.text;
 * //=> 'Store 1: NPS 50 (20–72), 40 answers; 50 points above Group, significant (Benjamini–Hochberg q < 0.001 across the units of this level).'
 * describe(rollup(h, rows), { locale: 'ru', unitId: 's2' })[0]?.text;
 * //=> 'Store 2: NPS -50 (-72 – -20), 40 ответов; на 50 пунктов ниже, чем «Group», статистически значимо (q Бенджамини — Хохберга < 0,001 по подразделениям этого уровня).'
 * ```
 */
export function describe(result: unknown, options: DescribeOptions): readonly Finding[] {
  const fn = 'describe';
  const o = parseWith(optionsSchema(), options, fn, 'options');
  const ctx: Ctx = { m: CATALOGUES[o.locale], f: formatter(o.locale), unitId: o.unitId };
  const s = schemas();
  const read = <S extends z.ZodMiniType>(schema: S): z.output<S> =>
    parseWith(schema, result, fn, 'result', 'invalid_input');
  let findings: Finding[];
  let ids: readonly string[];
  if (typeof result === 'object' && result !== null && !Array.isArray(result)) {
    const x = result as Record<string, unknown>;
    if (x.kind === 'npskit.analysis') {
      const a = read(s.analysis);
      ids = a.units.map((u) => u.id);
      findings = describeAnalysis(ctx, a);
    } else if (has(x, 'alerts') && has(x, 'tests')) {
      const r = read(s.shifts);
      ids = r.alerts.map((a) => a.id);
      findings = describeShifts(ctx, r);
    } else if (has(x, 'changes') && has(x, 'confidence')) {
      findings = describeChanges(ctx, read(s.changes));
      ids = [];
    } else if (has(x, 'nodes') && !has(x, 'periods')) {
      const r = read(s.rollup);
      ids = r.nodes.map((n) => n.id);
      findings = describeRollup(ctx, r);
    } else {
      throw notDescribable(result);
    }
  } else {
    throw notDescribable(result);
  }
  if (o.unitId !== undefined && !ids.includes(o.unitId)) {
    throw new NpsInputError({
      code: 'unknown_node',
      message: `${fn}: options.unitId must be a unit of the result, received ${describeValue(o.unitId)}`,
      path: ['unitId'],
      received: o.unitId,
    });
  }
  return findings;
}

function notDescribable(result: unknown): NpsInputError {
  return new NpsInputError({
    code: 'invalid_input',
    message: `describe: result must be an analysis (from analyze), a rollup result, a trendChanges result or a detectShifts result; for a trendByNode cube or a trend, pass trendChanges(...) of it, received ${describeValue(result)}`,
    path: [],
    received: result,
  });
}
