/**
 * The public input and result types shared across npskit: scores and schemes, tallies, response
 * shapes and exclusions. Every layer imports them from here (see docs/vocabulary.md).
 * @module
 */

/** An inclusive integer range `[low, high]`. */
export type ScoreRange = readonly [low: number, high: number];

/**
 * Which respondents form the denominator of the NPS.
 *
 * - `'all'`: every respondent (the classic definition, (P − D) / (P + Pa + D)).
 * - `'promoters-and-detractors'`: passives are left out, (P − D) / (P + D).
 */
export type NpsBase = 'all' | 'promoters-and-detractors';

/**
 * A scoring scheme: an integer scale, three bands that partition it, and the base of the NPS.
 * Build one with {@link defineScheme}; the presets are {@link tenPointScheme} (the default
 * everywhere) and {@link classicScheme}.
 */
export interface Scheme {
  /** Optional label, used in reports. */
  readonly name: string;
  /** The inclusive integer scale, e.g. `[1, 10]`. */
  readonly scale: ScoreRange;
  /** Scores counted as promoters, inclusive. */
  readonly promoters: ScoreRange;
  /** Scores counted as passives, inclusive. */
  readonly passives: ScoreRange;
  /** Scores counted as detractors, inclusive. */
  readonly detractors: ScoreRange;
  /** The denominator of the NPS. */
  readonly base: NpsBase;
}

/** What {@link defineScheme} accepts: a {@link Scheme} whose `name` is optional. */
export interface SchemeDefinition {
  /** Optional label, used in reports (default `'custom'`). */
  readonly name?: string | undefined;
  /** The inclusive integer scale, e.g. `[1, 5]`. */
  readonly scale: ScoreRange;
  /** Scores counted as promoters, inclusive. */
  readonly promoters: ScoreRange;
  /** Scores counted as passives, inclusive. */
  readonly passives: ScoreRange;
  /** Scores counted as detractors, inclusive. */
  readonly detractors: ScoreRange;
  /** The denominator of the NPS. */
  readonly base: NpsBase;
}

/** The three NPS categories. */
export type NpsCategory = 'promoter' | 'passive' | 'detractor';

/** Options shared by functions that classify scores. */
export interface SchemeOptions {
  /** The scoring scheme (default {@link tenPointScheme}). */
  readonly scheme?: Scheme | undefined;
}

/**
 * Weighted sums kept by a weighted {@link Tally}: per category, the sum of weights Σw and the
 * sum of squared weights Σw² (what the Kish effective sample size and linearised standard
 * errors need). Weights are non-negative.
 */
export interface TallyWeights {
  /** Σw over promoters. */
  readonly promoters: number;
  /** Σw over passives. */
  readonly passives: number;
  /** Σw over detractors. */
  readonly detractors: number;
  /** Σw² over promoters. */
  readonly promotersSquared: number;
  /** Σw² over passives. */
  readonly passivesSquared: number;
  /** Σw² over detractors. */
  readonly detractorsSquared: number;
}

/**
 * Counts of promoters, passives and detractors: the unit everything in npskit aggregates
 * through. Tallies merge associatively and commutatively ({@link mergeTallies}), so partial
 * tallies from shards, workers or a warehouse combine exactly.
 *
 * Counts are numbers of responses. `weights` is present only when weights were used; an
 * unweighted tally merged with a weighted one counts as weight 1 per response.
 */
export interface Tally {
  /** Number of promoters. */
  readonly promoters: number;
  /** Number of passives. */
  readonly passives: number;
  /** Number of detractors. */
  readonly detractors: number;
  /** All responses: promoters + passives + detractors. */
  readonly n: number;
  /** Weighted sums, when the responses carried weights. */
  readonly weights?: TallyWeights;
}

/** Counts accepted by {@link tallyFromCounts}. */
export interface TallyCounts {
  /** Number of promoters. */
  readonly promoters: number;
  /** Number of passives. */
  readonly passives: number;
  /** Number of detractors. */
  readonly detractors: number;
  /** Optional weighted sums computed elsewhere. */
  readonly weights?: TallyWeights | undefined;
}

/** Scores as npskit accepts them: arrays, typed arrays, any array-like or iterable. */
export type Scores = ArrayLike<number> | Iterable<number>;

/**
 * One response as a row object. The same rows feed every analysis: `rollup`, `trend` and their
 * relatives read `nodeId`, `score`, `at` and `weight`; the driver functions read `score` and
 * `ratings` (and `driversByNode` the `nodeId`); extra fields (a channel, an interviewer) are
 * there for `segments` and `crossTab`.
 */
