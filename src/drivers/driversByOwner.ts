import { mean, median } from 'simple-statistics';
import * as z from 'zod/mini';
import { NpsInputError } from '../errors.ts';
import { badInput } from '../kernels/badInput.ts';
import { describe } from '../kernels/describe.ts';
import { exactKeys, parseWith } from '../kernels/validate.ts';
import { type DriverData, extractColumns, resolveStatsOptions } from './driverStats.ts';

/** What {@link driversByOwner} and {@link importancePerformance} read from an importance result. */
export interface ImportanceLike {
  /** Per driver: its name and importance (`raw`), e.g. a {@link RelativeImportanceResult}. */
  readonly drivers: readonly {
    /** The driver's name. */
    readonly driver: string;
    /** The driver's raw importance. */
    readonly raw: number;
  }[];
}

/** The `drivers` of an importance result, checked: an array of `{ driver: string, raw }`. */
function importanceDrivers(importance: unknown, fn: string): ImportanceLike['drivers'] {
  const bad = (path: readonly PropertyKey[], what: string, received: unknown): NpsInputError =>
    badInput(fn, what, received, path);
  if (typeof importance !== 'object' || importance === null)
    throw bad(
      ['importance'],
      'importance must be an object { drivers: [{ driver, raw }] }',
      importance,
    );
  const drivers: unknown = (importance as { drivers?: unknown }).drivers;
  if (!Array.isArray(drivers))
    throw bad(
      ['importance', 'drivers'],
      'importance.drivers must be an array of { driver, raw }',
      drivers,
    );
  for (let i = 0; i < drivers.length; i++) {
    const d: unknown = drivers[i];
    if (typeof d !== 'object' || d === null)
      throw bad(
        ['importance', 'drivers', i],
        `importance.drivers[${String(i)}] must be an object { driver, raw }`,
        d,
      );
    const name: unknown = (d as { driver?: unknown }).driver;
    if (typeof name !== 'string')
      throw bad(
        ['importance', 'drivers', i, 'driver'],
        `importance.drivers[${String(i)}].driver must be a string`,
        name,
      );
  }
  return drivers as ImportanceLike['drivers'];
}

/** One owning level's share of the importance. */
export interface OwnerImportance {
  /** The owning level (e.g. `'store'`, `'head office'`), or `null` for drivers with no owner. */
  readonly owner: string | null;
  /** Σ raw of its drivers (a share of R² for the decomposing metrics). */
  readonly raw: number;
  /** raw / Σ raw over all drivers (0..1). */
  readonly share: number;
  /** Its drivers, most important first. */
  readonly drivers: readonly string[];
}

/**
 * Sum driver importance by the organisational level that owns each driver, so each level sees
 * how much of loyalty is in its hands (store staff own politeness; the head office owns prices
 * and assortment). Meaningful for metrics that decompose R² (`lmg`, `johnson`, `genizi`,
 * `car`, and `pratt` without suppression), whose shares add.
 *
 * @param importance - A {@link RelativeImportanceResult} (or anything with `drivers: [{ driver, raw }]`).
 * @param owners - Owning level per driver name. Names absent from the result are ignored (one
 *   organisation-wide map serves every analysis); drivers without an owner are grouped under `null`.
 * @returns Owning levels, largest importance first.
 * @throws {@link NpsInputError} `invalid_input` when `importance` is not an object with a
 *   `drivers` array of `{ driver: string, raw }` (path e.g. `['importance', 'drivers']`), when
 *   `owners` is not a Map or an owner is not a string, `non_finite` for an importance that is
 *   not a finite number.
 * @example
 * ```ts
 * const imp = { drivers: [
 *   { driver: 'politeness', raw: 0.2 },
 *   { driver: 'price', raw: 0.1 },
 *   { driver: 'assortment', raw: 0.1 },
 * ] };
 * const owners = new Map([['politeness', 'store'], ['price', 'head office'], ['assortment', 'head office']]);
 * driversByOwner(imp, owners).map((o) => [o.owner, o.share]); //=> [['store', 0.5], ['head office', 0.5]]
 * ```
 */
