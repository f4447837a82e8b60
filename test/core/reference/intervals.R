# Reference NPS intervals for test/core/npsInterval.test.ts, written independently of npskit
# (only base R: qnorm, prop.test, pbeta, dbeta, qbeta, integrate, uniroot).
# Rerun: Rscript test/core/reference/intervals.R   (R 4.2.2 produced the table in the test)
# Output rows: [scheme, P, Pa, D, method, confidence, prior, low, high, se], limits and se in
# NPS points (-100..100). 'classic' = base all; 'tenPoint' = passives outside the base.

z_of <- function(conf) qnorm(1 - (1 - conf) / 2)
clip <- function(x) pmin(1, pmax(-1, x))

# Wald for trinomial counts (base all) or binomial counts (Pa = 0).
wald <- function(P, Pa, D, conf) {
  n <- P + Pa + D; p <- P / n; d <- D / n; e <- p - d
  se <- sqrt((p + d - e^2) / n); z <- z_of(conf)
  c(clip(e - z * se), clip(e + z * se), se)
}
# Rocks (2016), The American Statistician 70(4) 365-372: add 3/4 to P and D and 3/2 to passives.
adjusted_all <- function(P, Pa, D, conf) wald(P + 0.75, Pa + 1.5, D + 0.75, conf)
adjusted_pd <- function(P, D, conf) wald(P + 0.75, 0, D + 0.75, conf)

# Wilson (1927) via prop.test without continuity correction, mapped by 2*pi - 1.
wilson <- function(P, D, conf) {
  m <- P + D; ci <- suppressWarnings(prop.test(P, m, conf.level = conf, correct = FALSE)$conf.int)
  pi <- P / m
  c(2 * ci[1] - 1, 2 * ci[2] - 1, 2 * sqrt(pi * (1 - pi) / m))
}

# Tango (1998), Statistics in Medicine 17, 891-908: score interval for delta = p12 - p21 with
# discordant counts b = promoters, c = detractors, n = all respondents in the base; restricted
# MLE of p21 given delta from the paper's quadratic A q^2 + B q + C = 0.
tango <- function(b, cc, n, conf) {
  z <- z_of(conf); est <- (b - cc) / n
  q21 <- function(delta) {
    A <- 2 * n; B <- -b - cc + (2 * n - b + cc) * delta; C <- -cc * delta * (1 - delta)
    (sqrt(B^2 - 4 * A * C) - B) / (2 * A)
  }
  score <- function(delta) (b - cc - n * delta) / sqrt(n * (2 * q21(delta) + delta * (1 - delta)))
  lo <- if (est <= -1) -1 else
    uniroot(function(x) score(x) - z, c(-1 + 1e-12, est), f.upper = -z, tol = 1e-15)$root
  hi <- if (est >= 1) 1 else
    uniroot(function(x) score(x) + z, c(est, 1 - 1e-12), f.lower = z, tol = 1e-15)$root
  p <- b / n; d <- cc / n
  c(lo, hi, sqrt((p + d - est^2) / n))
}

# Bayes, base all: (theta_p, theta_pa, theta_d) ~ Dirichlet(a, b, c). Conditioning the other way
# round from npskit: theta_p ~ Beta(a, b + c) and theta_d / (1 - theta_p) ~ Beta(c, b), so
# P(theta_p - theta_d <= delta) = P(theta_p <= max(delta, 0))
#   + int_{max(delta,0)}^{(1+delta)/2} dbeta(s; a, b + c) * P(Beta(c, b) >= (s - delta)/(1 - s)) ds.
bayes_all <- function(P, Pa, D, conf, prior) {
  a <- P + prior[1]; b <- Pa + prior[2]; cc <- D + prior[3]
  mu <- a / (a + b + cc); sd <- sqrt(mu * (1 - mu) / (a + b + cc + 1))
  cdf <- function(delta) {
    s0 <- max(delta, 0); s1 <- (1 + delta) / 2
    # Split at steps doubling away from the mode of theta_p, so integrate() cannot miss the
    # narrow peak of a large sample.
    k <- c(0, 2^(0:60)); pts <- sort(unique(c(s0, s1, mu + k * sd, mu - k * sd)))
    pts <- pts[pts >= s0 & pts <= s1]
    tot <- pbeta(s0, a, b + cc)
    for (i in seq_len(length(pts) - 1)) tot <- tot + integrate(function(s) dbeta(s, a, b + cc) *
      pbeta((s - delta) / (1 - s), cc, b, lower.tail = FALSE), pts[i], pts[i + 1],
      rel.tol = 1e-12, abs.tol = 1e-16, subdivisions = 5000L)$value
    tot
  }
  alpha <- 1 - conf
  q <- function(target) uniroot(function(x) cdf(x) - target, c(-1, 1), f.lower = -target,
                                f.upper = 1 - target, tol = 1e-14)$root
  n0 <- a + b + cc
  m2 <- (a * (a + 1) + cc * (cc + 1) - 2 * a * cc) / (n0 * (n0 + 1))  # E[(theta_p - theta_d)^2]
  c(q(alpha / 2), q(1 - alpha / 2), sqrt(m2 - ((a - cc) / n0)^2))
}
# Bayes, passives outside the base: pi ~ Beta(P + prior_p, D + prior_d), NPS = 2 pi - 1.
bayes_pd <- function(P, D, conf, prior) {
  a <- P + prior[1]; cc <- D + prior[3]; alpha <- 1 - conf
  ci <- qbeta(c(alpha / 2, 1 - alpha / 2), a, cc)
  c(2 * ci[1] - 1, 2 * ci[2] - 1, 2 * sqrt(a * cc / ((a + cc)^2 * (a + cc + 1))))
}

