import * as z from 'zod/mini';
import { figuresOf, intervalOptionsOf } from '../core/figures.ts';
import type { NpsIntervalOptions } from '../core/npsInterval.ts';
import { NpsInputError } from '../errors.ts';
import { type SegmentedResponses, segmentKeys } from '../hierarchy/segments.ts';
import { badInput } from '../kernels/badInput.ts';
import { fSf, logGamma } from '../kernels/beta.ts';
import { coerceNumber } from '../kernels/counts.ts';
import { chiSquareSf } from '../kernels/gamma.ts';
import { countGroups, groupTally } from '../kernels/groups.ts';
import { symmetricEigen } from '../kernels/matrix.ts';
import {
  fdrOption,
  intervalShape,
  minSampleOption,
  readShape,
  seedOption,
} from '../kernels/options.ts';
import { seededRandom } from '../kernels/random.ts';
import { asResponses, type NormalizedResponses, normalizeResponses } from '../kernels/responses.ts';
import { EXCLUDED } from '../kernels/scores.ts';
import { exactKeys, lazy, parseWith } from '../kernels/validate.ts';
import { benjaminiHochberg } from '../stats/benjaminiHochberg.ts';
import type { Exclusion, PublishedFigures, ReadOptions, Scheme, Tally } from '../types.ts';

/** Options of {@link sourceEffects}. */
export interface SourceEffectsOptions extends NpsIntervalOptions, ReadOptions {
  /** The field naming the source: interviewer, channel, survey mode, language… */
  readonly by: string;
  /**
   * An optional field to compare within (store, region; `'nodeId'` for the response's node):
   * each source is then compared with the other sources of the same strata only.
   */
  readonly stratum?: string | undefined;
  /** Minimum responses for a source to be tested (default 1); smaller sources are still listed and still count in the others' comparisons. */
  readonly minSample?: number | undefined;
  /** The false-discovery rate at which a source is flagged: `qValue < fdr` (default 0.05). */
  readonly fdr?: number | undefined;
  /** Seed of the Monte Carlo p-values (an integer in [0, 2^32 − 1]; default 0). */
  readonly seed?: number | undefined;
  /** Monte Carlo replicates B (default 2000, as R's `chisq.test`). */
  readonly replicates?: number | undefined;
  /**
   * When the p-value is simulated: `'auto'` (default) when an expected count of the source's
   * table is below 5, `'always'`, or `'never'` (the asymptotic χ² p-value throughout).
   */
  readonly simulate?: 'auto' | 'always' | 'never' | undefined;
}

/** The test of one source's score distribution against the other sources. */
export interface SourceTest {
  /**
   * `'pearson'`: Pearson's χ² on the source-vs-rest × score table (no stratum);
   * `'cmh'`: the generalized Cochran–Mantel–Haenszel statistic over the strata.
   */
  readonly method: 'pearson' | 'cmh';
  /** The statistic (χ² or Q). */
  readonly statistic: number;
  /** Degrees of freedom of its χ² reference (scores observed − 1, or the rank of the CMH covariance). */
  readonly df: number;
  /** The p-value, 0..1. */
  readonly pValue: number;
  /** How the p-value was computed. */
  readonly pValueMethod: 'asymptotic' | 'monte-carlo';
  /** Monte Carlo replicates (`null` for the asymptotic p-value). */
  readonly replicates: number | null;
  /** The smallest expected count of the (pooled) source-vs-rest table. */
  readonly minExpected: number;
}

