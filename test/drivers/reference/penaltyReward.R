# Reference values for test/drivers/penaltyReward.test.ts (R 4.2.2, base R only).
# Run: Rscript test/drivers/reference/penaltyReward.R
# Penalty–reward analysis (Brandt 1987): lm() of the outcome on two dummies per driver, rating
# <= low and rating >= high (middle ratings are the reference); the low coefficient is the
# penalty, the high coefficient the reward. Data: datasets::attitude (Chatterjee & Price 1977,
# a survey of clerical employees, percent favourable per department), rating ~ complaints +
# learning + raises, low = 55, high = 70.
d <- attitude[, c("rating", "complaints", "learning", "raises")]
low <- 55; high <- 70
X <- do.call(cbind, lapply(c("complaints", "learning", "raises"), function(v)
  cbind(as.numeric(d[[v]] <= low), as.numeric(d[[v]] >= high))))
fit <- lm(d$rating ~ X)
options(digits = 17)
cat("// rows: ", paste(apply(d, 1, function(r) paste0("[", paste(r, collapse = ", "), "]")), collapse = ", "), "\n")
cat("coefficients (penalty, reward per driver): ", paste(sprintf("%.17g", coef(fit)[-1]), collapse = ", "), "\n")
cat("r2: ", sprintf("%.17g", summary(fit)$r.squared), "\n")
cat("lowShare: ", paste(sprintf("%.17g", colMeans(X)[c(1, 3, 5)]), collapse = ", "), "\n")
cat("highShare: ", paste(sprintf("%.17g", colMeans(X)[c(2, 4, 6)]), collapse = ", "), "\n")
