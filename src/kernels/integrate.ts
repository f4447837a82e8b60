/* eslint-disable no-loss-of-precision -- QUADPACK coefficients are kept digit for digit as published, beyond double precision */
// Adaptive Gauss–Kronrod quadrature (internal kernel).

// 15-point Kronrod nodes and weights and the embedded 7-point Gauss weights, as in QUADPACK's
// QK15 (R. Piessens, E. de Doncker-Kapenga, C. Überhuber, D. Kahaner (1983), "QUADPACK",
// Springer). Nodes are the abscissae in (0, 1]; the last is the centre 0.
const XGK = [
  0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
  0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
  0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
  0.207784955007898467600689403773245, 0,
];
const WGK = [
  0.02293532201052922496373200805897, 0.063092092629978553290700663189204,
  0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
  0.16900472663926790282658342659855, 0.190350578064785409913256402421014,
  0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
];
// Gauss weights for the Kronrod nodes XGK[1], XGK[3], XGK[5] and the centre XGK[7].
const WG = [
  0.129484966168869693270611432679082, 0.27970539148927666790146777142378,
  0.381830050505118944950369775488975, 0.417959183673469387755102040816327,
];

const EPMACH = 2.220446049250313e-16;
const UFLOW = 2.2250738585072014e-308;

/**
 * One Gauss–Kronrod 15/7 panel as QUADPACK's QK15: [Kronrod estimate, error estimate], where the
 * error is resasc·min(1, (200·|K15 − G7| / resasc)^1.5), floored at 50·eps·∫|f| (the round-off
 * level), with resasc ≈ ∫|f − mean f|.
 */
function panel(f: (x: number) => number, a: number, b: number): [number, number] {
  const c = 0.5 * (a + b);
  const h = 0.5 * (b - a);
  const fc = f(c);
  const fv1 = [0, 0, 0, 0, 0, 0, 0];
  const fv2 = [0, 0, 0, 0, 0, 0, 0];
  let k = fc * (WGK[7] as number);
  let g = fc * (WG[3] as number);
  let resabs = Math.abs(k);
  for (let j = 0; j < 7; j++) {
    const dx = h * (XGK[j] as number);
    const f1 = f(c - dx);
    const f2 = f(c + dx);
    fv1[j] = f1;
    fv2[j] = f2;
    const w = WGK[j] as number;
    k += w * (f1 + f2);
    resabs += w * (Math.abs(f1) + Math.abs(f2));
    if ((j & 1) === 1) g += (WG[(j - 1) >> 1] as number) * (f1 + f2);
  }
  const mean = 0.5 * k;
  let resasc = (WGK[7] as number) * Math.abs(fc - mean);
  for (let j = 0; j < 7; j++) {
    resasc +=
      (WGK[j] as number) *
      (Math.abs((fv1[j] as number) - mean) + Math.abs((fv2[j] as number) - mean));
  }
  const ah = Math.abs(h);
  resabs *= ah;
  resasc *= ah;
  let err = Math.abs((k - g) * h);
  if (resasc !== 0 && err !== 0) err = resasc * Math.min(1, ((200 * err) / resasc) ** 1.5);
  if (resabs > UFLOW / (50 * EPMACH)) err = Math.max(EPMACH * 50 * resabs, err);
  return [k * h, err];
}

/**
 * ∫ f over [a, b] by globally adaptive Gauss–Kronrod 15/7 quadrature (the strategy of
 * QUADPACK's QAG): the panel with the largest error estimate is halved until the summed error
 * estimate is at most `absTol`, or 1000 panels. `breakpoints` inside (a, b) start the
 * subdivision there (put them around narrow peaks so the first panels cannot miss them).
 * Nodes are interior, so integrable end-point singularities are never evaluated, though they
 * converge slowly; remove them by a change of variable where possible.
 */
export function integrate(
  f: (x: number) => number,
  a: number,
  b: number,
  absTol: number,
  breakpoints: readonly number[] = [],
): number {
  if (!(b > a)) return 0;
  const pts = [a];
  for (const p of [...breakpoints].sort((x, y) => x - y)) {
    if (p > (pts[pts.length - 1] as number) && p < b) pts.push(p);
  }
  pts.push(b);
  const lo: number[] = [];
  const hi: number[] = [];
  const est: number[] = [];
  const err: number[] = [];
  let totalErr = 0;
  for (let i = 0; i + 1 < pts.length; i++) {
    const [e, r] = panel(f, pts[i] as number, pts[i + 1] as number);
    lo.push(pts[i] as number);
    hi.push(pts[i + 1] as number);
    est.push(e);
    err.push(r);
    totalErr += r;
  }
  while (totalErr > absTol && est.length < 1000) {
    let worst = 0;
    for (let i = 1; i < err.length; i++) if ((err[i] as number) > (err[worst] as number)) worst = i;
    const l = lo[worst] as number;
    const h = hi[worst] as number;
    const m = 0.5 * (l + h);
    if (!(m > l && m < h)) break;
    const [e1, r1] = panel(f, l, m);
    const [e2, r2] = panel(f, m, h);
    totalErr += r1 + r2 - (err[worst] as number);
    hi[worst] = m;
    est[worst] = e1;
    err[worst] = r1;
    lo.push(m);
    hi.push(h);
    est.push(e2);
    err.push(r2);
  }
  // Sum the panels smallest first.
  let sum = 0;
  for (const e of [...est].sort((x, y) => Math.abs(x) - Math.abs(y))) sum += e;
  return sum;
}