export interface ResponseRow {
  /** The node (store, region…) the response belongs to (`null` or absent: missing). */
  readonly nodeId?: string | null | undefined;
  /**
   * The likelihood-to-recommend score, an integer on the scheme's scale. Strings and BigInts
   * (as a CSV reader or database driver gives them) are read with `coerce: true`; a blank
   * (`null`, `''`) is an error, or set aside with `onInvalidScore: 'exclude'`.
   */
  readonly score: number | string | bigint | null;
  /**
   * When the response was given: a `Date` or epoch milliseconds (with `coerce: true`, also an
   * ISO 8601 string with an offset).
   */
  readonly at?: Date | number | string | undefined;
  /** A non-negative survey weight (default 1); numeric strings with `coerce: true`. */
  readonly weight?: number | string | bigint | undefined;
  /** Driver ratings by driver name, read by the driver functions and ignored by the others. */
  readonly ratings?:
    | Readonly<Record<string, number | null | undefined>>
    | ReadonlyMap<string, number | null | undefined>
    | undefined;
}

/** A dictionary-encoded string column, Arrow-style: `values[codes[i]]` (negative code = none). */
export interface DictionaryColumn {
  /** One code per response, an index into `values` (negative: no value). */
  readonly codes: ArrayLike<number>;
  /** The distinct values. */
  readonly values: readonly string[];
}

/** Responses as equal-length columns mirroring the row fields. */
export interface ResponseColumns {
  /**
   * Scores, one per response: numbers (a typed array is fastest); text scores (strings, or a
   * dictionary column of strings) and BigInts are read with `coerce: true`.
   */
  readonly score: ArrayLike<number> | ArrayLike<number | string | bigint | null> | DictionaryColumn;
  /** Node ids: strings, or a dictionary column (`null` or a negative code: missing). */
  readonly nodeId?: ArrayLike<string> | ArrayLike<string | null> | DictionaryColumn | undefined;
  /** Instants as epoch milliseconds (or `Date`s; ISO 8601 strings with an offset with `coerce: true`). */
  readonly at?: ArrayLike<number> | ArrayLike<number | Date | string> | undefined;
  /** Non-negative weights (numeric strings and BigInts with `coerce: true`). */
  readonly weight?: ArrayLike<number> | ArrayLike<number | string | bigint> | undefined;
}

/** One pre-aggregated group of responses (e.g. a row of `GROUP BY node, day`). */
export interface TallyEntry {
  /** The node the responses belong to (`null` or absent: missing). */
  readonly nodeId?: string | null | undefined;
  /** When the responses were given (e.g. the start of their day): `Date` or epoch ms. */
  readonly at?: Date | number | undefined;
  /** Their counts (and weighted sums, if weighted). */
  readonly tally: Tally | TallyCounts;
}

/**
 * An Apache Arrow table as npskit reads it: an apache-arrow or @uwdata/flechette `Table` (what
 * DuckDB, Polars and Parquet readers hand over), recognised by its shape, so npskit depends on
 * neither library. Its columns named as the row fields (`score`, `nodeId`, `at`, `weight`) are
 * read as {@link ResponseColumns}: numeric vectors in place, dictionary vectors as
 * {@link DictionaryColumn}s (docs/data-in.md).
 */
export interface ArrowTableLike {
  /** Number of rows. */
  readonly numRows: number;
  /** The table's schema: its column names. */
  readonly schema: {
    /** The columns, in order. */
    readonly fields: readonly {
      /** The column's name. */
      readonly name: string;
    }[];
  };
  /** The column of that name. */
  getChild(name: string): unknown;
}

/**
 * Responses in any of the accepted shapes: rows, columns, pre-aggregated tallies, or an Arrow
 * table of columns.
 */
export type ResponsesInput =
  | readonly ResponseRow[]
  | ResponseColumns
  | readonly TallyEntry[]
  | ArrowTableLike;

/**
 * Why responses were set aside (with `onUnknownNode: 'exclude'` or `onInvalidScore: 'exclude'`):
 * - `'unknown_node'`: their node id is not in the hierarchy;
 * - `'missing_node'`: they carry no node id (absent or `null`);
 * - `'node_not_valid'`: their node does not exist at their date (dated hierarchies);
 * - `'missing_score'`: a blank score (`null`, `undefined`, `''`, `NaN`);
 * - `'invalid_score'`: a score present but not an integer on the scheme's scale.
 */
export type ExclusionReason =
  | 'unknown_node'
  | 'missing_node'
  | 'node_not_valid'
  | 'missing_score'
  | 'invalid_score'
  | 'duplicate_respondent';

/**
 * A group of responses set aside, and why: one entry per reason and node id (node reasons) or
 * per reason and offending value (score reasons). Results that can set responses aside carry
 * `excluded` (these groups) and `excludedN` (the responses in them).
 */