/** One source: its {@link PublishedFigures} (NPS on −100..100), score distribution and test. */
export interface SourceEffect extends PublishedFigures {
  /** The source value. */
  readonly source: string;
  /** Responses per score, index 0 for the scale's lowest score (`scale[0] + i` is the score). */
  readonly counts: readonly number[];
  /**
   * Standardized residual per score (index as `counts`): the source's observed minus expected
   * count over its standard deviation (Haberman's adjusted residual without a stratum, R's
   * `chisq.test(...)$stdres`; the CMH analogue with one); `null` for scores nobody gave, and
   * all `null` when the source was not tested.
   */
  readonly residuals: readonly (number | null)[];
  /** The test against the other sources; `null` when not run (below `minSample`, no other source, one score only). */
  readonly test: SourceTest | null;
  /** The Benjamini–Hochberg q-value across the tested sources; `null` when not tested. */
  readonly qValue: number | null;
  /** Whether `qValue < fdr`. */
  readonly flagged: boolean;
  /**
   * The largest deviation, in words ("more 10s than others", "fewer detractors than others"):
   * the score or category with the largest absolute standardized residual; `null` when not
   * tested. It describes the source whether or not it is flagged: read it with `qValue`.
   */
  readonly direction: string | null;
}

/** The intraclass correlation of the score by source. */
export interface SourceIcc {
  /** ICC(1) = (MSB − MSW) / (MSB + (n₀ − 1)·MSW); may be negative (no source effect). */
  readonly icc: number;
  /** Sources with responses (a). */
  readonly groups: number;
  /** Responses (N). */
  readonly n: number;
  /** The average group size n₀ = (N − Σnᵢ²/N) / (a − 1). */
  readonly n0: number;
  /** Mean square between sources. */
  readonly msBetween: number;
  /** Mean square within sources. */
  readonly msWithin: number;
  /** F = MSB / MSW, df (a − 1, N − a). */
  readonly f: number;
  /** P(F ≥ f) under no source effect. */
  readonly pValue: number;
  /**
   * Whether the score was centred by its stratum mean first. The df are then not reduced for the
   * strata means, so `pValue` is approximate (anticonservative when sources cross many small
   * strata; see docs/quality.md).
   */
  readonly stratified: boolean;
}

/** The result of {@link sourceEffects}. */
export interface SourceEffectsResult {
  /** The source field. */
  readonly by: string;
  /** The stratum field, or `null`. */
  readonly stratum: string | null;
  /** The scheme's scale: `counts[i]` is for score `scale[0] + i`. */
  readonly scale: readonly [number, number];
  /** The flagging rate. */
  readonly fdr: number;
  /** Sources in order of first appearance. */
  readonly sources: readonly SourceEffect[];
  /** ICC(1) of the score by source; `null` with fewer than two sources or no variance. */
  readonly icc: SourceIcc | null;
  /** Tally of all compared responses. */
  readonly total: Tally;
  /** Responses without a source (or, with `stratum`, without a stratum): not compared, counted. */
  readonly missing: number;
  /** Responses set aside for their score (`onInvalidScore: 'exclude'`), by reason and value. */
  readonly excluded: readonly Exclusion[];
  /** How many responses `excluded` holds. */
  readonly excludedN: number;
}

const optionsSchema = /* @__PURE__ */ lazy(() =>
  exactKeys<SourceEffectsOptions>()(
    z.strictObject({
      by: z.string().check(z.minLength(1)),
      stratum: z.optional(z.string().check(z.minLength(1))),
      minSample: minSampleOption(),
      fdr: fdrOption(),
      seed: z.optional(seedOption()),
      replicates: z.optional(z.int().check(z.gte(1), z.lte(1_000_000))),
      simulate: z.optional(z.enum(['auto', 'always', 'never'])),
      ...intervalShape(),
      ...readShape(),
    }),
  ),
);

/**
 * R's `almost.1` = 1 − 64·ε (ε = 2⁻⁵²): simulated statistics within rounding of the observed one
 * count as ≥. A literal, so the module has no top-level expression a bundler must keep.
 */
const ALMOST_ONE = 0.9999999999999858;

