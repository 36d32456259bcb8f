# Reference values for random-effects pooling (Tests/SQSurvivalTests/PoolingGoldenTests.swift
# and the `pool` statement), from metafor::rma with the convergence threshold
# tightened so the REML estimate is converged to machine precision.
# Run from the repository root: Rscript Tests/Fixtures/R/pool_reference.R
suppressMessages(library(metafor))
fmt <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))
out <- list()
add <- function(case, key, value) out[[length(out) + 1]] <<- data.frame(case = case, key = key, value = fmt(value))

bcg <- escalc(measure = "RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)
bcg <- data.frame(study = paste(bcg$author, bcg$year), yi = as.numeric(bcg$yi), sei = sqrt(as.numeric(bcg$vi)))
write.csv(bcg, "Tests/Fixtures/data/pool_bcg.csv", row.names = FALSE)

# 1-year survival rates with 95% CIs, as papers report them (synthetic but typical).
rates <- data.frame(study = c("A 2010", "B 2012", "C 2014", "D 2015", "E 2018", "F 2020"),
                    rate = c(0.82, 0.91, 0.76, 0.88, 0.70, 0.85),
                    lower = c(0.70, 0.84, 0.62, 0.80, 0.55, 0.74),
                    upper = c(0.90, 0.95, 0.86, 0.93, 0.82, 0.92))
write.csv(rates, "Tests/Fixtures/data/pool_rates.csv", row.names = FALSE)
# SE on the log scale from the CI (symmetric on log: (log U − log L) / (2 z)).
z <- qnorm(0.975)
rates$yi <- log(rates$rate)
rates$sei <- (log(rates$upper) - log(rates$lower)) / (2 * z)

for (case in c("bcg", "rates")) {
  d <- if (case == "bcg") bcg else rates
  for (method in c("FE", "DL", "REML")) {
    fit <- rma(yi = d$yi, sei = d$sei, method = method, control = list(threshold = 1e-12, maxiter = 1000))
    key <- tolower(method)
    add(case, paste0(key, ".estimate"), as.numeric(fit$b))
    add(case, paste0(key, ".se"), fit$se)
    add(case, paste0(key, ".lower"), fit$ci.lb)
    add(case, paste0(key, ".upper"), fit$ci.ub)
    add(case, paste0(key, ".p"), fit$pval)
    add(case, paste0(key, ".tau2"), fit$tau2)
    add(case, paste0(key, ".i2"), fit$I2)
    add(case, paste0(key, ".q"), fit$QE)
    add(case, paste0(key, ".p_q"), fit$QEp)
  }
}
write.csv(do.call(rbind, out), "Tests/Fixtures/R/pool_expected.csv", row.names = FALSE, quote = FALSE)

# `pool survival os at 1y from men, women with method = dl, transform = logit` on lung:
# KM rate and its Greenwood SE per group, pooled on the logit scale.
suppressMessages(library(survival))
lung <- read.csv("samples/data/lung.csv")
km <- summary(survfit(Surv(time, status == 2) ~ sex, data = lung), times = 365.25)
p <- km$surv; se <- km$std.err   # summary.survfit reports the SE of S itself (Greenwood)
fit <- rma(yi = log(p / (1 - p)), sei = se / (p * (1 - p)), method = "DL", control = list(threshold = 1e-12))
back <- function(x) 1 / (1 + exp(-x))
ps <- data.frame(case = "poolsurv", key = c("estimate", "lower", "upper", "tau2", "men", "women"),
                 value = fmt(c(back(as.numeric(fit$b)), back(fit$ci.lb), back(fit$ci.ub), fit$tau2, p[1], p[2])))
write.table(ps, "Tests/Fixtures/R/pool_expected.csv", append = TRUE, sep = ",", row.names = FALSE, col.names = FALSE, quote = FALSE)
