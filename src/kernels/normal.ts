/* eslint-disable no-loss-of-precision -- published coefficients (AS 241, Hart/West) are kept digit for digit as printed, beyond double precision */
// Standard normal distribution functions accurate to double precision.
//
// simple-statistics' `cumulativeStdNormalProbability` reads a two-decimal table and its
// `probit` rests on an approximate inverse error function (about 1e-7 and worse in the tails),
// too coarse for intervals that must agree with reference implementations to 1e-9; see
// docs/decisions/0002-own-normal-distribution.md.

/** Horner's evaluation at x of the polynomial with coefficients c, highest degree first. */
function horner(c: readonly number[], x: number): number {
  let acc = c[0] as number;
  for (let i = 1; i < c.length; i++) acc = acc * x + (c[i] as number);
  return acc;
}

// Hart (1968) via West (2005): Φ's tail = e^(−x²/2) · num(|x|) / den(|x|) for |x| < 7.07.
const HART_NUM: readonly number[] = [
  3.52624965998911e-2, 0.700383064443688, 6.37396220353165, 33.912866078383, 112.079291497871,
  221.213596169931, 220.206867912376,
];
const HART_DEN: readonly number[] = [
  8.83883476483184e-2, 1.75566716318264, 16.064177579207, 86.7807322029461, 296.564248779674,
  637.333633378831, 793.826512519948, 440.413735824752,
];
// AS 241 (PPND16): ratios of degree-7 polynomials in the central region |p − ½| ≤ 0.425,
// near the tails (r = √(−log min(p, 1 − p)) ≤ 5) and far in them.
const AS241_CENTRAL_NUM: readonly number[] = [
  2509.0809287301226727, 33430.575583588128105, 67265.770927008700853, 45921.953931549871457,
  13731.693765509461125, 1971.5909503065514427, 133.14166789178437745, 3.387132872796366608,
];
const AS241_CENTRAL_DEN: readonly number[] = [
  5226.495278852854561, 28729.085735721942674, 39307.89580009271061, 21213.794301586595867,
  5394.1960214247511077, 687.1870074920579083, 42.313330701600911252, 1,
];
const AS241_NEAR_NUM: readonly number[] = [
  7.7454501427834140764e-4, 0.0227238449892691845833, 0.24178072517745061177,
  1.27045825245236838258, 3.64784832476320460504, 5.7694972214606914055, 4.6303378461565452959,
  1.42343711074968357734,
];
const AS241_NEAR_DEN: readonly number[] = [
  1.05075007164441684324e-9, 5.475938084995344946e-4, 0.0151986665636164571966,
  0.14810397642748007459, 0.68976733498510000455, 1.6763848301838038494, 2.05319162663775882187, 1,
];
const AS241_TAIL_NUM: readonly number[] = [
  2.01033439929228813265e-7, 2.71155556874348757815e-5, 0.0012426609473880784386,
  0.026532189526576123093, 0.29656057182850489123, 1.7848265399172913358, 5.4637849111641143699,
  6.6579046435011037772,
];
const AS241_TAIL_DEN: readonly number[] = [
  2.04426310338993978564e-15, 1.4215117583164458887e-7, 1.8463183175100546818e-5,
  7.868691311456132591e-4, 0.0148753612908506148525, 0.13692988092273580531, 0.59983220655588793769,
  1,
];

/**
 * Standard normal CDF Φ(x), by Hart's (1968) double-precision rational approximation as given
 * in G. West (2005), "Better approximations to cumulative normal functions", Wilmott Magazine,
 * 70–76 (absolute error below 1e-14).
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const a = Math.abs(x);
  let tail: number;
  if (a > 37) {
    tail = 0;
  } else {
    const e = Math.exp((-a * a) / 2);
    if (a < 7.07106781186547) {
      tail = (e * horner(HART_NUM, a)) / horner(HART_DEN, a);
    } else {
      let b = a + 0.65;
      b = a + 4 / b;
      b = a + 3 / b;
      b = a + 2 / b;
      b = a + 1 / b;
      tail = e / b / 2.506628274631;
    }
  }
  return x > 0 ? 1 - tail : tail;
}

/** Upper tail 1 − Φ(x) without cancellation for large x. */
export function normalSf(x: number): number {
  return normalCdf(-x);
}

/**
 * Standard normal quantile Φ⁻¹(p), by Wichura's algorithm AS 241 (PPND16), "The percentage
 * points of the normal distribution", Applied Statistics 37 (1988) 477–484; relative accuracy
 * about 1e-16. Returns ±Infinity at 0 and 1 and NaN outside [0, 1].
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return Number.NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * horner(AS241_CENTRAL_NUM, r)) / horner(AS241_CENTRAL_DEN, r);
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let val: number;
  if (r <= 5) {
    r -= 1.6;
    val = horner(AS241_NEAR_NUM, r) / horner(AS241_NEAR_DEN, r);
  } else {
    r -= 5;
    val = horner(AS241_TAIL_NUM, r) / horner(AS241_TAIL_DEN, r);
  }
  return q < 0 ? -val : val;
}

/**
 * The two-sided critical value z = Φ⁻¹(1 − α/2) for a confidence level 1 − α, e.g.
 * 1.9599639845400536 for 0.95 (R's `qnorm(0.975)`, digit for digit). When 1 − α/2 rounds to
 * 1 (levels within about 1e-16 of 1) it is computed as −Φ⁻¹(α/2) instead, so it stays finite.
 */
export function zForConfidence(confidence: number): number {
  // Called once per interval: a table of thousands repeats the same level.
  if (confidence === lastConfidence) return lastZ;
  const tail = (1 - confidence) / 2;
  const upper = 1 - tail;
  const z = upper < 1 ? normalQuantile(upper) : -normalQuantile(tail);
  lastConfidence = confidence;
  lastZ = z;
  return z;
}

let lastConfidence = Number.NaN;
let lastZ = Number.NaN;