/** Score offset (score − scale[0]) of every record, −1 where it was set aside. */
function scoreOffsets(
  input: SegmentedResponses,
  norm: NormalizedResponses,
  scheme: Scheme,
  coerce: boolean,
): Int32Array {
  const len = norm.length;
  const out = new Int32Array(len);
  const min = scheme.scale[0];
  const cat = norm.category;
  const col = Array.isArray(input)
    ? null
    : (input as unknown as { score: ArrayLike<unknown> }).score;
  const rows = Array.isArray(input) ? (input as readonly { score?: unknown }[]) : null;
  for (let i = 0; i < len; i++) {
    if (cat === null || cat[i] === EXCLUDED) {
      out[i] = -1;
      continue;
    }
    const s: unknown = rows !== null ? rows[i]?.score : col?.[i];
    const v = typeof s === 'number' ? s : coerce ? (coerceNumber(s) ?? Number.NaN) : Number.NaN;
    out[i] = v - min;
  }
  return out;
}

/** One source's table within the strata: what is fixed under the null, and the observed row. */
interface Design {
  /** Contributing strata (both the source and the rest present): column totals c[h·K + k]. */
  readonly cols: Float64Array;
  /** The source's row total per contributing stratum. */
  readonly rowN: Float64Array;
  /** Stratum totals. */
  readonly totals: Float64Array;
  /** The source's observed counts, c-indexed like `cols`. */
  readonly observed: Float64Array;
  /** Number of contributing strata. */
  readonly strata: number;
}

function designOf(cube: Float64Array, s: number, a: number, S: number, K: number): Design {
  const hs: number[] = [];
  for (let h = 0; h < S; h++) {
    let n1 = 0;
    let nAll = 0;
    for (let src = 0; src < a; src++) {
      for (let k = 0; k < K; k++) {
        const v = cube[(src * S + h) * K + k] ?? 0;
        nAll += v;
        if (src === s) n1 += v;
      }
    }
    if (n1 > 0 && nAll > n1) hs.push(h);
  }
  const m = hs.length;
  const cols = new Float64Array(m * K);
  const observed = new Float64Array(m * K);
  const rowN = new Float64Array(m);
  const totals = new Float64Array(m);
  hs.forEach((h, j) => {
    for (let src = 0; src < a; src++) {
      for (let k = 0; k < K; k++) {
        const v = cube[(src * S + h) * K + k] ?? 0;
        cols[j * K + k] = (cols[j * K + k] ?? 0) + v;
        totals[j] = (totals[j] ?? 0) + v;
        if (src === s) {
          observed[j * K + k] = v;
          rowN[j] = (rowN[j] ?? 0) + v;
        }
      }
    }
  });
  return { cols, rowN, totals, observed, strata: m };
}

/**
 * The null moments of the source's pooled counts: expected E[k] = Σ_h n₁ₕ·cₕₖ / Nₕ and the
 * covariance V = Σ_h n₁ₕ·n₂ₕ / (Nₕ²(Nₕ − 1)) · (Nₕ·diag(cₕ) − cₕcₕᵀ) (multivariate
 * hypergeometric; Landis, Heyman and Koch 1978), scaled by (N − 1)/N for Pearson's residuals.
 */
function momentsOf(d: Design, K: number, pearson: boolean): { e: Float64Array; v: Float64Array } {
  const e = new Float64Array(K);
  const v = new Float64Array(K * K);
  for (let h = 0; h < d.strata; h++) {
    const n = d.totals[h] ?? 0;
    const n1 = d.rowN[h] ?? 0;
    const f = (n1 * (n - n1)) / (n * n * (pearson ? n : n - 1));
    for (let k = 0; k < K; k++) {
      const ck = d.cols[h * K + k] ?? 0;
      e[k] = (e[k] ?? 0) + (n1 * ck) / n;
      if (ck === 0) continue;
      for (let l = 0; l < K; l++) {
        const cl = d.cols[h * K + l] ?? 0;
        v[k * K + l] = (v[k * K + l] ?? 0) + f * ((k === l ? n * ck : 0) - ck * cl);
      }
    }
  }
  return { e, v };
}