export interface Exclusion {
  /** The reason. */
  readonly reason: ExclusionReason;
  /** The node id they carried (`null` when missing, and for score reasons). */
  readonly nodeId: string | null;
  /** The offending score, for score reasons (`null` for node reasons, and past 100 distinct values). */
  readonly value?: string | number | boolean | null;
  /** Number of responses. */
  readonly n: number;
  /** Index of the first such record in the input. */
  readonly firstIndex: number;
}

/**
 * How responses are read, wherever they are (see docs/vocabulary.md). Both default to the
 * strict reading: nothing is converted and nothing is set aside silently.
 */
export interface ReadOptions {
  /**
   * Accept values as exports and database drivers deliver them: numeric strings (trimmed) and
   * BigInts as scores, weights and counts, ISO 8601 strings with an offset (`Z`, `+02:00`) as
   * instants. An explicit opt-in: without it a string is an error whose message says to pass it.
   */
  readonly coerce?: boolean | undefined;
  /**
   * What to do with a score that is blank (`null`, `''`, `NaN`, absent) or not an integer on the
   * scale: `'error'` (default; the `invalid_score` error lists up to 10 such scores in `issues`)
   * or `'exclude'` (the response is left out and counted in `excluded` with reason
   * `'missing_score'` or `'invalid_score'`, the value and the first index).
   */
  readonly onInvalidScore?: 'error' | 'exclude' | undefined;
}

/**
 * A group's figures: the one shape wherever a group is reported (rollup nodes, trend points,
 * node × period cells, segments, cross-table cells). NPS figures are on −100..100.
 *
 * - `total`: the group's pooled tally;
 * - `n`: all respondents in the group (promoters, passives and detractors, unweighted);
 * - `baseN`: respondents in the NPS base (all of them under base `'all'`, promoters and
 *   detractors under `'promoters-and-detractors'`, the ten-point default);
 * - `nps`, `low`, `high`, `se`: the NPS, its confidence limits and standard error, `null` when
 *   the base is empty;
 * - `suppressed`: the figures are withheld (`minSample`); then every other field is `null`, so
 *   a suppressed group publishes no counts.
 */
export interface GroupFigures {
  /** The pooled tally (`null` when suppressed). */
  readonly total: Tally | null;
  /** All respondents (`null` when suppressed). */
  readonly n: number | null;
  /** Respondents in the NPS base (`null` when suppressed). */
  readonly baseN: number | null;
  /** The NPS (`null` when the base is empty or the group suppressed). */
  readonly nps: number | null;
  /** Lower confidence limit (`null` when empty or suppressed). */
  readonly low: number | null;
  /** Upper confidence limit (`null` when empty or suppressed). */
  readonly high: number | null;
  /** Standard error in NPS points, the interval method's (`null` when empty or suppressed). */
  readonly se: number | null;
  /** Whether the figures are withheld. */
  readonly suppressed: boolean;
}

/** {@link GroupFigures} of a group that is never suppressed (a trend point): counts always present. */
export interface PublishedFigures extends GroupFigures {
  /** The pooled tally. */
  readonly total: Tally;
  /** All respondents. */
  readonly n: number;
  /** Respondents in the NPS base. */
  readonly baseN: number;
  /** Always `false`. */
  readonly suppressed: false;
}

/**
 * Why a group's figures are withheld: `'min_sample'` (fewer responses than `minSample`) or
 * `'complementary'` (hidden so that another withheld figure cannot be recovered by subtraction).
 */
export type SuppressionReason = 'min_sample' | 'complementary';

/** Options of the hierarchy accessors: which dated structure to read. */
export interface AsOfOptions {
  /** The date whose structure to read; default: the latest structure. */
  readonly asOf?: Date | number | undefined;
}

/**
 * A validated, compiled hierarchy. Lookups are O(1) (plus O(log e) for dated hierarchies with
 * e structure changes); list accessors are linear in their output.
 */
export interface Hierarchy {
  /** Brand of the object, `'npskit.hierarchy'`. */
  readonly kind: 'npskit.hierarchy';
  /** Distinct node ids in order of first appearance. */
  readonly ids: readonly string[];
  /** Level names from the root down (empty when no node names its level). */
  readonly levels: readonly (string | null)[];
  /** Whether the structure changes over time (some node has validFrom / validTo). */
  readonly dated: boolean;
  /** Whether `id` is a node (at any date). */
  has(id: string): boolean;
  /** Roots of the structure. */
  roots(options?: AsOfOptions): string[];
  /** The parent's id, or `null` for a root. */
  parent(id: string, options?: AsOfOptions): string | null;
  /** Children ids in definition order. */
  children(id: string, options?: AsOfOptions): string[];
  /** Ancestors from the parent up to the root. */
  ancestors(id: string, options?: AsOfOptions): string[];
  /** All descendants, parents before children. */
  descendants(id: string, options?: AsOfOptions): string[];
  /** Depth: 0 for a root. */
  depth(id: string, options?: AsOfOptions): number;
  /** Ids from the root down to `id`. */
  path(id: string, options?: AsOfOptions): string[];
  /** Leaves (nodes with no children); of `id`'s subtree when given, else of the whole structure. */
  leaves(id?: string, options?: AsOfOptions): string[];
  /** The node's level name, or `null`. */
  level(id: string): string | null;
  /** The node's display name, or `null`. */
  name(id: string): string | null;
}

