/**
 * @internal Weighted sum of squares and of cross-products about given centres:
 * sxx = Σ wᵢ (xᵢ − x̄)², sxy = Σ wᵢ (xᵢ − x̄)(yᵢ − ȳ) over i < n (the centred sums of a weighted
 * least-squares slope sxy / sxx, or with sxx·syy of a weighted Pearson correlation).
 */
export function weightedCrossMoments(
  w: ArrayLike<number>,
  x: ArrayLike<number>,
  xbar: number,
  y: ArrayLike<number>,
  ybar: number,
  n: number,
): { readonly sxx: number; readonly sxy: number } {
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const wi = w[i] as number;
    const dx = (x[i] as number) - xbar;
    sxx += wi * dx * dx;
    sxy += wi * dx * ((y[i] as number) - ybar);
  }
  return { sxx, sxy };
}