/** Moore–Penrose inverse of the symmetric PSD K×K matrix `v` and its rank. */
function pseudoInverse(v: Float64Array, K: number): { inv: Float64Array; rank: number } {
  const { values, vectors } = symmetricEigen(v, K);
  let top = 0;
  for (const x of values) top = Math.max(top, x);
  const inv = new Float64Array(K * K);
  let rank = 0;
  for (let j = 0; j < K; j++) {
    const lambda = values[j] ?? 0;
    if (!(lambda > 1e-10 * top)) continue;
    rank++;
    for (let k = 0; k < K; k++) {
      const uk = (vectors[k * K + j] ?? 0) / lambda;
      if (uk === 0) continue;
      for (let l = 0; l < K; l++)
        inv[k * K + l] = (inv[k * K + l] ?? 0) + uk * (vectors[l * K + j] ?? 0);
    }
  }
  return { inv, rank };
}

/** The source's pooled counts over the strata. */
function pooled(x: Float64Array, strata: number, K: number): Float64Array {
  const out = new Float64Array(K);
  for (let h = 0; h < strata; h++)
    for (let k = 0; k < K; k++) out[k] = (out[k] ?? 0) + (x[h * K + k] ?? 0);
  return out;
}

/** Pearson's X² of the 2 × K table (source row `x`, column totals `c`, source total n₁ of N). */
function pearsonOf(x: Float64Array, c: Float64Array, n1: number, n: number, K: number): number {
  let x2 = 0;
  const n2 = n - n1;
  for (let k = 0; k < K; k++) {
    const ck = c[k] ?? 0;
    if (ck === 0) continue;
    const e1 = (n1 * ck) / n;
    const e2 = (n2 * ck) / n;
    const d = (x[k] ?? 0) - e1;
    x2 += (d * d) / e1 + (d * d) / e2;
  }
  return x2;
}

/** The CMH quadratic form (x − e)ᵀ V⁺ (x − e). */
function quadOf(x: Float64Array, e: Float64Array, inv: Float64Array, K: number): number {
  let q = 0;
  for (let k = 0; k < K; k++) {
    const dk = (x[k] ?? 0) - (e[k] ?? 0);
    if (dk === 0) continue;
    for (let l = 0; l < K; l++) q += dk * (inv[k * K + l] ?? 0) * ((x[l] ?? 0) - (e[l] ?? 0));
  }
  return q;
}

const logChoose = (n: number, k: number): number =>
  logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);

/**
 * A hypergeometric draw: successes among `n` drawn without replacement from `good` successes and
 * `bad` failures. Inversion searched outward from the mode, alternating up and down (Kemp 1986's
 * chop-down search from the mode), with the pmf updated by its ratio: O(sd) steps per draw.
 */
function hypergeometric(random: () => number, n: number, good: number, bad: number): number {
  const lo = Math.max(0, n - bad);
  const hi = Math.min(n, good);
  if (lo === hi) return lo;
  const total = good + bad;
  const mode = Math.min(hi, Math.max(lo, Math.floor(((n + 1) * (good + 1)) / (total + 2))));
  const pMode = Math.exp(logChoose(good, mode) + logChoose(bad, n - mode) - logChoose(total, n));
  let u = random();
  let up = mode;
  let pUp = pMode;
  let down = mode - 1;
  // pmf(x − 1) = pmf(x) · x (bad − n + x) / ((good − x + 1)(n − x + 1))
  let pDown =
    down >= lo ? (pMode * mode * (bad - n + mode)) / ((good - mode + 1) * (n - mode + 1)) : 0;
  while (up <= hi || down >= lo) {
    if (up <= hi) {
      u -= pUp;
      if (u <= 0) return up;
      // pmf(x + 1) = pmf(x) · (good − x)(n − x) / ((x + 1)(bad − n + x + 1))
      pUp = (pUp * (good - up) * (n - up)) / ((up + 1) * (bad - n + up + 1));
      up++;
    }
    if (down >= lo) {
      u -= pDown;
      if (u <= 0) return down;
      pDown = (pDown * down * (bad - n + down)) / ((good - down + 1) * (n - down + 1));
      down--;
    }
  }
  return mode; // the rounding remainder of the probabilities
}

