# Bias of the DL estimate of tau^2 in npskit's `shrinkage` design, and with each store's own
# Wald variance instead (test/hierarchy/shrinkage.test.ts, the seeded simulation). Base R only.
#   Rscript test/reference/shrinkage-simulation.R
# Output (R 4, set.seed(1)), mean estimate ± Monte Carlo SE (true tau^2 = 225):
#   stores of 20..200: parent variance 225.5 ± 1.7, own Wald variance 253.8 ± 2.0
#   stores of 10..40:  parent variance 214.9 ± 2.6, own Wald variance 333.7 ± 4.4
set.seed(1)
dl <- function(x, v, g) {  # DL with the parent as moderator, clamped at 0
  w <- 1 / v; Q <- 0; trP <- 0
  for (G in unique(g)) {
    i <- g == G; m <- sum(w[i] * x[i]) / sum(w[i])
    Q <- Q + sum(w[i] * (x[i] - m)^2); trP <- trP + sum(w[i]) - sum(w[i]^2) / sum(w[i])
  }
  max(0, (Q - (length(x) - length(unique(g)))) / trP)
}
sim <- function(R, G, S, mlo, mhi) {
  out <- matrix(NA, R, 2, dimnames = list(NULL, c("parent", "wald")))
  for (r in 1:R) {
    g <- rep(1:G, each = S); k <- G * S
    th <- pmin(pmax(rnorm(G, 20, 10)[g] + rnorm(k, 0, 15), -79), 79)
    m <- sample(mlo:mhi, k, replace = TRUE)
    p <- (0.8 + th / 100) / 2; d <- 0.8 - p
    cnt <- t(sapply(1:k, function(i) rmultinom(1, m[i], c(p[i], 0.2, d[i]))))
    ph <- cnt[, 1] / m; dh <- cnt[, 3] / m; x <- 100 * (ph - dh)
    vw <- 1e4 * pmax(ph + dh - (ph - dh)^2, 1e-9) / m
    vp <- numeric(k)
    for (G1 in 1:G) {
      i <- g == G1; N <- sum(m[i]); P <- sum(cnt[i, 1]) / N; D <- sum(cnt[i, 3]) / N
      vp[i] <- 1e4 * (P + D - (P - D)^2) / m[i]
    }
    out[r, ] <- c(dl(x, vp, g), dl(x, vw, g))
  }
  rbind(mean = colMeans(out), se = apply(out, 2, sd) / sqrt(R))
}
print(sim(2000, 5, 8, 20, 200))
print(sim(2000, 5, 8, 10, 40))
