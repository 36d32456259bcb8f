# A known curve to rebuild: R survfit of lung, sex = 1 (138 patients, 112 deaths),
# written as a digitiser would give it (the curve after each drop) with the
# number-at-risk table every 100 days. Expected: n, events and median of the source.
# Run from the repository root: Rscript Tests/Fixtures/R/reconstruct_reference.R
suppressMessages(library(survival))
fit <- survfit(Surv(time, status == 2) ~ 1, data = subset(lung, sex == 1))
events <- fit$n.event > 0
write.csv(data.frame(time = c(0, fit$time[events]), survival = c(1, fit$surv[events])),
          "Tests/Fixtures/data/reconstruct_curve.csv", row.names = FALSE)
times <- seq(0, 1000, by = 100)
s <- summary(fit, times = times, extend = TRUE)
write.csv(data.frame(time = times, n_risk = s$n.risk), "Tests/Fixtures/data/reconstruct_atrisk.csv", row.names = FALSE)
write.csv(data.frame(key = c("n", "events", "median"),
                     value = c(fit$n, sum(fit$n.event), unname(quantile(fit, 0.5)$quantile))),
          "Tests/Fixtures/R/reconstruct_expected.csv", row.names = FALSE, quote = FALSE)
