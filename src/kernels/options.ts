/**
 * @internal One options vocabulary: the zod shapes of the option groups that several public
 * functions share (interval, placement, calendar). A function's strict schema spreads the groups
 * it takes, so an option has one name, one check and one meaning everywhere.
 */
import * as z from 'zod/mini';

/** `confidence`: a level in (0, 1). */
export const confidenceOption = () => z.optional(z.number().check(z.gt(0), z.lt(1)));

/**
 * `seed`: an integer in [0, 2^32 − 1], the state the seeded generator (kernels/random.ts) starts
 * from. Anything else is refused rather than truncated (7.9 would run as 7, 2^32 as 0).
 */
export const seedOption = () => z.int().check(z.gte(0), z.lte(0xffff_ffff));

/** `minSample`: a non-negative count (its doc in each function says what it counts). */
export const minSampleOption = () => z.optional(z.number().check(z.gte(0)));

/**
 * The interval group (`scheme`, `confidence`, `method`, `prior`) when the values are checked by
 * `resolveIntervalOptions` (which names the public function in its errors).
 */
export const intervalShape = () => ({
  scheme: z.optional(z.unknown()),
  confidence: z.optional(z.unknown()),
  method: z.optional(z.unknown()),
  prior: z.optional(z.unknown()),
});

/** The placement group: how responses are placed on a (dated) hierarchy, and `minSample`. */
export const placementShape = () => ({
  structure: z.optional(z.enum(['at-response', 'as-of'])),
  asOf: z.optional(z.unknown()),
  onUnknownNode: z.optional(z.enum(['error', 'exclude'])),
  minSample: minSampleOption(),
});

/** The reading group: `coerce` and `onInvalidScore` (see `ReadOptions` in src/types.ts). */
export const readShape = () => ({
  coerce: z.optional(z.boolean()),
  onInvalidScore: z.optional(z.enum(['error', 'exclude'])),
});

/** The calendar group: `period`, `timeZone`, `weekStartsOn` (checked here; the zone by `calendarOf`). */
export const calendarShape = () => ({
  period: z.enum(['day', 'week', 'month', 'quarter', 'year']),
  timeZone: z.optional(z.string()),
  weekStartsOn: z.optional(z.number().check(z.int(), z.gte(0), z.lte(6))),
});

/** `fdr`: a false-discovery rate in (0, 1) for Benjamini–Hochberg flags. */
export const fdrOption = () => z.optional(z.number().check(z.gt(0), z.lt(1)));

/** The options of a table of records (audits, invitations) by node and period: {@link RecordTableOptions}. */
export const recordTableShape = () => ({
  period: z.optional(calendarShape().period),
  timeZone: calendarShape().timeZone,
  weekStartsOn: calendarShape().weekStartsOn,
  minSample: minSampleOption(),
  asOf: z.optional(z.unknown()),
  onUnknownNode: z.optional(z.enum(['error', 'exclude'])),
  coerce: z.optional(z.boolean()),
  confidence: confidenceOption(),
});

/**
 * The relative-importance metrics (`relativeImportance`'s `metric`), in one list for every
 * function that takes one (`relativeImportance`, `driversByNode`, `auditLoyaltyLink`, `analyze`;
 * `bootstrapImportance` adds its other statistics to it).
 */
export const IMPORTANCE_METRICS = [
  'lmg',
  'first',
  'last',
  'betasq',
  'pratt',
  'genizi',
  'car',
  'johnson',
] as const;

/** `metric`: one of {@link IMPORTANCE_METRICS}. */
export const metricOption = () => z.optional(z.enum(IMPORTANCE_METRICS));
