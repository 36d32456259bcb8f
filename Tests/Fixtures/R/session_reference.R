# Reference values for the end-to-end tests in Tests/SQTests: the same analyses
# written in SQ (SessionGoldenTests.swift) and in R survival.
# Run from the repository root: Rscript Tests/Fixtures/R/session_reference.R
suppressMessages(library(survival))
out <- "Tests/Fixtures/R/session_reference.csv"
rows <- list()
put <- function(key, value) rows[[length(rows) + 1]] <<- data.frame(key = key, value = format(value, digits = 17))

lung <- read.csv("samples/data/lung.csv")

# km os by sex at 1y, 2y with endpoint in days: surv(time, status == 2)
fit <- survfit(Surv(time, status == 2) ~ sex, data = lung)
med <- quantile(fit, 0.5)
for (i in 1:2) {
  put(sprintf("km.sex%d.median", i), med$quantile[i])
  put(sprintf("km.sex%d.median_lower", i), med$lower[i])
  put(sprintf("km.sex%d.median_upper", i), med$upper[i])
}
s <- summary(fit, times = c(365.25, 730.5), extend = TRUE)
for (j in seq_along(s$time)) {
  k <- sprintf("km.%s.t%d", sub("sex=", "sex", s$strata[j]), ifelse(j %% 2 == 1, 1, 2))
  put(paste0(k, ".surv"), s$surv[j]); put(paste0(k, ".lower"), s$lower[j])
  put(paste0(k, ".upper"), s$upper[j]); put(paste0(k, ".n_risk"), s$n.risk[j])
}
put("km.sex1.n", fit$n[1]); put("km.sex2.n", fit$n[2])

# logrank os by sex
sd <- survdiff(Surv(time, status == 2) ~ sex, data = lung)
put("logrank.chisq", sd$chisq)
put("logrank.p", pchisq(sd$chisq, 1, lower.tail = FALSE))

# fit cox os ~ age + sex + `ph.ecog`  (one row has ph.ecog missing)
cf <- coxph(Surv(time, status == 2) ~ age + sex + ph.ecog, data = lung)
sm <- summary(cf)
for (v in c("age", "sex", "ph.ecog")) {
  put(paste0("cox.", v, ".coef"), coef(cf)[[v]])
  put(paste0("cox.", v, ".se"), sm$coefficients[v, "se(coef)"])
  put(paste0("cox.", v, ".p"), sm$coefficients[v, "Pr(>|z|)"])
  put(paste0("cox.", v, ".lower"), sm$conf.int[v, "lower .95"])
  put(paste0("cox.", v, ".upper"), sm$conf.int[v, "upper .95"])
}
put("cox.n", cf$n); put("cox.events", cf$nevent); put("cox.n_dropped", length(cf$na.action))
put("cox.loglik0", cf$loglik[1]); put("cox.loglik1", cf$loglik[2])
put("cox.lr", sm$logtest[["test"]]); put("cox.wald", cf$wald.test); put("cox.score", sm$sctest[["test"]])
put("cox.concordance", cf$concordance[["concordance"]])

# fit cox os ~ factor(ph.ecog, ref = "1") with ties = breslow, ecog 3 (one patient) dropped by where
lung2 <- subset(lung, !is.na(ph.ecog) & ph.ecog < 3)
lung2$ecog <- relevel(factor(lung2$ph.ecog), ref = "1")
cb <- coxph(Surv(time, status == 2) ~ ecog, data = lung2, ties = "breslow")
put("coxf.ecog0.coef", coef(cb)[["ecog0"]]); put("coxf.ecog2.coef", coef(cb)[["ecog2"]])
put("coxf.ecog2.se", sqrt(vcov(cb)[2, 2]))

# followup os
fu <- survfit(Surv(time, 1 - (status == 2)) ~ 1, data = lung)
q <- quantile(fu, 0.5)
put("followup.median", q$quantile); put("followup.lower", q$lower); put("followup.upper", q$upper)

# cox.zph of the first model
z <- cox.zph(cf)
put("zph.age.chisq", z$table["age", "chisq"]); put("zph.global.chisq", z$table["GLOBAL", "chisq"])
put("zph.global.p", z$table["GLOBAL", "p"])

write.csv(do.call(rbind, rows), out, row.names = FALSE, quote = FALSE)
