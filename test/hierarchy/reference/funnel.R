# Reference values for test/hierarchy/funnel.test.ts (R 4.2.2, base stats only).
# Run: Rscript test/hierarchy/reference/funnel.R
options(digits = 15)

# Spiegelhalter (2005, appendix A.1.1) interpolated lower p-quantile on the lattice lo..hi:
# r = min{k : F(k) >= p}, alpha = (F(r) - p) / (F(r) - F(r - 1)), limit r - alpha.
spieg <- function(cdf, p) {            # cdf: vector of F(lo), ..., F(hi); returns c(index from 0, limit)
  r <- which(cdf >= p)[1] - 1
  before <- if (r > 0) cdf[r] else 0
  c(r, r - (cdf[r + 1] - p) / (cdf[r + 1] - before))
}

# Ten-point base: X ~ B(m, pi) promoters; lower limit from X, upper from D = m - X.
binom_limits <- function(m, pi, p) {
  lo <- spieg(pbinom(0:m, m, pi), p)
  hi <- spieg(pbinom(0:m, m, 1 - pi), p)
  c(low = 100 * (2 * lo[2] / m - 1), high = 100 * (1 - 2 * hi[2] / m),
    lowCut = 2 * lo[1] - m, highCut = 2 * hi[1] - m)
}

# Classic base: P(S = s), S = P - D, by summing multinomial probabilities (not a recursion).
diff_pmf <- function(m, p, pa, d) {
  s <- -m:m
  sapply(s, function(v) {
    k <- 0:m                          # detractors
    P <- k + v; A <- m - P - k
    ok <- P >= 0 & A >= 0
    if (!any(ok)) return(0)
    sum(mapply(function(P, A, k) dmultinom(c(P, A, k), prob = c(p, pa, d)), P[ok], A[ok], k[ok]))
  })
}
trin_limits <- function(m, p, pa, d, q) {
  f <- diff_pmf(m, p, pa, d)
  lo <- spieg(cumsum(f), q)            # lattice index 0 is s = -m
  hi <- spieg(cumsum(rev(f)), q)       # lattice of D - P, index 0 is -m
  c(low = 100 * (lo[2] - m) / m, high = -100 * (hi[2] - m) / m)
}

cat("== hand-computed: a 100P, b 100D, c 50P 50D; pi = 0.5, m = 100\n")
print(binom_limits(100, 0.5, 0.025)); print(binom_limits(100, 0.5, 0.001))

cat("== unequal fixture (ten-point): P = 30,5,61; D = 8,9,33; coverage 0.90 / 0.99\n")
P <- c(30, 5, 61); D <- c(8, 9, 33); m <- P + D; pi <- sum(P) / sum(m)
cat("target", 100 * (2 * pi - 1), "\n")
for (i in 1:3) { print(binom_limits(m[i], pi, 0.05)); print(binom_limits(m[i], pi, 0.005)) }
cat("P(X <= x):", pbinom(P, m, pi), " P(X >= x):", pbinom(P - 1, m, pi, lower.tail = FALSE), "\n")

cat("== classic tallies: a 30/12/8, b 5/4/9, c 61/20/33 (P/Pa/D), default coverage\n")
P <- c(30, 5, 61); A <- c(12, 4, 20); D <- c(8, 9, 33); m <- P + A + D
p <- sum(P) / sum(m); pa <- sum(A) / sum(m); d <- sum(D) / sum(m)
cat("target", 100 * (p - d), "\n")
for (i in 1:3) { print(trin_limits(m[i], p, pa, d, 0.025)); print(trin_limits(m[i], p, pa, d, 0.001)) }
for (i in 1:3) {
  f <- diff_pmf(m[i], p, pa, d); s <- -m[i]:m[i]; x <- P[i] - D[i]
  cat("unit", i, "P(S <= s):", sum(f[s <= x]), " P(S >= s):", sum(f[s >= x]), "\n")
}

cat("== false-alarm rate of the exact limits, pi = 0.8 (flagged: P(X <= x) < q or P(X >= x) < q)\n")
for (m in c(5, 10, 20)) for (q in c(0.025, 0.001)) {
  x <- 0:m
  flag <- pbinom(x, m, 0.8) < q | pbinom(x - 1, m, 0.8, lower.tail = FALSE) < q
  cat("m", m, "q", q, "rate", sum(dbinom(x[flag], m, 0.8)), "flagged", x[flag], "\n")
}
cat("normal approximation (old): m = 5:", pbinom(1, 5, 0.8), " m = 10:", pbinom(4, 10, 0.8), "\n")

cat("== weighted: a P(w2); b 5P 5D (w1); c 6P (w1) 6D (w2): pi = 13/30, n_eff 1, 10, 10.8\n")
pi <- 13 / 30
cat("target", 100 * (13 - 17) / 30, "\n")
for (mm in c(10, 11)) { print(binom_limits(mm, pi, 0.025)); print(binom_limits(mm, pi, 0.001)) }
for (q in c(0.025, 0.001)) {
  l10 <- binom_limits(10, pi, q); l11 <- binom_limits(11, pi, q)
  cat("c, q", q, ":", 0.2 * l10[1:2] + 0.8 * l11[1:2], "\n")
}

cat("== normal approximation above 10 000 answers, shares 0.6/0.3/0.1, m = 10001\n")
conv_pmf <- function(m, p, pa, d) {   # recursion, for a size too large for diff_pmf
  f <- 1
  for (i in seq_len(m)) f <- p * c(0, 0, f) + pa * c(0, f, 0) + d * c(f, 0, 0)
  f
}
m <- 10001; p <- 0.6; pa <- 0.3; d <- 0.1
f <- conv_pmf(m, p, pa, d); s <- -m:m
th <- p - d; sd <- sqrt(p + d - th^2)
for (cov in c(0.95, 0.998)) {
  z <- qnorm(1 - (1 - cov) / 2)
  lo <- th - z * sd / sqrt(m); hi <- th + z * sd / sqrt(m)
  cat("coverage", cov, "limits", 100 * lo, 100 * hi, "rate", sum(f[s / m < lo]) + sum(f[s / m > hi]),
      "low tail", sum(f[s / m < lo]), "high tail", sum(f[s / m > hi]), "\n")
}
