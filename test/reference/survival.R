# Reference values for test/kernels/survival.test.ts and test/followup/followUpMetrics.test.ts.
# R 4.x with survival 3.5-3 (Debian r-cran-survival). Run: Rscript test/reference/survival.R
library(survival)
cat("survival", as.character(packageVersion("survival")), "\n")
show <- function(label, x) cat(label, "=", paste(formatC(x, digits = 17, format = "g"), collapse = ", "), "\n")
km <- function(label, time, status, probs = c(0.5, 0.9), at = NULL) {
  fit <- survfit(Surv(time, status) ~ 1, conf.type = "log")
  cat("##", label, "\n")
  show("time", fit$time); show("n.risk", fit$n.risk); show("n.event", fit$n.event)
  show("surv", fit$surv); show("std.err", fit$std.err)
  show("lower", fit$lower); show("upper", fit$upper)
  q <- quantile(fit, probs)
  show("quantile", q$quantile); show("q.lower", q$lower); show("q.upper", q$upper)
  if (!is.null(at)) {
    s <- summary(fit, times = at, extend = TRUE)
    show("at.surv", s$surv); show("at.lower", s$lower); show("at.upper", s$upper)
  }
}
# A: ties of events and censorings, censored last
km("A", c(2, 3, 3, 3, 5, 6, 6, 8, 9, 12), c(1, 1, 1, 0, 0, 1, 0, 1, 1, 0), at = c(4, 7))
# B: no censoring, the curve is flat at 0.5 between 2 and 3
km("B", c(1, 2, 3, 4), c(1, 1, 1, 1))
# C: the curve ends flat at 0.5 (censored after the second event)
km("C", c(1, 2, 3, 4), c(1, 1, 0, 0))
# D: aml (Maintained and Nonmaintained pooled)
km("D", aml$time, aml$status, at = 24)
# E: lung (time in days), 228 patients
km("E", lung$time, lung$status - 1, at = 365)
# log-rank: aml by maintenance (2 groups)
cat("## LR aml\n")
d <- survdiff(Surv(time, status) ~ x, data = aml)
show("obs", d$obs); show("exp", d$exp); show("chisq", d$chisq); show("p", pchisq(d$chisq, length(d$n) - 1, lower.tail = FALSE))
# log-rank: lung by ph.ecog (4 groups, one with a single patient; one row without ph.ecog dropped)
cat("## LR lung\n")
l <- lung[!is.na(lung$ph.ecog), ]
d <- survdiff(Surv(time, status) ~ ph.ecog, data = l)
show("obs", d$obs); show("exp", d$exp); show("chisq", d$chisq); show("p", pchisq(d$chisq, length(d$n) - 1, lower.tail = FALSE))
# for the test: the data themselves
cat("## data\n")
show("aml.time", aml$time); show("aml.status", aml$status); show("aml.x", as.integer(aml$x) - 1)
show("lung.time", l$time); show("lung.status", l$status - 1); show("lung.ecog", l$ph.ecog)
show("lungall.time", lung$time); show("lungall.status", lung$status - 1)
show("pchisq", pchisq(c(0.5, 3.84, 10, 25), c(1, 1, 3, 7), lower.tail = FALSE))