/**
 * Draw the source's row of a random table with the design's margins, stratum by stratum: the
 * n₁ₕ responses of the source drawn without replacement from stratum h's column totals (the
 * permutation distribution conditional on all margins, the law of Patefield's r2dtable), one
 * column after another as conditional hypergeometric draws.
 */
function drawRow(d: Design, K: number, random: () => number, out: Float64Array): void {
  out.fill(0);
  for (let h = 0; h < d.strata; h++) {
    let m = d.rowN[h] ?? 0;
    let left = d.totals[h] ?? 0;
    for (let k = 0; k < K && m > 0; k++) {
      const ck = d.cols[h * K + k] ?? 0;
      const x = k === K - 1 ? m : hypergeometric(random, m, ck, left - ck);
      out[k] = (out[k] ?? 0) + x;
      m -= x;
      left -= ck;
    }
  }
}

interface Tested {
  readonly test: SourceTest;
  readonly residuals: (number | null)[];
  readonly direction: string;
}

/** The categories' score ranges, for the direction in words. */
function categoriesOf(scheme: Scheme): readonly (readonly [string, number, number])[] {
  return [
    ['promoters', scheme.promoters[0], scheme.promoters[1]],
    ['passives', scheme.passives[0], scheme.passives[1]],
    ['detractors', scheme.detractors[0], scheme.detractors[1]],
  ];
}

function testSource(
  d: Design,
  K: number,
  scheme: Scheme,
  stratified: boolean,
  o: { simulate: 'auto' | 'always' | 'never'; replicates: number; random: () => number },
): Tested | null {
  const x = pooled(d.observed, d.strata, K);
  const c = pooled(d.cols, d.strata, K);
  let n1 = 0;
  let n = 0;
  for (let h = 0; h < d.strata; h++) {
    n1 += d.rowN[h] ?? 0;
    n += d.totals[h] ?? 0;
  }
  const { e, v } = momentsOf(d, K, !stratified);
  let observedScores = 0;
  let minExpected = Number.POSITIVE_INFINITY;
  for (let k = 0; k < K; k++) {
    if ((c[k] ?? 0) === 0) continue;
    observedScores++;
    const ek = e[k] ?? 0;
    minExpected = Math.min(minExpected, ek, (c[k] ?? 0) - ek);
  }
  if (observedScores < 2) return null;
  let statistic: number;
  let df: number;
  let stat: (row: Float64Array) => number;
  if (stratified) {
    const { inv, rank } = pseudoInverse(v, K);
    if (rank === 0) return null;
    df = rank;
    stat = (row) => quadOf(row, e, inv, K);
  } else {
    df = observedScores - 1;
    stat = (row) => pearsonOf(row, c, n1, n, K);
  }
  statistic = stat(x);
  const simulated = o.simulate === 'always' || (o.simulate === 'auto' && minExpected < 5);
  let pValue: number;
  if (simulated) {
    const row = new Float64Array(K);
    const bar = ALMOST_ONE * statistic;
    let hits = 0;
    for (let b = 0; b < o.replicates; b++) {
      drawRow(d, K, o.random, row);
      if (stat(row) >= bar) hits++;
    }
    pValue = (1 + hits) / (o.replicates + 1);
  } else {
    pValue = chiSquareSf(statistic, df);
  }
  statistic = Math.max(0, statistic);
  const residuals: (number | null)[] = [];
  const min = scheme.scale[0];
  let best = 0;
  let words = '';
  const consider = (r: number, what: string): void => {
    if (Math.abs(r) > Math.abs(best) + 1e-12) {
      best = r;
      words = `${r > 0 ? 'more' : 'fewer'} ${what} than others`;
    }
  };
  for (let k = 0; k < K; k++) {
    const vk = v[k * K + k] ?? 0;
    const r = vk > 0 ? ((x[k] ?? 0) - (e[k] ?? 0)) / Math.sqrt(vk) : null;
    residuals.push(r);
    if (r !== null) consider(r, `${String(min + k)}s`);
  }
  for (const [name, lo, hi] of categoriesOf(scheme)) {
    let dsum = 0;
    let var_ = 0;
    for (let k = lo - min; k <= hi - min; k++) {
      dsum += (x[k] ?? 0) - (e[k] ?? 0);
      for (let l = lo - min; l <= hi - min; l++) var_ += v[k * K + l] ?? 0;
    }
    if (var_ > 1e-12) consider(dsum / Math.sqrt(var_), name);
  }
  return {
    test: {
      method: stratified ? 'cmh' : 'pearson',
      statistic,
      df,
      pValue: Math.min(1, Math.max(0, pValue)),
      pValueMethod: simulated ? 'monte-carlo' : 'asymptotic',
      replicates: simulated ? o.replicates : null,
      minExpected,
    },
    residuals,
    direction: words === '' ? 'no difference from others' : words,
  };
}

