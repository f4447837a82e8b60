import * as z from 'zod/mini';
import { NpsInputError } from '../errors.ts';
import { chiSquareSf } from '../kernels/gamma.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import { type Margin, type RakeMargins, readMarginRows } from './margins.ts';

/** Options of {@link compareResponders}. */
export interface CompareRespondersOptions {
  /**
   * The invited (or target) population per variable: category → share, or category → count
   * with `targets: 'totals'`. The same shape as the margins of `rakeWeights`.
   */
  readonly margins: RakeMargins;
  /** Whether `margins` holds `'shares'` (default; each sums to 1) or `'totals'` (counts). */
  readonly targets?: 'shares' | 'totals' | undefined;
}

/** One category: responders against the population. */
export interface ResponderCategory {
  /** The category, as written in the margin. */
  readonly category: string;
  /** Responders in it (a count). */
  readonly responders: number;
  /** Its share among the responders (0..1). */
  readonly share: number;
  /** Its share of the population (0..1). */
  readonly population: number;
  /** Responders expected in it were the responders a random draw of the population: n × population. */
  readonly expected: number;
  /** share − population (−1..1): positive when over-represented among the responders. */
  readonly difference: number;
  /** share / population (over-represented above 1), or `null` when the population share is 0. */
  readonly ratio: number | null;
}

/** One variable's comparison, with Pearson's chi-square goodness-of-fit test. */
export interface ResponderVariable {
  /** The variable (the row field). */
  readonly variable: string;
  /** Its categories, in margin order. */
  readonly categories: readonly ResponderCategory[];
  /** Pearson's X² = Σ (responders − expected)² / expected over the categories (≥ 0). */
  readonly chiSquare: number;
  /** Degrees of freedom: categories with a positive population share − 1. */
  readonly df: number;
  /** P(χ²_df ≥ X²), or `null` when df is 0 (one category: nothing to test). */
  readonly pValue: number | null;
  /** Whether some expected count is below 5 (Cochran's rule), when the χ² approximation is rough. */
  readonly smallExpected: boolean;
}

/** What {@link compareResponders} returns. */
export interface CompareRespondersResult {
  /** Responders (rows). */
  readonly n: number;
  /** One comparison per variable, in margin order. */
  readonly variables: readonly ResponderVariable[];
}

const optionsSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<CompareRespondersOptions>()(
    z.strictObject({
      margins: z.unknown(),
      targets: z.optional(z.enum(['shares', 'totals'])),
    }),
  ),
);

const FN = 'compareResponders';

/**
 * Non-response check: are the responders like the population invited? For each known variable
 * (region, age band, channel…) it sets the responders' shares beside the population's and tests
 * the difference with Pearson's chi-square goodness-of-fit test (Pearson 1900; Agresti,
 * Categorical Data Analysis, 3rd ed., §1.5), X² = Σ (O − E)² / E with E = n × population share
 * on categories − 1 degrees of freedom, the p-value from the χ² distribution (as R
 * `chisq.test(x, p = shares)`). A small p-value says the responders differ from the population
 * on that variable, so unweighted figures may be biased: `rakeWeights` with the same margins
 * corrects for the variables measured (not for anything else that drives who answers).
 * O(rows × variables).
 *
 * @param rows - One object per responder, carrying each margin variable as a field.
 * @param options - `margins` (the population's shares or counts per variable) and `targets`.
 * @returns Per variable, per category shares and the test ({@link CompareRespondersResult}).
 * @throws {@link NpsInputError} `invalid_input` when `rows` is not an array or a row is not an
 *   object; `empty` for no rows; `invalid_margin` for malformed margins or a category with
 *   population 0 that has responders; `unknown_category` for a row value not in a margin;
 *   `invalid_option` for bad options.
 * @example
 * ```ts
 * // 30 responders from the north, 10 from the south; the invited list was half and half
 * const rows = [
 *   ...Array.from({ length: 30 }, () => ({ region: 'north' })),
 *   ...Array.from({ length: 10 }, () => ({ region: 'south' })),
 * ];
 * const r = compareResponders(rows, { margins: { region: { north: 0.5, south: 0.5 } } });
 * const v = r.variables[0];
 * v?.chiSquare; //=> 10
 * v?.df; //=> 1
 * v?.categories[0]?.difference; //=> 0.25
 * (v?.pValue ?? 1) < 0.01; //=> true
 * ```
 */
export function compareResponders(
  rows: readonly object[],
  options: CompareRespondersOptions,
): CompareRespondersResult {
  const o = parseWith(optionsSchema(), options, FN, 'options');
  const { n, margins, codes } = readMarginRows(FN, rows, o.margins, o.targets);
  return {
    n,
    variables: margins.map((m, k) => compareOne(m, codes[k] as Int32Array, n)),
  };
}

function compareOne(m: Margin, code: Int32Array, n: number): ResponderVariable {
  const counts = new Float64Array(m.categories.length);
  for (const c of code) counts[c] = (counts[c] as number) + 1;
  let chiSquare = 0;
  let positive = 0;
  let smallExpected = false;
  const categories = m.categories.map((category, c): ResponderCategory => {
    const responders = counts[c] as number;
    const population = m.given[c] as number;
    const expected = n * (m.shares[c] as number);
    if (population > 0) {
      positive++;
      chiSquare += (responders - expected) ** 2 / expected;
      if (expected < 5) smallExpected = true;
    } else if (responders > 0) {
      throw new NpsInputError({
        code: 'invalid_margin',
        message: `${FN}: margins.${m.variable}.${category} is 0 in the population but ${String(responders)} responders are in it; correct the margin or the rows`,
        path: ['margins', m.variable, category],
        received: population,
      });
    }
    const share = responders / n;
    return {
      category,
      responders,
      share,
      population,
      expected,
      difference: share - population,
      ratio: population > 0 ? share / population : null,
    };
  });
  const df = positive - 1;
  return {
    variable: m.variable,
    categories,
    chiSquare,
    df,
    pValue: df > 0 ? chiSquareSf(chiSquare, df) : null,
    smallExpected,
  };
}
