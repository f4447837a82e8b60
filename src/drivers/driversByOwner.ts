import { describe } from '../_lib/describe.ts';
import { NpsInputError } from '../errors.ts';

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
 * @throws {@link NpsInputError} `invalid_input` when `owners` is not a Map or an owner is not a string.
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
): OwnerImportance[] {
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
  for (const { driver, raw } of importance.drivers) {
    const owner: string | null = ownerMap.get(driver) ?? null;
    if (owner !== null && typeof owner !== 'string')
      throw new NpsInputError({
        code: 'invalid_input',
        message: `${fn}: owner of ${describe(driver)} must be a string, received ${describe(owner)}`,
        path: ['owners', driver],
        received: owner,
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
    .map(([owner, g]) => ({
      owner,
      raw: g.raw,
      share: total === 0 ? 0 : g.raw / total,
      drivers: g.items.sort((a, b) => b.raw - a.raw).map((x) => x.d),
    }))
    .sort((a, b) => b.raw - a.raw);
}

/** Quadrant of the importance–performance matrix. */
export type ImportanceQuadrant = 'fix-first' | 'maintain' | 'low-priority' | 'possible-overkill';

/** One driver's place in the importance–performance matrix. */
export interface DriverQuadrant {
  /** The driver's name. */
  readonly driver: string;
  /** Its importance (the metric's raw value). */
  readonly importance: number;
  /** Its performance (mean rating, top-box share… as given). */
  readonly performance: number;
  /** `fix-first` (important, under-performing), `maintain`, `low-priority`, `possible-overkill`. */
  readonly quadrant: ImportanceQuadrant;
}

/** Options of {@link importancePerformance}. */
export interface ImportancePerformanceOptions {
  /** Importance cut point (default: the mean importance). */
  readonly importanceCut?: number | undefined;
  /** Performance cut point (default: the mean performance). */
  readonly performanceCut?: number | undefined;
}

/**
 * The importance–performance ("fix first") matrix (Martilla & James 1977): each driver's
 * importance against its performance, split at cut points into four quadrants. Importance at or
 * above the cut and performance below it is `fix-first`; both at or above is `maintain`; both
 * below is `low-priority`; low importance with high performance is `possible-overkill`.
 *
 * @param importance - A {@link RelativeImportanceResult} (or `{ drivers: [{ driver, raw }] }`).
 * @param performance - Performance per driver (e.g. mean rating from `driverStats(...).means`, or
 *   a top-box share); every driver of the result must have one.
 * @param options - `importanceCut`, `performanceCut` (default: the means).
 * @returns One entry per driver, in the result's order.
 * @throws {@link NpsInputError} `unknown_driver` when a driver has no performance,
 *   `non_finite` for a non-finite value.
 * @example
 * ```ts
 * const imp = { drivers: [{ driver: 'speed', raw: 0.3 }, { driver: 'price', raw: 0.1 }] };
 * const perf = new Map([['speed', 6], ['price', 8]]);
 * importancePerformance(imp, perf).map((d) => d.quadrant); //=> ['fix-first', 'possible-overkill']
 * ```
 */
export function importancePerformance(
  importance: ImportanceLike,
  performance: ReadonlyMap<string, number>,
  options?: ImportancePerformanceOptions,
): DriverQuadrant[] {
  const fn = 'importancePerformance';
  const perfMap: ReadonlyMap<string, number> = performance;
  const isMap = performance instanceof Map;
  const items = importance.drivers.map(({ driver, raw }) => {
    const perf = isMap ? perfMap.get(driver) : undefined;
    if (perf === undefined)
      throw new NpsInputError({
        code: 'unknown_driver',
        message: `${fn}: performance must be given for driver ${describe(driver)}, received none`,
        path: ['performance', driver],
        received: driver,
      });
    if (!Number.isFinite(perf) || !Number.isFinite(raw))
      throw new NpsInputError({
        code: 'non_finite',
        message: `${fn}: importance and performance of ${describe(driver)} must be finite, received ${describe(raw)} and ${describe(perf)}`,
        received: [raw, perf],
      });
    return { driver, importance: raw, performance: perf };
  });
  const mean = (xs: number[]): number => xs.reduce((s, v) => s + v, 0) / Math.max(1, xs.length);
  const ic = options?.importanceCut ?? mean(items.map((x) => x.importance));
  const pc = options?.performanceCut ?? mean(items.map((x) => x.performance));
  return items.map((x) => {
    const important = x.importance >= ic;
    const performing = x.performance >= pc;
    const quadrant: ImportanceQuadrant = important
      ? performing
        ? 'maintain'
        : 'fix-first'
      : performing
        ? 'possible-overkill'
        : 'low-priority';
    return { ...x, quadrant };
  });
}
