# Reference values of test/hierarchy/shrinkage.test.ts (npskit `shrinkage`), from R 4 with
# metafor 3.8.1: Rscript test/reference/shrinkage.R
# The model: rma(yi, vi, mods = ~ factor(parent), method = 'DL' | 'REML') and blup() of it.
# REML is run to a 1e-12 step (metafor's default is 1e-5) so that it agrees with npskit's 1e-10.
suppressMessages(library(metafor))
cat("metafor", as.character(packageVersion("metafor")), "\n")
options(digits = 15)
ctl <- list(threshold = 1e-12, maxiter = 1000)
show <- function(label, f) {
  b <- blup(f)
  cat(label, "\n  tau2 =", format(f$tau2, digits = 15), " QE =", format(f$QE, digits = 15),
      " df =", f$k - f$p, "\n  fitted =", format(fitted(f), digits = 15),
      "\n  blup =", format(b$pred, digits = 15), "\n")
}

# 1. The reproduction of issue 10 (classic scheme, base = all respondents): region r with
#    a = 55 P / 20 Pa / 25 D and b = 47 P / 20 Pa / 33 D.
P <- c(55, 47); Pa <- c(20, 20); D <- c(25, 33); n <- P + Pa + D
yi <- 100 * (P - D) / n
# 1a. Each store's own Wald variance, as in the issue.
vw <- 1e4 * ((P + D) / n - ((P - D) / n)^2) / n
show("1a two stores, Wald variances, DL", rma(yi, vw, method = "DL"))
show("1a two stores, Wald variances, REML", rma(yi, vw, method = "REML", control = ctl))
# 1b. npskit's variances: the parent's per-response variance over each store's base size.
s2 <- (sum(P) + sum(D)) / sum(n) - ((sum(P) - sum(D)) / sum(n))^2
vp <- 1e4 * s2 / n
show("1b two stores, parent variance, DL", rma(yi, vp, method = "DL"))

# 2. Several regions (ten-point scheme, base = P + D), two of them with an only child, and own
#    answers at north itself (5 P, 1 Pa, 5 D), which enter north's variance only.
st <- data.frame(
  id     = c("n1", "n2", "n3", "s1", "s2", "s3", "e1", "w1"),
  parent = c("north", "north", "north", "south", "south", "south", "east", "west"),
  P  = c(30, 5, 61, 40, 12, 25, 20, 8),
  Pa = c(12, 0, 20, 10, 5, 10, 5, 2),
  D  = c(8, 9, 33, 10, 20, 5, 10, 1))
own <- data.frame(parent = "north", P = 5, D = 5)
m <- st$P + st$D
yi <- 100 * (st$P - st$D) / m
vi <- numeric(nrow(st))
for (g in unique(st$parent)) {
  i <- st$parent == g
  Pg <- sum(st$P[i]) + sum(own$P[own$parent == g])
  Dg <- sum(st$D[i]) + sum(own$D[own$parent == g])
  mg <- Pg + Dg
  vi[i] <- 1e4 * ((Pg + Dg) / mg - ((Pg - Dg) / mg)^2) / m[i]
}
cat("yi =", format(yi, digits = 15), "\nvi =", format(vi, digits = 15), "\n")
par <- factor(st$parent)
show("2 all stores, DL", rma(yi, vi, mods = ~ par, method = "DL"))
show("2 all stores, REML", rma(yi, vi, mods = ~ par, method = "REML", control = ctl))
two <- st$parent %in% c("north", "south")
par2 <- factor(st$parent[two])
show("2 without the only children, DL", rma(yi[two], vi[two], mods = ~ par2, method = "DL"))
show("2 without the only children, REML",
     rma(yi[two], vi[two], mods = ~ par2, method = "REML", control = ctl))

# 3. The `unequal` fixture of test/hierarchy/_fixtures.ts (ten-point scheme): one parent with
#    a = P30 Pa12 D8, b = P5 D9, c = P61 Pa20 D33.
P <- c(30, 5, 61); D <- c(8, 9, 33); m <- P + D
yi <- 100 * (P - D) / m
s2 <- (sum(P) + sum(D)) / sum(m) - ((sum(P) - sum(D)) / sum(m))^2
vi <- 1e4 * s2 / m
show("3 unequal, DL", rma(yi, vi, method = "DL"))
show("3 unequal, REML", rma(yi, vi, method = "REML", control = ctl))
