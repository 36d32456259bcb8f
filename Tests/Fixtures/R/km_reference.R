# Reference values for the Kaplan–Meier, log-rank and follow-up tests
# (Tests/SQSurvivalTests/KaplanMeierGoldenTests.swift).
# Run from the repository root: Rscript Tests/Fixtures/R/km_reference.R
# Each case writes km_<case>_input.csv (time, status, group code in R's level
# order, start for counting-process data) and km_<case>_expected.csv
# (group, key, index, value) with 17 significant digits.
suppressMessages(library(survival))
dir <- "Tests/Fixtures/R"
for (name in c("ovarian", "aml")) {
  write.csv(get(name, envir = asNamespace("survival")), sprintf("Tests/Fixtures/data/%s.csv", name), row.names = FALSE, na = "")
}
fmt <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))

km_case <- function(name, time, status, group, start = NULL, conf.type = "log", conf.int = 0.95,
                    at = c(0, 100, 365, 1000, 5000)) {
  group <- factor(group)
  input <- data.frame(time = time, status = status, group = as.integer(group) - 1)
  if (!is.null(start)) input$start <- start
  write.csv(input, file.path(dir, sprintf("km_%s_input.csv", name)), row.names = FALSE)
  rows <- list()
  add <- function(g, key, value) {
    if (length(value) == 0) return()
    rows[[length(rows) + 1]] <<- data.frame(group = g, key = key, index = seq_along(value) - 1,
                                            value = ifelse(is.na(value), "NA", fmt(value)))
  }
  add(-1, "conf", conf.int)
  add(-1, "conf_type", match(conf.type, c("log", "log-log", "plain")) - 1)
  add(-1, "at", at)
  for (g in seq_along(levels(group))) {
    keep <- as.integer(group) == g
    surv <- if (is.null(start)) Surv(time[keep], status[keep]) else Surv(start[keep], time[keep], status[keep])
    fit <- survfit(surv ~ 1, conf.type = conf.type, conf.int = conf.int)
    add(g - 1, "time", fit$time); add(g - 1, "n.risk", fit$n.risk); add(g - 1, "n.event", fit$n.event)
    add(g - 1, "surv", fit$surv); add(g - 1, "std.err", fit$std.err)
    add(g - 1, "lower", fit$lower); add(g - 1, "upper", fit$upper)
    q <- quantile(fit, 0.5)
    add(g - 1, "median", q$quantile); add(g - 1, "median_lower", q$lower); add(g - 1, "median_upper", q$upper)
    s <- summary(fit, times = at, extend = TRUE)
    add(g - 1, "at_surv", s$surv); add(g - 1, "at_n.risk", s$n.risk)
    add(g - 1, "at_lower", s$lower); add(g - 1, "at_upper", s$upper)
  }
  write.csv(do.call(rbind, rows), file.path(dir, sprintf("km_%s_expected.csv", name)), row.names = FALSE, quote = FALSE)
}

logrank_case <- function(name, time, status, group, strata = NULL) {
  group <- factor(group)
  input <- data.frame(time = time, status = status, group = as.integer(group) - 1)
  fit <- if (is.null(strata)) survdiff(Surv(time, status) ~ group) else {
    input$strata <- as.integer(factor(strata)) - 1
    survdiff(Surv(time, status) ~ group + strata(strata))
  }
  write.csv(input, file.path(dir, sprintf("logrank_%s_input.csv", name)), row.names = FALSE)
  obs <- if (is.matrix(fit$obs)) rowSums(fit$obs) else fit$obs
  expd <- if (is.matrix(fit$exp)) rowSums(fit$exp) else fit$exp
  df <- sum(expd > 0) - 1
  out <- data.frame(key = c("chisq", "df", "p", paste0("observed", seq_along(obs) - 1), paste0("expected", seq_along(expd) - 1)),
                    value = fmt(c(fit$chisq, df, pchisq(fit$chisq, df, lower.tail = FALSE), obs, expd)))
  write.csv(out, file.path(dir, sprintf("logrank_%s_expected.csv", name)), row.names = FALSE, quote = FALSE)
}

km_case("lung_sex", lung$time, lung$status - 1, lung$sex)
km_case("veteran_loglog", veteran$time, veteran$status, veteran$celltype, conf.type = "log-log", conf.int = 0.9)
km_case("veteran_plain", veteran$time, veteran$status, veteran$celltype, conf.type = "plain")
km_case("ovarian", ovarian$futime, ovarian$fustat, ovarian$rx)   # rx = 2: median not reached
km_case("aml", aml$time, aml$status, aml$x, at = c(0, 5, 12, 30, 200))
km_case("heart", heart$stop, heart$event, heart$transplant, start = heart$start)
# median exactly at 0.5 over a flat stretch, and a curve that ends flat at 0.5
km_case("flat_half", c(1, 2, 3, 4, 1, 2, 2, 5), c(1, 1, 1, 1, 1, 1, 0, 0), c(1, 1, 1, 1, 2, 2, 2, 2), at = c(0, 2, 10))
# an all-censored group next to a normal one
km_case("censored", c(5, 8, 12, 3, 9, 11, 20), c(0, 0, 0, 1, 1, 0, 1), c(1, 1, 1, 2, 2, 2, 2), at = c(1, 10, 30))
# reverse Kaplan–Meier follow-up: the same machinery with events and censorings swapped
km_case("followup_veteran", veteran$time, 1 - veteran$status, rep(1, nrow(veteran)))

logrank_case("lung_sex", lung$time, lung$status - 1, lung$sex)
logrank_case("veteran_celltype", veteran$time, veteran$status, veteran$celltype)
logrank_case("veteran_strata", veteran$time, veteran$status, veteran$trt, strata = veteran$celltype)
logrank_case("aml", aml$time, aml$status, aml$x)