export function driversByOwner(
  importance: ImportanceLike,
  owners: ReadonlyMap<string, string>,
): readonly OwnerImportance[] {
  const fn = 'driversByOwner';
  const ownerMap: ReadonlyMap<string, string> = owners;
  if (!(owners instanceof Map))
    throw new NpsInputError({
      code: 'invalid_input',
      message: `${fn}: owners must be a Map from driver name to owning level, received ${describe(owners)}`,
      path: ['owners'],
      received: owners,
    });
  const groups = new Map<string | null, { raw: number; items: { d: string; raw: number }[] }>();
  let total = 0;
  for (const { driver, raw } of importanceDrivers(importance, fn)) {
    const owner: string | null = ownerMap.get(driver) ?? null;
    if (owner !== null && typeof owner !== 'string')
      throw new NpsInputError({
        code: 'invalid_input',
        message: `${fn}: owner of ${describe(driver)} must be a string, received ${describe(owner)}`,
        path: ['owners', driver],
        received: owner,
      });
    if (typeof raw !== 'number' || !Number.isFinite(raw))
      throw new NpsInputError({
        code: 'non_finite',
        message: `${fn}: importance of ${describe(driver)} must be a finite number, received ${describe(raw)}`,
        path: ['importance', 'drivers', driver],
        received: raw,
      });
    let g = groups.get(owner);
    if (g === undefined) {
      g = { raw: 0, items: [] };
      groups.set(owner, g);
    }
    g.raw += raw;
    g.items.push({ d: driver, raw });
    total += raw;
  }
  return [...groups]
    .map(
      ([owner, g]): OwnerImportance => ({
        owner,
        raw: g.raw,
        share: total === 0 ? 0 : g.raw / total,
        drivers: g.items.sort((a, b) => b.raw - a.raw).map((x) => x.d),
      }),
    )
    .sort((a, b) => b.raw - a.raw);
}

/** Quadrant of the importance–performance matrix. */
export type ImportanceQuadrant = 'fix_first' | 'maintain' | 'low_priority' | 'possible_overkill';

/** One driver's place in the importance–performance matrix. */
export interface DriverQuadrant {
  /** The driver's name. */
  readonly driver: string;
  /** Its importance (the metric's raw value). */
  readonly importance: number;
  /** Its performance (mean rating, top-box share… as given). */
  readonly performance: number;
  /** `fix_first` (important, under-performing), `maintain`, `low_priority`, `possible_overkill`. */
  readonly quadrant: ImportanceQuadrant;
}

/** Options of {@link driverPerformance}. */
export interface DriverPerformanceOptions {
  /**
   * `'mean'` (default): the mean rating; `'top-box'`: the share of ratings at or above `topBox`
   * (0..1).
   */
  readonly measure?: 'mean' | 'top-box' | undefined;
  /** The lowest top-box rating (default 9, the top two boxes of a 1..10 scale). */
  readonly topBox?: number | undefined;
  /** Drivers to use, in this order (default: all). */
  readonly drivers?: readonly string[] | undefined;
  /** Rating values meaning "not applicable", treated as missing. */
  readonly notApplicable?: readonly number[] | undefined;
}

/**
 * How well each driver performs: its mean rating, or its top-box share (the share of ratings at
 * or above `topBox`), over the responses that rate it (a missing rating of another driver does
 * not drop a response here: performance is a property of each driver alone).
 *
 * @param input - Rows or columns.
 * @param options - `measure` (`'mean'`), `topBox` (9), `drivers`, `notApplicable`.
 * @returns Performance per driver (rating units, or a share on 0..1), in driver order; `NaN`
 *   for a driver nobody rated.
 * @throws {@link NpsInputError} as {@link driverStats}; `invalid_option` for bad options.
 * @example
 * ```ts
 * const rows = [
 *   { score: 9, ratings: { speed: 9, price: 6 } },
 *   { score: 7, ratings: { speed: 7, price: null } },
 *   { score: 10, ratings: { speed: 10, price: 8 } },
 * ];
 * [...driverPerformance(rows)]; //=> [['speed', 26 / 3], ['price', 7]]
 * [...driverPerformance(rows, { measure: 'top-box' })]; //=> [['speed', 2 / 3], ['price', 0]]
 * ```
 */
export function driverPerformance(
  input: DriverData,
  options?: DriverPerformanceOptions,
): ReadonlyMap<string, number> {
  const fn = 'driverPerformance';
  const o = parseWith(
    z.optional(
      exactKeys<DriverPerformanceOptions>()(
        z.strictObject({
          measure: z.optional(z.enum(['mean', 'top-box'])),
          topBox: z.optional(
            z.number().check(z.refine(Number.isFinite, 'expected a finite number')),
          ),
          drivers: z.optional(z.array(z.string())),
          notApplicable: z.optional(z.array(z.number())),
        }),
      ),
    ),
    options,
    fn,
    'options',
  );
  const { stats, x } = extractColumns(
    input,
    resolveStatsOptions({ drivers: o?.drivers, notApplicable: o?.notApplicable }, fn),
    fn,
  );
  const topBox = o?.topBox ?? 9;
  const byTopBox = o?.measure === 'top-box';
  const out = new Map<string, number>();
  stats.drivers.forEach((d, j) => {
    const col = x[j] ?? new Float64Array(0);
    let n = 0;
    let sum = 0;
    for (const v of col) {
      if (v !== v) continue;
      n++;
      sum += byTopBox ? (v >= topBox ? 1 : 0) : v;
    }
    out.set(d, n === 0 ? Number.NaN : sum / n);
  });
  return out;
}

