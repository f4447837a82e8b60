# Reference values for test/core/comparePairedWeighted.test.ts: compareNps(a, b, { relation:
# 'paired', weights }), written independently of npskit from the formula (base R only):
#   R = sum(w*y) / sum(w*e) per wave (y = +1/0/-1, e = 1 in the base), M = sum(w*e) / sum(w),
#   u_i = (y_a,i - R_a*e_a,i)/M_a - (y_b,i - R_b*e_b,i)/M_b,
#   Var = sum(w^2 * u^2) / sum(w)^2   (Taylor linearisation, with-replacement; Woodruff 1971,
#   Wolter 2007 sec. 6.11).
# When the survey package is installed it is cross-checked too: its design-based variance of
# the same contrast (svytotal + svycontrast, a with-replacement one-stage design) carries the
# factor n/(n - 1), so se_survey * sqrt((n - 1)/n) must equal se.
# Rerun: Rscript test/core/reference/pairedWeighted.R   (R 4.2.2, survey 4.1-1 printed the
# numbers pinned in the test). Columns: a, b, difference, se (NPS points), z, p.

paired_w <- function(ya, yb, w, all) {
  ea <- if (all) rep(1, length(ya)) else as.numeric(ya != 0)
  eb <- if (all) rep(1, length(yb)) else as.numeric(yb != 0)
  W <- sum(w)
  Ra <- sum(w * ya) / sum(w * ea); Rb <- sum(w * yb) / sum(w * eb)
  Ma <- sum(w * ea) / W; Mb <- sum(w * eb) / W
  u <- (ya - Ra * ea) / Ma - (yb - Rb * eb) / Mb
  v <- sum(w^2 * u^2) / W^2
  est <- 100 * (Ra - Rb); se <- 100 * sqrt(v); z <- est / se
  c(a = 100 * Ra, b = 100 * Rb, difference = est, se = se, z = z, p = 2 * pnorm(-abs(z)))
}

survey_se <- function(ya, yb, w, all) {
  if (!requireNamespace("survey", quietly = TRUE)) return(NA)
  ea <- if (all) rep(1, length(ya)) else as.numeric(ya != 0)
  eb <- if (all) rep(1, length(yb)) else as.numeric(yb != 0)
  keep <- w > 0  # survey takes probabilities 1/w; a zero weight adds nothing but its row to n
  d <- survey::svydesign(ids = ~1, weights = ~w,
                         data = data.frame(ya, yb, ea, eb, w)[keep, ])
  k <- survey::svycontrast(survey::svytotal(~ ya + ea + yb + eb, d), quote(ya / ea - yb / eb))
  n <- sum(keep)
  100 * sqrt(as.numeric(survey::SE(k))^2 * (n - 1) / n)
}

show <- function(label, ya, yb, w) {
  for (all in c(TRUE, FALSE)) {
    r <- paired_w(ya, yb, w, all)
    cat(label, if (all) "base all" else "base P+D", "\n")
    cat(sprintf("  %s = %.17g\n", names(r), r), sep = "")
    cat(sprintf("  survey se (x sqrt((n-1)/n), zero weights dropped) = %.17g\n",
                survey_se(ya, yb, w, all)))
  }
}

# The 70-respondent panel of test/core/compareNps.test.ts, with weights cycling through
# 0.5, 1.25, 2, 0, 3.75, 0.8, 1.1 (respondent i gets the ((i - 1) mod 7 + 1)-th).
ya <- c(rep(1, 30), rep(0, 12), rep(-1, 8), rep(1, 5), rep(-1, 6), rep(0, 9))
yb <- c(rep(1, 22), rep(0, 5), rep(-1, 3), rep(1, 4), rep(0, 8), rep(0, 8), rep(-1, 11), rep(-1, 9))
w <- rep(c(0.5, 1.25, 2, 0, 3.75, 0.8, 1.1), 10)
show("panel70", ya, yb, w)

# The hand case of the test: pairs (P,P) (P,D) (D,Pa) (Pa,P) (Pa,D), weights 0.5 2.5 1 0.5 0.5.
show("hand5", c(1, 1, -1, 0, 0), c(1, -1, 0, 1, -1), c(0.5, 2.5, 1, 0.5, 0.5))
