// Root finding on a bracket (internal kernel).

const EPS = 2.220446049250313e-16;

/**
 * A root of a continuous `f` on [a, b] where f(a) and f(b) have opposite signs (or one is 0), by
 * Brent's method: inverse quadratic interpolation and secant steps safeguarded by bisection
 * (R. P. Brent (1973), "Algorithms for Minimization without Derivatives", ch. 4; as `zbrent` in
 * Press et al., "Numerical Recipes", 3rd ed., §9.3). Stops when the bracket is narrower than
 * `2·eps·|x| + tol` (absolute `tol`), at most 200 evaluations.
 */
export function brentRoot(
  f: (x: number) => number,
  lo: number,
  hi: number,
  tol: number,
  fLo: number = f(lo),
  fHi: number = f(hi),
): number {
  let a = lo;
  let b = hi;
  let fa = fLo;
  let fb = fHi;
  if (fa === 0) return a;
  if (fb === 0) return b;
  let c = b;
  let fc = fb;
  let d = b - a;
  let e = d;
  for (let iter = 0; iter < 200; iter++) {
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol1 = 2 * EPS * Math.abs(b) + 0.5 * tol;
    const xm = 0.5 * (c - b);
    if (Math.abs(xm) <= tol1 || fb === 0) return b;
    if (Math.abs(e) >= tol1 && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * xm * s;
        q = 1 - s;
      } else {
        const qq = fa / fc;
        const r = fb / fc;
        p = s * (2 * xm * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      p = Math.abs(p);
      if (2 * p < Math.min(3 * xm * q - Math.abs(tol1 * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = xm;
        e = d;
      }
    } else {
      d = xm;
      e = d;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol1 ? d : xm > 0 ? tol1 : -tol1;
    fb = f(b);
  }
  return b;
}

/**
 * The boundary of a predicate that holds at `inside` and fails at `outside`, by bisection to
 * the last representable midpoint (about 60 halvings on [−1, 1]). Returns the last point where
 * the predicate held. For limits of test-inversion intervals, where the statistic can be
 * infinite at the edge of the parameter space.
 */
export function bisectBoundary(
  holds: (x: number) => boolean,
  inside: number,
  outside: number,
): number {
  let a = inside;
  let b = outside;
  for (let iter = 0; iter < 200; iter++) {
    const m = a + (b - a) / 2;
    if (m === a || m === b) break;
    if (holds(m)) a = m;
    else b = m;
  }
  return a;
}
