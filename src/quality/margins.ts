/**
 * @internal Population margins, shared by the weighting and representativeness functions:
 * reading `{ variable: { category: share } }` (objects or Maps), and each row's category.
 */
import { NpsInputError } from '../errors.ts';
import { badInput } from '../kernels/badInput.ts';
import { describe } from '../kernels/describe.ts';
import { closest } from '../kernels/suggest.ts';

/**
 * Known population figures of one variable: category → share (or total, with
 * `targets: 'totals'`). A plain object `{ north: 0.4, south: 0.6 }` or a `Map`.
 */
export type RakeMargin = Readonly<Record<string, number>> | ReadonlyMap<string, number>;

/**
 * The margins to rake to: variable (a field of every row) → its {@link RakeMargin}.
 * `{ region: { north: 0.4, south: 0.6 }, age: { '18-34': 0.3, '35+': 0.7 } }` or a `Map`.
 */
export type RakeMargins = Readonly<Record<string, RakeMargin>> | ReadonlyMap<string, RakeMargin>;

/** How far a margin of shares may sum from 1, and margins of totals from each other (relative). */
const SUM_TOLERANCE = 1e-6;

/** @internal One margin, read: categories in order, their index, and target shares. */
export interface Margin {
  readonly variable: string;
  readonly categories: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  /** Target shares (0..1), scaled to sum to 1 exactly (what the arithmetic uses). */
  readonly shares: Float64Array;
  /** Target shares to report: as given for shares (0.3 stays 0.3), total / sum for totals. */
  readonly given: Float64Array;
}

function marginError(fn: string, message: string, path: readonly PropertyKey[], received: unknown) {
  return new NpsInputError({
    code: 'invalid_margin',
    message: `${fn}: ${message}`,
    path,
    received,
  });
}

/** The entries of a plain object or a Map (own enumerable string keys of an object). */
function entriesOf(fn: string, value: unknown, path: readonly PropertyKey[]): [string, unknown][] {
  if (value instanceof Map) {
    const out: [string, unknown][] = [];
    for (const [k, v] of value as Map<unknown, unknown>) {
      if (typeof k !== 'string') {
        throw marginError(fn, `${path.map(String).join('.')} must have string keys`, [...path], k);
      }
      out.push([k, v]);
    }
    return out;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw marginError(
      fn,
      `${path.map(String).join('.')} must be an object or a Map of ${path.length === 1 ? 'variable → { category: share }' : 'category → share'}, received ${describe(value)}`,
      path,
      value,
    );
  }
  return Object.keys(value).map((k) => [k, (value as Record<string, unknown>)[k]]);
}

