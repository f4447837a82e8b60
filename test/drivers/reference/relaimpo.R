# Reference values for test/drivers/relativeImportance.test.ts and test/drivers/reference.test.ts.
# Run: Rscript test/drivers/reference/relaimpo.R   (base R only; tested with R 4.2.2)
#
# R's relaimpo (2.2-7) is not installable here (not packaged for Debian, no CRAN access), so every
# quantity calc.relimp(type = c('lmg','first','last','betasq','pratt','genizi','car')) reports is
# computed by brute force from its published definition, with lm() for every R²:
#   lmg     Lindeman, Merenda & Gold (1980): Σ over subsets S ∌ j of |S|!(p−|S|−1)!/p! ΔR²ⱼ(S)
#   first   R² of the driver alone;  last   R²(full) − R²(full without j)
#   betasq  squared standardized coefficient;  pratt   standardized coefficient × correlation
#   car     Zuber & Strimmer (2010): squared correlations of y with the Mahalanobis-decorrelated
#           drivers Z = Xs R^{-1/2}
#   genizi  Genizi (1993): R² = Σₖ cor(y, zₖ)² over the orthonormal Z closest to Xs (Z = Xs R^{-1/2});
#           driver j gets Σₖ cor(xⱼ, zₖ)² cor(y, zₖ)² (correlations computed from the data)
#   johnson Johnson (2000): Λ = coefficients of the regression of Xs on Z, β = coefficients of the
#           regression of scale(y) on Z (lm), εⱼ = Σₖ Λⱼₖ² βₖ²
#   dominance (Budescu 1993; Azen & Budescu 2003): conditional[k] = mean ΔR²ⱼ(S) over |S| = k,
#           general = mean of conditional, i completely dominates j when ΔR²ᵢ(S) > ΔR²ⱼ(S) for all
#           S ⊆ others \ {i, j}.
# Data: datasets::swiss (Fertility ~ all five) and datasets::mtcars
# (mpg ~ cyl + disp + hp + drat + wt + qsec), both shipped with base R.

reference <- function(y, X, label) {
  X <- as.data.frame(X); p <- ncol(X); n <- nrow(X)
  r2 <- function(S) if (length(S) == 0) 0 else summary(lm(y ~ ., data = X[, S, drop = FALSE]))$r.squared
  subsets <- function(v) {
    out <- list(integer(0))
    for (k in seq_along(v)) out <- c(out, combn(v, k, simplify = FALSE))
    if (length(v) == 1) out <- list(integer(0), v)
    out
  }
  full <- r2(1:p)
  cond <- matrix(0, p, p); lmg <- numeric(p)
  for (j in 1:p) {
    for (S in subsets(setdiff(1:p, j))) {
      k <- length(S); gain <- r2(c(S, j)) - r2(S)
      lmg[j] <- lmg[j] + factorial(k) * factorial(p - k - 1) / factorial(p) * gain
      cond[j, k + 1] <- cond[j, k + 1] + gain / choose(p - 1, k)
    }
  }
  dominates <- lapply(1:p, function(i) names(X)[sapply(1:p, function(j) {
    if (i == j) return(FALSE)
    all(sapply(subsets(setdiff(1:p, c(i, j))), function(S) r2(c(S, i)) > r2(c(S, j))))
  })])
  first <- cor(X, y)[, 1]^2
  last <- sapply(1:p, function(j) full - r2(setdiff(1:p, j)))
  Xs <- scale(as.matrix(X)); ys <- as.vector(scale(y))
  beta <- coef(lm(ys ~ Xs))[-1]
  e <- eigen(cor(X), symmetric = TRUE)
  Z <- Xs %*% e$vectors %*% diag(1 / sqrt(e$values)) %*% t(e$vectors)
  car <- as.vector(cor(Z, y))^2
  genizi <- as.vector(cor(Xs, Z)^2 %*% cor(Z, y)^2)
  Lambda <- t(coef(lm(Xs ~ Z - 1)))   # row j: xⱼ on z₁..z_p
  b <- coef(lm(ys ~ Z))[-1]
  johnson <- as.vector(Lambda^2 %*% b^2)
  list(label = label, n = n, r2 = full, lmg = lmg, first = first, last = last,
       betasq = beta^2, pratt = beta * cor(X, y)[, 1], car = car, genizi = genizi,
       johnson = johnson, conditional = cond, general = rowMeans(cond), dominates = dominates,
       genizi_minus_johnson = max(abs(genizi - johnson)),
       lmg_minus_general = max(abs(lmg - rowMeans(cond))),
       sums = c(lmg = sum(lmg), pratt = sum(beta * cor(X, y)[, 1]), genizi = sum(genizi),
                car = sum(car), johnson = sum(johnson)) - full)
}

num <- function(v) paste(sprintf("%.17g", v), collapse = ", ")
show <- function(ref) {
  cat("// ", ref$label, "\n", sep = "")
  cat("r2: ", sprintf("%.17g", ref$r2), ",\n", sep = "")
  for (m in c("lmg", "first", "last", "betasq", "pratt", "car", "genizi", "johnson", "general"))
    cat(m, ": [", num(ref[[m]]), "],\n", sep = "")
  cat("conditional: [\n")
  for (j in seq_len(nrow(ref$conditional))) cat("  [", num(ref$conditional[j, ]), "],\n", sep = "")
  cat("],\n")
  cat("dominates: [", paste(sapply(ref$dominates, function(d)
    paste0("[", paste0("'", d, "'", collapse = ", ")[length(d) > 0], "]")), collapse = ", "), "],\n", sep = "")
  cat("// |genizi − johnson| max: ", ref$genizi_minus_johnson,
      "; |lmg − general| max: ", ref$lmg_minus_general, "\n", sep = "")
  cat("// sums − R²: ", paste(names(ref$sums), signif(ref$sums, 3), collapse = ", "), "\n\n", sep = "")
}

show(reference(swiss$Fertility, swiss[, -1], "datasets::swiss, Fertility ~ ."))
show(reference(mtcars$mpg, mtcars[, c("cyl", "disp", "hp", "drat", "wt", "qsec")],
               "datasets::mtcars, mpg ~ cyl + disp + hp + drat + wt + qsec"))