/**
 * ICC(1) of y by group, one-way random-effects ANOVA estimator (Shrout and Fleiss 1979):
 * (MSB − MSW) / (MSB + (n₀ − 1)·MSW) with n₀ = (N − Σnᵢ²/N)/(a − 1) for unequal groups.
 */
function iccOf(y: Float64Array, g: Int32Array, a: number, stratified: boolean): SourceIcc | null {
  const n = y.length;
  const sum = new Float64Array(a);
  const cnt = new Float64Array(a);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const k = g[i] ?? 0;
    sum[k] = (sum[k] ?? 0) + (y[i] ?? 0);
    cnt[k] = (cnt[k] ?? 0) + 1;
    total += y[i] ?? 0;
  }
  let groups = 0;
  let sumSq = 0;
  for (let k = 0; k < a; k++) {
    if ((cnt[k] ?? 0) > 0) groups++;
    sumSq += (cnt[k] ?? 0) ** 2;
  }
  if (groups < 2 || n - groups < 1) return null;
  const mean = total / n;
  let ssb = 0;
  for (let k = 0; k < a; k++) {
    const nk = cnt[k] ?? 0;
    if (nk > 0) ssb += nk * ((sum[k] ?? 0) / nk - mean) ** 2;
  }
  let ssw = 0;
  for (let i = 0; i < n; i++) {
    const k = g[i] ?? 0;
    ssw += ((y[i] ?? 0) - (sum[k] ?? 0) / (cnt[k] ?? 1)) ** 2;
  }
  const msb = ssb / (groups - 1);
  const msw = ssw / (n - groups);
  const n0 = (n - sumSq / n) / (groups - 1);
  if (!(msb + (n0 - 1) * msw > 0) || !(msw > 0)) return null;
  const f = msb / msw;
  return {
    icc: (msb - msw) / (msb + (n0 - 1) * msw),
    groups,
    n,
    n0,
    msBetween: msb,
    msWithin: msw,
    f,
    pValue: fSf(f, groups - 1, n - groups),
    stratified,
  };
}