/** @internal Read and check the margins (and, for totals, their common sum): targets finite and ≥ 0, shares summing to 1, totals equal. */
function readMargins(
  fn: string,
  value: unknown,
  targets: 'shares' | 'totals',
): { margins: Margin[]; total: number } {
  const vars = entriesOf(fn, value, ['margins']);
  if (vars.length === 0) {
    throw marginError(fn, 'margins must name at least one variable', ['margins'], value);
  }
  const out: Margin[] = [];
  let firstTotal = Number.NaN;
  for (const [variable, m] of vars) {
    const cats = entriesOf(fn, m, ['margins', variable]);
    if (cats.length === 0) {
      throw marginError(
        fn,
        `margins.${variable} must list at least one category`,
        ['margins', variable],
        m,
      );
    }
    const shares = new Float64Array(cats.length);
    const index = new Map<string, number>();
    let sum = 0;
    cats.forEach(([category, t], c) => {
      if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) {
        throw marginError(
          fn,
          `margins.${variable}.${category} must be a finite number ≥ 0, received ${describe(t)}`,
          ['margins', variable, category],
          t,
        );
      }
      shares[c] = t;
      index.set(category, c);
      sum += t;
    });
    if (!(sum > 0 && sum < Number.POSITIVE_INFINITY)) {
      throw marginError(
        fn,
        `margins.${variable} must have a positive finite sum, received ${String(sum)}${sum > 0 ? ' (rescale the totals, e.g. to thousands)' : ''}`,
        ['margins', variable],
        m,
      );
    }
    if (targets === 'shares' && Math.abs(sum - 1) > SUM_TOLERANCE) {
      throw marginError(
        fn,
        `margins.${variable} shares must sum to 1, received a sum of ${String(sum)} (pass targets: 'totals' for population counts, or rescale the shares)`,
        ['margins', variable],
        m,
      );
    }
    if (targets === 'totals') {
      if (Number.isNaN(firstTotal)) firstTotal = sum;
      else if (Math.abs(sum - firstTotal) > SUM_TOLERANCE * firstTotal) {
        throw marginError(
          fn,
          `margins.${variable} totals sum to ${String(sum)} but margins.${vars[0]?.[0] ?? ''} to ${String(firstTotal)}; every margin must describe the same population, so no weights can meet both`,
          ['margins', variable],
          m,
        );
      }
    }
    const given = new Float64Array(shares.length);
    for (let c = 0; c < shares.length; c++) {
      const t = shares[c] as number;
      given[c] = targets === 'shares' ? t : t / sum;
      shares[c] = t / sum;
    }
    out.push({ variable, categories: cats.map(([k]) => k), index, shares, given });
  }
  return { margins: out, total: firstTotal };
}

/** @internal Each row's category index per margin: codes[k][i]. */
function readCategories(
  fn: string,
  rows: readonly unknown[],
  margins: readonly Margin[],
): Int32Array[] {
  const n = rows.length;
  const codes = margins.map(() => new Int32Array(n));
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (typeof r !== 'object' || r === null) {
      throw new NpsInputError({
        code: 'invalid_input',
        message: `${fn}: row at index ${String(i)} must be an object with the margin variables as fields, received ${describe(r)}`,
        index: i,
        path: [i],
        received: r,
      });
    }
    for (let k = 0; k < margins.length; k++) {
      const m = margins[k] as Margin;
      const v = (r as Record<string, unknown>)[m.variable];
      const key =
        typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : null;
      const c = key === null ? undefined : m.index.get(key);
      if (c === undefined) {
        const near = key === null ? undefined : closest(key, m.categories);
        throw new NpsInputError({
          code: 'unknown_category',
          message: `${fn}: row at index ${String(i)} has ${m.variable} ${describe(v)}, which is not a category of margins.${m.variable} (${m.categories.map((x) => JSON.stringify(x)).join(', ')})${near === undefined ? '' : ` (did you mean ${JSON.stringify(near)}?)`}; add it to the margin, or recode or drop the row`,
          index: i,
          path: [i, m.variable],
          received: v,
        });
      }
      (codes[k] as Int32Array)[i] = c;
    }
  }
  return codes;
}

/** @internal Σw per category of a margin. */
export function categorySums(w: Float64Array, codes: Int32Array, size: number): Float64Array {
  const sums = new Float64Array(size);
  for (let i = 0; i < w.length; i++) {
    const c = codes[i] as number;
    sums[c] = (sums[c] as number) + (w[i] as number);
  }
  return sums;
}

/**
 * @internal The rows and margins of a margins-based function, read and checked: rows an array of
 * objects (at least one), the margins, and each row's category per margin.
 */
export function readMarginRows(
  fn: string,
  rows: unknown,
  margins: unknown,
  targets: 'shares' | 'totals' | undefined,
): { n: number; margins: Margin[]; total: number; codes: Int32Array[] } {
  if (!Array.isArray(rows)) throw badInput(fn, 'rows must be an array of objects', rows);
  const list = rows as readonly unknown[];
  if (list.length === 0) {
    throw new NpsInputError({ code: 'empty', message: `${fn}: no rows`, received: rows });
  }
  const read = readMargins(fn, margins, targets ?? 'shares');
  return { n: list.length, ...read, codes: readCategories(fn, list, read.margins) };
}
