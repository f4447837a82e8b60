# Reference values for test/quality/compareResponders.test.ts: R chisq.test goodness of fit
# (R stats, Debian r-base-core). Run: Rscript test/reference/compareResponders.R
r <- function(label, x, p) {
  t <- suppressWarnings(chisq.test(x, p = p))
  cat(label, ": X2 = ", sprintf("%.15g", t$statistic), ", df = ", t$parameter,
      ", p = ", sprintf("%.15g", t$p.value), "\n", sep = "")
}
r("region", c(30, 10), c(0.5, 0.5))
r("age", c(12, 20, 8), c(0.3, 0.35, 0.35))
r("channel", c(25, 12, 3), c(0.5, 0.3, 0.2))
