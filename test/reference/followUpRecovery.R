# Reference values for test/followup/followUpRecovery.test.ts (R 4.x, base stats only).
# Wilson score interval = prop.test(x, n, correct = FALSE)$conf.int (Wilson 1927).
options(digits = 17)
w <- function(x, n, conf = 0.95) as.numeric(prop.test(x, n, conf.level = conf, correct = FALSE)$conf.int)
# recovery of the followed-up detractors of the hand-built data: 9 of 12 recovered, 5 of 12 promoted
print(w(9, 12)); print(w(5, 12))
# not followed up: 4 of 10 recovered, 2 of 10 promoted
print(w(4, 10)); print(w(2, 10))
# 90 % level, and the boundaries 0 of 7 and 7 of 7
print(w(9, 12, 0.9)); print(w(0, 7)); print(w(7, 7))
# later NPS, base promoters-and-detractors: a = 5 P / 3 D, b = 2 P / 6 D;
# NPS = 2*pi - 1, Var = 4 pi (1 - pi) / m; independent difference (Wald)
pa <- 5/8; pb <- 2/8
se <- 100 * sqrt(4*pa*(1-pa)/8 + 4*pb*(1-pb)/8); d <- 100*((2*pa-1) - (2*pb-1)); z <- d/se
print(c(d = d, se = se, z = z, p = 2*pnorm(-abs(z))))