row <- function(scheme, x, method, conf, prior, r) {
  pr <- if (is.null(prior)) "null" else sprintf("[%s]", paste(sprintf("%.17g", prior), collapse = ", "))
  cat(sprintf("  ['%s', %d, %d, %d, '%s', %s, %s, %.17g, %.17g, %.17g],\n", scheme, x[1], x[2], x[3],
              method, format(conf), pr, 100 * r[1], 100 * r[2], 100 * r[3]))
}

classic <- list(c(60, 25, 15), c(0, 3, 2), c(4, 1, 0), c(0, 7, 0), c(1, 0, 0), c(0, 0, 1),
                c(0, 1, 0), c(2, 2, 1), c(5, 0, 0), c(412, 301, 287), c(1e5, 1e5, 0),
                c(0, 2e5, 3))
tenpoint <- list(c(60, 25, 15), c(0, 3, 2), c(4, 1, 0), c(1, 0, 0), c(0, 0, 1), c(3, 0, 2),
                 c(412, 301, 287), c(530, 200, 470))
flat <- c(1, 1, 1)
for (x in classic) for (conf in c(0.95)) {
  row('classic', x, 'wald', conf, NULL, wald(x[1], x[2], x[3], conf))
  row('classic', x, 'adjusted-wald', conf, NULL, adjusted_all(x[1], x[2], x[3], conf))
  row('classic', x, 'tango', conf, NULL, tango(x[1], x[3], sum(x), conf))
  row('classic', x, 'bayes', conf, NULL, bayes_all(x[1], x[2], x[3], conf, flat))
}
for (x in tenpoint) for (conf in c(0.95)) {
  row('tenPoint', x, 'wald', conf, NULL, wald(x[1], 0, x[3], conf))
  row('tenPoint', x, 'adjusted-wald', conf, NULL, adjusted_pd(x[1], x[3], conf))
  row('tenPoint', x, 'tango', conf, NULL, tango(x[1], x[3], x[1] + x[3], conf))
  row('tenPoint', x, 'bayes', conf, NULL, bayes_pd(x[1], x[3], conf, flat))
  row('tenPoint', x, 'wilson', conf, NULL, wilson(x[1], x[3], conf))
}
# Other confidence levels and priors (Jeffreys 1/2 puts shapes below 1: singular integrands).
for (x in list(c(60, 25, 15), c(2, 2, 1))) for (conf in c(0.9, 0.99)) {
  row('classic', x, 'tango', conf, NULL, tango(x[1], x[3], sum(x), conf))
  row('classic', x, 'bayes', conf, NULL, bayes_all(x[1], x[2], x[3], conf, flat))
  row('tenPoint', x, 'wilson', conf, NULL, wilson(x[1], x[3], conf))
}
for (x in list(c(60, 25, 15), c(4, 1, 0), c(0, 3, 2), c(0, 0, 1))) for (prior in list(c(0.5, 0.5, 0.5), c(2, 5, 3))) {
  row('classic', x, 'bayes', 0.95, prior, bayes_all(x[1], x[2], x[3], 0.95, prior))
  row('tenPoint', x, 'bayes', 0.95, prior, bayes_pd(x[1], x[3], 0.95, prior))
}

# Weighted: scores 10, 9, 3, 7 with weights 2, 1, 1, 0.5. Wald uses the linearised variance
# sum(w^2 (y - R)^2) / sum(w)^2 of the weighted mean R of y = +1 / 0 / -1; the other methods use
# Kish effective counts: shares of the base times (sum w)^2 / sum w^2.
cat("  // weighted\n")
wrow <- function(scheme, method, n_eff, r) cat(sprintf("  ['%s', '%s', %.17g, %.17g, %.17g, %.17g],\n",
                                               scheme, method, n_eff, 100 * r[1], 100 * r[2], 100 * r[3]))
y <- c(1, 1, -1, 0); w <- c(2, 1, 1, 0.5)
for (scheme in c('classic', 'tenPoint')) {
  keep <- if (scheme == 'classic') rep(TRUE, 4) else y != 0
  yy <- y[keep]; ww <- w[keep]
  R <- sum(ww * yy) / sum(ww); se <- sqrt(sum(ww^2 * (yy - R)^2)) / sum(ww); z <- z_of(0.95)
  n_eff <- sum(ww)^2 / sum(ww^2)
  P <- n_eff * sum(ww[yy == 1]) / sum(ww); D <- n_eff * sum(ww[yy == -1]) / sum(ww)
  Pa <- n_eff * sum(ww[yy == 0]) / sum(ww)
  wrow(scheme, 'wald', n_eff, c(clip(R - z * se), clip(R + z * se), se))
  if (scheme == 'classic') {
    wrow(scheme, 'adjusted-wald', n_eff, adjusted_all(P, Pa, D, 0.95))
    wrow(scheme, 'tango', n_eff, tango(P, D, n_eff, 0.95))
    wrow(scheme, 'bayes', n_eff, bayes_all(P, Pa, D, 0.95, flat))
  } else {
    wrow(scheme, 'adjusted-wald', n_eff, adjusted_pd(P, D, 0.95))
    wrow(scheme, 'tango', n_eff, tango(P, D, n_eff, 0.95))
    wrow(scheme, 'bayes', n_eff, bayes_pd(P, D, 0.95, flat))
    # prop.test needs integer counts: Wilson's formula written out for non-integer ones.
    m <- n_eff; pi <- P / m; z2 <- z^2
    centre <- (pi + z2 / (2 * m)) / (1 + z2 / m)
    half <- z / (1 + z2 / m) * sqrt(pi * (1 - pi) / m + z2 / (4 * m^2))
    wrow(scheme, 'wilson', n_eff, c(2 * (centre - half) - 1, 2 * (centre + half) - 1, 2 * sqrt(pi * (1 - pi) / m)))
  }
}
