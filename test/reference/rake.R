# Reference weights for test/quality/rakeWeights.test.ts: R survey::rake (survey 4.1.1, R from
# Debian r-base-core). Run: Rscript test/reference/rake.R
suppressMessages(library(survey))

show <- function(label, w) cat(label, ": [", paste(sprintf("%.15g", w), collapse = ", "), "]\n", sep = "")

rk <- function(df, vars, shares, maxit = 1000, eps = 1e-14) {
  des <- svydesign(ids = ~1, weights = ~w, data = df)
  total <- sum(df$w)
  pop <- lapply(seq_along(vars), function(k) {
    d <- data.frame(names(shares[[k]]), unlist(shares[[k]]) * total)
    names(d) <- c(vars[k], "Freq")
    d
  })
  r <- withCallingHandlers(
    rake(des, lapply(vars, function(v) as.formula(paste("~", v))), pop,
         control = list(maxit = maxit, epsilon = eps)),
    warning = function(w) { cat("warning:", conditionMessage(w)); invokeRestart("muffleWarning") })
  weights(r)
}

# Design 1: two margins, unit starting weights, 12 respondents
d1 <- data.frame(
  region = c("north","north","north","north","north","north","north","south","south","south","south","south"),
  age    = c("young","young","young","mid","mid","old","old","young","mid","old","old","old"),
  w = 1)
show("design1", rk(d1, c("region", "age"),
  list(list(north = 0.45, south = 0.55), list(young = 0.3, mid = 0.3, old = 0.4))))

# Design 2: three margins, unequal starting weights, 16 respondents
d2 <- data.frame(
  region  = rep(c("north", "south"), 8),
  age     = c("young","young","mid","old","old","mid","young","old","mid","mid","young","old","old","young","mid","old"),
  channel = c("web","store","web","web","store","store","web","store","web","store","store","web","web","web","store","store"),
  w = c(1, 2, 1.5, 0.5, 3, 1, 1, 2, 2.5, 1, 0.8, 1.2, 1, 2, 1, 0.7))
show("design2", rk(d2, c("region", "age", "channel"),
  list(list(north = 0.48, south = 0.52), list(young = 0.25, mid = 0.35, old = 0.4),
       list(web = 0.6, store = 0.4))))

# Design 3: cannot converge: region and age are confounded in the sample (every northerner is
# young, every southerner old) but the margins ask 40% north and 60% young. Five passes allowed.
# The weights cycle with period one pass, so R's test (the table at the end of a pass unchanged)
# stops after the second pass and calls it converged; the age margin is still 0.2 off.
d3 <- data.frame(region = c("north","north","south","south","south"),
                 age = c("young","young","old","old","old"), w = 1)
show("design3", rk(d3, c("region", "age"),
  list(list(north = 0.4, south = 0.6), list(young = 0.6, old = 0.4)), maxit = 5))

# Design 4: converges only in the limit: no northerner is old, so meeting north 50% and old 50%
# needs the young southerners' weight to go to 0 (slowly, about 1/passes). 20 passes: R warns.
d4 <- data.frame(region = c("north","north","south","south","south","south"),
                 age = c("young","young","young","young","old","old"), w = 1)
show("design4", rk(d4, c("region", "age"),
  list(list(north = 0.5, south = 0.5), list(young = 0.5, old = 0.5)), maxit = 20))
