# Reference values for test/hierarchy/varianceComponents.test.ts: REML variance components of the
# response-level outcome y = +100 promoter / 0 passive / -100 detractor (passives dropped under
# the ten-point scheme's base), fitted with lme4 (R 4.2.2, lme4 1.1.31):
#   lmer(y ~ 1 + (1 | region/store), REML = TRUE)
# lme4's derivative-free optimiser stops about 2e-7 relative from the optimum even with the tight
# bobyqa below (its default settings up to 3e-5), so each fit is also solved exactly: the REML
# score equations (Searle, Casella and McCulloch 1992, "Variance Components", ch. 6) by Fisher
# scoring on the dense N x N
# covariance, started from lme4's estimates, to machine precision; components lme4 puts on the
# boundary (0) are held there. Run: Rscript test/reference/varianceComponents.R
suppressPackageStartupMessages(library(lme4))
ctrl <- lmerControl(optimizer = "bobyqa", optCtrl = list(rhobeg = 0.2, rhoend = 1e-12, maxfun = 1e5),
                    check.conv.singular = "ignore", calc.derivs = FALSE)

# Expand per-store counts (region, store, P, Pa, D) to one row per answer; base "pd" drops passives.
expand <- function(counts, base) {
  rows <- lapply(seq_len(nrow(counts)), function(i) {
    k <- counts[i, ]
    y <- c(rep(100, k$P), if (base == "all") rep(0, k$Pa), rep(-100, k$D))
    if (length(y) == 0) return(NULL)
    data.frame(region = k$region, store = k$store, y = y)
  })
  do.call(rbind, rows)
}
# Exact REML by Fisher scoring: ZZ is a list of Z_i Z_i' (the residual's is I), s the start.
exact <- function(y, ZZ, s) {
  X <- matrix(1, length(y), 1)
  keep <- s > 0
  for (it in 1:200) {
    V <- Reduce(`+`, Map(`*`, ZZ[keep], s[keep]))
    Vi <- solve(V)
    P <- Vi - Vi %*% X %*% solve(t(X) %*% Vi %*% X, t(X) %*% Vi)
    Py <- P %*% y
    PZ <- lapply(ZZ[keep], function(z) P %*% z)
    sc <- sapply(seq_along(PZ), function(i) -sum(diag(PZ[[i]])) + sum(Py * (ZZ[keep][[i]] %*% Py))) / 2
    info <- outer(seq_along(PZ), seq_along(PZ), Vectorize(function(i, j) sum(t(PZ[[i]]) * PZ[[j]]))) / 2
    step <- solve(info, sc)
    s[keep] <- s[keep] + step
    if (max(abs(step) / s[keep]) < 1e-15) break
  }
  s
}
show <- function(label, counts, base, formula = y ~ 1 + (1 | region/store)) {
  d <- expand(counts, base)
  f <- lmer(formula, data = d, REML = TRUE, control = ctrl)
  v <- as.data.frame(VarCorr(f))
  cat(sprintf("\n== %s (base %s, N = %d)\n", label, base, nrow(d)))
  ZZ <- lapply(v$grp, function(g) {
    if (g == "Residual") return(diag(nrow(d)))
    k <- if (g == "store:region") interaction(d$store, d$region, drop = TRUE) else factor(d[[g]])
    outer(k, k, `==`) * 1
  })
  ex <- exact(d$y, ZZ, v$vcov)
  for (i in seq_len(nrow(v))) cat(sprintf("  %-14s lme4 %.10g  share %.10g   exact %.15g  share %.15g\n",
    v$grp[i], v$vcov[i], v$vcov[i] / sum(v$vcov), ex[i], ex[i] / sum(ex)))
  # eta^2 (sums of squares shares), what the old varianceComponents reported
  m <- mean(d$y); tot <- sum((d$y - m)^2)
  rm <- ave(d$y, d$region); sm <- ave(d$y, d$region, d$store)
  cat(sprintf("  eta2: region %.6g store %.6g within %.6g\n",
              sum((rm - m)^2) / tot, sum((sm - rm)^2) / tot, sum((d$y - sm)^2) / tot))
  invisible(f)
}
dump <- function(counts) {
  cat("  counts (region store P Pa D):\n")
  for (i in seq_len(nrow(counts))) with(counts[i, ], cat(sprintf("    ['%s', '%s', %d, %d, %d],\n", region, store, P, Pa, D)))
}
# Categories from a latent normal: detractor below a, passive below b, promoter above.
draw <- function(n, mu) {
  z <- rnorm(n, mu)
  c(P = sum(z > 0.3), Pa = sum(z > -0.4 & z <= 0.3), D = sum(z <= -0.4))
}
simulate <- function(seed, regions, stores, sizes, sdRegion, sdStore) {
  set.seed(seed)
  out <- NULL
  for (r in seq_len(regions)) {
    ur <- rnorm(1, 0, sdRegion)
    for (s in seq_len(stores[r])) {
      us <- rnorm(1, 0, sdStore)
      k <- draw(sizes[[r]][s], ur + us)
      out <- rbind(out, data.frame(region = paste0("r", r), store = paste0("r", r, "s", s),
                                   P = k[["P"]], Pa = k[["Pa"]], D = k[["D"]]))
    }
  }
  out
}

# (a) balanced: 4 regions x 3 stores x 12 answers, classic scheme (base all)
a <- simulate(11, 4, rep(3, 4), rep(list(rep(12, 3)), 4), 0.5, 0.5)
dump(a); show("(a) balanced", a, "all")

# (b) unbalanced: 5 regions with 1..4 stores of 2..30 answers, ten-point scheme (base P + D)
set.seed(12)
ns <- c(3, 1, 4, 2, 4)
sz <- lapply(ns, function(k) sample(2:30, k, replace = TRUE))
b <- simulate(14, 5, ns, sz, 0.8, 0.8)
dump(b); show("(b) unbalanced", b, "pd")

# (c) the issue's reproduction: store a ten 10s, store b one 10 and nine 7s, one company.
# Ten-point base: every answer in the base is a promoter, y = 100 for all 11: every variance is 0
# (lme4: store and residual standard deviations 1.3e-14 and 9.3e-15).
c1 <- data.frame(store = c(rep("a", 10), "b"), y = 100)
cat("\n== (c) the issue's reproduction, y = 100 for all 11 answers in the base\n")
print(VarCorr(lmer(y ~ 1 + (1 | store), data = c1)))
# Variant with variation: a P6 D4, b P3 Pa5 D2 (both NPS 20 under the ten-point scheme).
c2 <- data.frame(region = "all", store = c("a", "b"), P = c(6, 3), Pa = c(0, 5), D = c(4, 2))
dump(c2); show("(c) two stores, NPS 20 each", c2, "pd", y ~ 1 + (1 | store))

# (d) no store effect: 10 regions x 5 stores x 8 answers, region effect only, classic scheme
d <- simulate(14, 10, rep(5, 10), rep(list(rep(8, 5)), 10), 0.5, 0)
dump(d); show("(d) no store effect", d, "all")

# (e) a region's own answers (not from any store) count as one more store under it
e <- rbind(b, data.frame(region = "r3", store = "r3:own", P = 4, Pa = 1, D = 5))
show("(e) unbalanced + region r3's own answers", e, "pd")