/**
 * Interviewer and channel effects: does a source (interviewer, channel, survey mode, language)
 * collect a different score distribution from the others? Per source: n, the counts per score,
 * its {@link PublishedFigures} (NPS on −100..100 with interval), a test of its score
 * distribution against all other sources, Benjamini–Hochberg q-values across the tested sources
 * (Benjamini and Hochberg 1995) with `flagged` at `qValue < fdr`, and the largest deviation in
 * words; and the intraclass correlation of the score by source.
 *
 * Method. Without a stratum: Pearson's χ² on the 2 × K table source vs rest × score (scores
 * nobody gave left out; df = K − 1), as R `chisq.test`. With a stratum (store, region): the
 * generalized Cochran–Mantel–Haenszel statistic Q = (n − m)ᵀ V⁻ (n − m) over the 2 × K × strata
 * table, n the source's counts and m, V their expectation and multivariate-hypergeometric
 * covariance summed over the strata (Landis, Heyman and Koch 1978, Biometrics 34, 179–192; as R
 * `mantelhaen.test` on a 2 × K × S array, df the rank of V): the source is compared with the
 * other sources of the same strata, so working in a good store is not held against it. When an
 * expected count is below 5 (`simulate: 'auto'`) the p-value is a seeded Monte Carlo one, as R
 * `chisq.test(simulate.p.value = TRUE)` (Hope 1968): B random tables with all margins (within
 * strata) fixed, p = (1 + #{stat ≥ observed}) / (B + 1). ICC(1): one-way random-effects ANOVA
 * (Shrout and Fleiss 1979), on the score centred by its stratum mean when a stratum is given.
 * Individual scores are needed: tally entries and weighted responses are refused.
 * Complexity O(N + a·S·K²) plus O(B·(n₁·K + K²)) per simulated source.
 *
 * @param responses - Rows or columns carrying the `by` field (and `stratum`, if given).
 * @param options - `by`, `stratum`, `minSample`, `fdr`, `seed`, `replicates`, `simulate`,
 *   scheme and interval options, `coerce`, `onInvalidScore`.
 * @returns A {@link SourceEffectsResult}.
 * @throws {@link NpsInputError} `invalid_option` (bad options), `invalid_input` (tally entries,
 *   weights, a non-string source), and the response errors of {@link segments}.
 * @example
 * ```ts
 * // five honest interviewers (scores 5..10 evenly) and one who records only 10s
 * const honest = (who: string) =>
 *   Array.from({ length: 30 }, (_, i) => ({ score: 5 + (i % 6), who }));
 * const rows = [
 *   ...['ann', 'bob', 'dan', 'eve', 'fay'].flatMap(honest),
 *   ...Array.from({ length: 30 }, () => ({ score: 10, who: 'cy' })),
 * ];
 * const r = sourceEffects(rows, { by: 'who' });
 * r.sources.filter((s) => s.flagged).map((s) => s.source); //=> ['cy']
 * r.sources[5]?.direction; //=> 'more 10s than others'
 * ```
 */
