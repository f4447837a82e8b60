# Reference values for the window test of detectShifts (src/trend/windowTest.ts): Lancaster's
# mid-p of the exact conditional test, two-sided by doubling the smaller one-sided mid-p.
# R 4.2.2, base package stats only. Run: Rscript test/reference/windowTestMidp.R

# Ten-point scheme (passives outside the base): Fisher's 2 x 2 table of promoters and
# detractors, a = recent (x promoters of m), b = reference (y promoters of n).
midp2x2 <- function(x, m, y, n) {
  K <- x + y; N <- m + n
  lower <- phyper(x - 1, K, N - K, m) + 0.5 * dhyper(x, K, N - K, m)
  upper <- phyper(x, K, N - K, m, lower.tail = FALSE) + 0.5 * dhyper(x, K, N - K, m)
  c(drop = lower, rise = upper, both = min(1, 2 * min(lower, upper)))
}

# Classic scheme (base 'all'): T = P_a - D_a given the pooled counts, by enumerating the
# multivariate hypergeometric law of a's row of the 2 x 3 table.
midp2x3 <- function(a, b) {
  m <- sum(a); P <- a[1] + b[1]; O <- a[2] + b[2]; D <- a[3] + b[3]
  t <- a[1] - a[3]; below <- 0; at <- 0; above <- 0
  for (p in 0:min(P, m)) for (d in 0:min(D, m - p)) {
    o <- m - p - d
    if (o > O) next
    pr <- exp(lchoose(P, p) + lchoose(O, o) + lchoose(D, d) - lchoose(P + O + D, m))
    s <- p - d
    if (s < t) below <- below + pr else if (s > t) above <- above + pr else at <- at + pr
  }
  lower <- below + at / 2; upper <- above + at / 2
  c(drop = lower, rise = upper, both = min(1, 2 * min(lower, upper)))
}

options(digits = 17)
print(midp2x2(20, 80, 180, 240))  # recent P 20 D 60 against baseline P 180 D 60
print(midp2x2(30, 50, 200, 280))  # recent P 30 D 20 against baseline P 200 D 80
print(midp2x2(20, 80, 60, 80))    # parent test: unit P 20 D 60 against the rest P 60 D 20
print(midp2x3(c(10, 5, 8), c(40, 20, 15)))  # classic: (P, passives, D) recent vs baseline
