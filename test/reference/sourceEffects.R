# Reference values for test/quality/sourceEffects.test.ts.
# Run: Rscript test/reference/sourceEffects.R   (R 4.x, stats only)
cnt <- list(
  A = list(S1 = c(2, 1, 1, 2, 3, 4, 6, 8, 10, 13), S2 = c(1, 0, 2, 1, 2, 3, 4, 6, 7, 9)),
  B = list(S1 = c(3, 2, 2, 3, 4, 5, 7, 9, 8, 7),   S2 = c(0, 1, 1, 2, 2, 4, 5, 5, 6, 4)),
  C = list(S1 = c(1, 1, 0, 1, 2, 2, 3, 5, 6, 9),   S2 = c(0, 0, 0, 0, 1, 1, 2, 3, 4, 6))
)
src <- names(cnt); str <- c("S1", "S2")
arr <- array(0, c(3, 2, 10), dimnames = list(src, str, 1:10))
for (s in src) for (h in str) arr[s, h, ] <- cnt[[s]][[h]]
options(digits = 15)
for (s in src) {
  one <- colSums(arr[s, , ]); rest <- colSums(arr[setdiff(src, s), , , drop = FALSE], dims = 2)
  tab <- rbind(one, rest); tab <- tab[, colSums(tab) > 0]
  ct <- suppressWarnings(chisq.test(tab))
  cat(s, "pearson", ct$statistic, ct$parameter, ct$p.value, "\n")
  cat(s, "stdres", ct$stdres[1, ], "\n")
  x <- array(0, c(2, 10, 2))
  for (h in 1:2) { x[1, , h] <- arr[s, h, ]; x[2, , h] <- colSums(arr[setdiff(src, s), h, , drop = FALSE]) }
  mh <- mantelhaen.test(x)
  cat(s, "cmh", mh$statistic, mh$parameter, mh$p.value, "\n")
}
# ICC(1), one-way ANOVA (Shrout & Fleiss 1979), by hand
y <- c(); g <- c(); h <- c()
for (s in src) for (st in str) { k <- cnt[[s]][[st]]; y <- c(y, rep(1:10, k)); g <- c(g, rep(s, sum(k))); h <- c(h, rep(st, sum(k))) }
icc1 <- function(y, g) {
  fit <- anova(lm(y ~ factor(g))); MSB <- fit[1, 3]; MSW <- fit[2, 3]
  N <- length(y); ni <- table(g); a <- length(ni); n0 <- (N - sum(ni^2) / N) / (a - 1)
  c(icc = (MSB - MSW) / (MSB + (n0 - 1) * MSW), MSB = MSB, MSW = MSW, n0 = n0, F = fit[1, 4], p = fit[1, 5])
}
cat("icc", icc1(y, g), "\n")
cat("icc-stratified", icc1(y - ave(y, h), g), "\n")
# Monte Carlo p-value (different generator: the test allows Monte Carlo error)
set.seed(1)
small <- rbind(c(0, 1, 0, 3, 4), c(5, 6, 8, 7, 9))
cat("mc", chisq.test(small, simulate.p.value = TRUE, B = 100000)$p.value, "\n")