export function sourceEffects(
  responses: SegmentedResponses,
  options: SourceEffectsOptions,
): SourceEffectsResult {
  const fn = 'sourceEffects';
  const o = parseWith(optionsSchema(), options, fn, 'options');
  const { by, stratum } = o;
  if (stratum === by) {
    throw new NpsInputError({
      code: 'invalid_option',
      message: `${fn}: options.stratum must differ from options.by, received ${JSON.stringify(stratum)} for both`,
      path: ['stratum'],
      received: stratum,
    });
  }
  const r = intervalOptionsOf(fn, options);
  const scheme = r.scheme;
  const extra = stratum === undefined ? [by] : [by, stratum];
  const input = asResponses(
    fn,
    responses,
    extra.filter((f) => f !== 'nodeId'),
  );
  const norm = normalizeResponses(fn, input, { scheme, read: o });
  if (norm.kind === 'tallies') {
    throw badInput(
      fn,
      'responses must be rows or columns with one score each (tally entries carry no score distribution)',
      'tally entries',
    );
  }
  if (norm.weight !== null) {
    throw badInput(
      fn,
      'responses must be unweighted (the tests compare interviews as they were collected; drop the weights)',
      'weighted responses',
      ['weight'],
    );
  }
  const src = segmentKeys(fn, input, by, norm);
  const str = stratum === undefined ? null : segmentKeys(fn, input, stratum, norm);
  const a = src.names.length;
  const S = str === null ? 1 : str.names.length;
  const min = scheme.scale[0];
  const K = scheme.scale[1] - min + 1;
  const offs = scoreOffsets(input, norm, scheme, o.coerce === true);
  // the records compared: with a source and (when asked) a stratum
  const key = Int32Array.from(src.key, (k, i) => (str !== null && (str.key[i] ?? -1) < 0 ? -1 : k));
  let missing = 0;
  const cube = new Float64Array(a * S * K);
  let used = 0;
  for (let i = 0; i < norm.length; i++) {
    if ((offs[i] ?? -1) < 0) continue;
    const k = key[i] ?? -1;
    if (k < 0) {
      missing++;
      continue;
    }
    const h = str === null ? 0 : (str.key[i] ?? 0);
    const j = (k * S + h) * K + (offs[i] ?? 0);
    cube[j] = (cube[j] ?? 0) + 1;
    used++;
  }
  // ICC on the (stratum-centred) scores
  const y = new Float64Array(used);
  const g = new Int32Array(used);
  const hOf = new Int32Array(used);
  const hSum = new Float64Array(S);
  const hCnt = new Float64Array(S);
  let u = 0;
  for (let i = 0; i < norm.length; i++) {
    const k = key[i] ?? -1;
    if ((offs[i] ?? -1) < 0 || k < 0) continue;
    const h = str === null ? 0 : (str.key[i] ?? 0);
    y[u] = min + (offs[i] ?? 0);
    g[u] = k;
    hOf[u] = h;
    hSum[h] = (hSum[h] ?? 0) + (y[u] ?? 0);
    hCnt[h] = (hCnt[h] ?? 0) + 1;
    u++;
  }
  if (str !== null)
    for (let j = 0; j < used; j++)
      y[j] = (y[j] ?? 0) - (hSum[hOf[j] ?? 0] ?? 0) / (hCnt[hOf[j] ?? 0] ?? 1);
  const icc = iccOf(y, g, a, str !== null);

  const groups = countGroups(norm, key, a);
  const random = seededRandom(o.seed ?? 0);
  const minSample = Math.max(1, o.minSample ?? 1);
  const run = { simulate: o.simulate ?? 'auto', replicates: o.replicates ?? 2000, random };
  const tested: (Tested | null)[] = [];
  for (let s = 0; s < a; s++) {
    let ns = 0;
    for (let j = s * S * K; j < (s + 1) * S * K; j++) ns += cube[j] ?? 0;
    tested.push(
      ns >= minSample ? testSource(designOf(cube, s, a, S, K), K, scheme, str !== null, run) : null,
    );
  }
  const q = benjaminiHochberg(tested.map((t) => t?.test.pValue ?? null));
  const fdr = o.fdr ?? 0.05;
  const sources = src.names.map((name, s): SourceEffect => {
    const t = tested[s] ?? null;
    const counts: number[] = [];
    for (let k = 0; k < K; k++) {
      let c = 0;
      for (let h = 0; h < S; h++) c += cube[(s * S + h) * K + k] ?? 0;
      counts.push(c);
    }
    const qs = q[s] ?? null;
    return {
      source: name,
      ...figuresOf(groupTally(groups, s), r),
      counts,
      residuals: t?.residuals ?? counts.map(() => null),
      test: t?.test ?? null,
      qValue: qs,
      flagged: qs !== null && qs < fdr,
      direction: t?.direction ?? null,
    };
  });
  const all = countGroups(
    norm,
    Int32Array.from(key, (k) => (k < 0 ? -1 : 0)),
    1,
  );
  return {
    by,
    stratum: stratum ?? null,
    scale: [scheme.scale[0], scheme.scale[1]],
    fdr,
    sources,
    icc,
    total: groupTally(all, 0),
    missing,
    excluded: norm.excluded,
    excludedN: norm.excludedN,
  };
}