/** A calendar period length. `week` starts on `weekStartsOn` (ISO Monday by default). */
export type TrendPeriod = 'day' | 'week' | 'month' | 'quarter' | 'year';

/** Interval methods for the NPS; see `npsInterval` and docs/methodology.md. */
export type NpsIntervalMethod = 'wald' | 'adjusted-wald' | 'tango' | 'bayes' | 'wilson';

/** The node fields every per-node result carries (rollup, trendByNode, crossTab, driversByNode). */
export interface NodeInfo {
  /** The node id. */
  readonly id: string;
  /** The node's display name (from `buildHierarchy`), or `null`. */
  readonly name: string | null;
  /** The parent's id in the reported structure, or `null` for a root. */
  readonly parentId: string | null;
  /** The level name, or `null`. */
  readonly level: string | null;
  /** Depth: 0 for a root. */
  readonly depth: number;
}

/** What was set aside, wherever responses can be (see {@link Exclusion}). */
export interface Excluded {
  /** Responses left out, grouped by reason and node id or value. */
  readonly excluded: readonly Exclusion[];
  /** How many responses `excluded` holds. */
  readonly excludedN: number;
}

/** How a table of a hierarchy's groups was computed (rollup, trendByNode). */
export interface HierarchyTableInfo extends Excluded {
  /** Level names from the root down. */
  readonly levels: readonly (string | null)[];
  /** The minimum sample applied. */
  readonly minSample: number;
  /** The NPS base of the scheme used. */
  readonly base: NpsBase;
  /** The interval method used. */
  readonly method: NpsIntervalMethod;
  /** The confidence level used. */
  readonly confidence: number;
}

/** One calendar period: its span in the zone and its name on the zone's calendar. */
export interface PeriodSpan {
  /** Period start, ISO 8601 with the zone's offset (inclusive). */
  readonly start: string;
  /** Period end = next period's start, ISO 8601 with the zone's offset (exclusive). */
  readonly end: string;
  /**
   * Short name of the period on the zone's calendar: `'2026-03-15'` (day), `'2026-W11'` (week),
   * `'2026-03'` (month), `'2026-Q1'` (quarter), `'2026'` (year). Monday weeks carry the ISO 8601
   * week and week-numbering year (2024-12-30 is `'2025-W01'`, 2021-01-03 is `'2020-W53'`);
   * weeks starting on another day are numbered the same way from that day (week 1 is the first
   * with at least 4 days in January).
   */
  readonly label: string;
}

/** The calendar a time series was computed on. */
export interface CalendarInfo {
  /** The calendar period used. */
  readonly period: TrendPeriod;
  /** The IANA time zone used. */
  readonly timeZone: string;
}

/**
 * Options of the tables of records other than responses (audits, invitations), by node and
 * period: the calendar, the structure, unknown nodes, `minSample` (counted in records), the
 * confidence level and `coerce`.
 */
export interface RecordTableOptions {
  /** Figures per period of the records' `at`: `'day'`, `'week'`, `'month'`, `'quarter'` or `'year'`. */
  readonly period?: TrendPeriod | undefined;
  /** IANA zone of the periods (default `'UTC'`). */
  readonly timeZone?: string | undefined;
  /** First day of a week period, 0 Sunday … 6 Saturday (default 1, Monday). */
  readonly weekStartsOn?: number | undefined;
  /**
   * Minimum number of records for a group's figures to be published (default 0). Withheld
   * groups publish nothing, and others are withheld too where a small group could be recovered
   * from published figures (the disclosure audit of every table).
   */
  readonly minSample?: number | undefined;
  /** The structure of a dated hierarchy the records are placed through (default: the latest). */
  readonly asOf?: Date | number | undefined;
  /** A record whose node is missing, unknown or not in the structure: `'error'` (default) or `'exclude'`. */
  readonly onUnknownNode?: 'error' | 'exclude' | undefined;
  /** Read ISO 8601 strings with an offset as instants. */
  readonly coerce?: boolean | undefined;
  /** Confidence level of the intervals (default 0.95). */
  readonly confidence?: number | undefined;
}