/** Options of {@link importancePerformance}. */
export interface ImportancePerformanceOptions {
  /** Importance cut point: a number, or `'mean'` (default) or `'median'` of the drivers' importance. */
  readonly importanceCut?: number | 'mean' | 'median' | undefined;
  /** Performance cut point: a number, or `'mean'` (default) or `'median'` of the drivers' performance. */
  readonly performanceCut?: number | 'mean' | 'median' | undefined;
}

/**
 * The importance–performance ("fix first") matrix (Martilla & James 1977): each driver's
 * importance against its performance, split at cut points into four quadrants. Importance at or
 * above the cut and performance below it is `fix_first`; both at or above is `maintain`; both
 * below is `low_priority`; low importance with high performance is `possible_overkill`.
 *
 * @param importance - A {@link RelativeImportanceResult} (or `{ drivers: [{ driver, raw }] }`).
 * @param performance - Performance per driver, e.g. from {@link driverPerformance} (mean rating
 *   or top-box share); every driver of the result must have one.
 * @param options - `importanceCut`, `performanceCut`: numbers, or `'mean'` (default) or
 *   `'median'` over the drivers.
 * @returns One entry per driver, in the result's order.
 * @throws {@link NpsInputError} `invalid_input` when `importance` is not an object with a
 *   `drivers` array of `{ driver: string, raw }`, `unknown_driver` when a driver has no
 *   performance, `non_finite` for a non-finite value.
 * @example
 * ```ts
 * const imp = { drivers: [{ driver: 'speed', raw: 0.3 }, { driver: 'price', raw: 0.1 }] };
 * const perf = new Map([['speed', 6], ['price', 8]]);
 * importancePerformance(imp, perf).map((d) => d.quadrant); //=> ['fix_first', 'possible_overkill']
 * importancePerformance(imp, perf, { importanceCut: 0.05, performanceCut: 7 }).map((d) => d.quadrant); //=> ['fix_first', 'maintain']
 * ```
 */
export function importancePerformance(
  importance: ImportanceLike,
  performance: ReadonlyMap<string, number>,
  options?: ImportancePerformanceOptions,
): readonly DriverQuadrant[] {
  const fn = 'importancePerformance';
  const perfMap: ReadonlyMap<string, number> = performance;
  const isMap = performance instanceof Map;
  const items = importanceDrivers(importance, fn).map(({ driver, raw }) => {
    const perf = isMap ? perfMap.get(driver) : undefined;
    if (perf === undefined)
      throw new NpsInputError({
        code: 'unknown_driver',
        message: `${fn}: performance must be given for driver ${describe(driver)}, received none`,
        path: ['performance', driver],
        received: driver,
      });
    if (
      typeof perf !== 'number' ||
      typeof raw !== 'number' ||
      !Number.isFinite(perf) ||
      !Number.isFinite(raw)
    )
      throw new NpsInputError({
        code: 'non_finite',
        message: `${fn}: importance and performance of ${describe(driver)} must be finite, received ${describe(raw)} and ${describe(perf)}`,
        received: [raw, perf],
      });
    return { driver, importance: raw, performance: perf };
  });
  const cutSchema = z.optional(
    z.union([
      z.number().check(z.refine(Number.isFinite, 'expected a finite number')),
      z.enum(['mean', 'median']),
    ]),
  );
  const o = parseWith(
    z.optional(
      exactKeys<ImportancePerformanceOptions>()(
        z.strictObject({ importanceCut: cutSchema, performanceCut: cutSchema }),
      ),
    ),
    options,
    fn,
    'options',
  );
  const cut = (c: number | 'mean' | 'median' | undefined, xs: number[]): number =>
    typeof c === 'number' ? c : xs.length === 0 ? 0 : c === 'median' ? median(xs) : mean(xs);
  const ic = cut(
    o?.importanceCut,
    items.map((x) => x.importance),
  );
  const pc = cut(
    o?.performanceCut,
    items.map((x) => x.performance),
  );
  return items.map((x) => {
    const important = x.importance >= ic;
    const performing = x.performance >= pc;
    const quadrant: ImportanceQuadrant = important
      ? performing
        ? 'maintain'
        : 'fix_first'
      : performing
        ? 'possible_overkill'
        : 'low_priority';
    return { ...x, quadrant };
  });
}
