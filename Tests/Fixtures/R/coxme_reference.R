# Golden values for the mixed-effects Cox model and the frailty models
# (Sources/SQSurvival/CoxMixed*.swift, Frailty*.swift).
# Run from the repository root:
#   R_LIBS=/path/to/coxme/library Rscript Tests/Fixtures/R/coxme_reference.R
# Needs coxme 2.2-22 (CRAN source; R CMD INSTALL) and survival >= 3.5.
# For every case it writes
#   Tests/Fixtures/R/coxme_<case>_input.csv     the response, strata, group and R's design matrix
#   Tests/Fixtures/R/coxme_<case>_expected.txt  key,value lines with 17 significant digits
# coxme's default optimiser stops early (reltol 1e-5); the reference is coxme at its
# true optimum, with the inner and outer tolerances tightened.
suppressMessages({ library(survival); library(coxme) })
stopifnot(packageVersion("coxme") == "2.2.22")
out <- "Tests/Fixtures/R"
g17 <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))
tight <- coxme.control(eps = 1e-12, optpar = list(method = "BFGS", control = list(reltol = 1e-14)))

write_input <- function(case, y, x, group, strata = NULL) {
    input <- if (ncol(y) == 3) data.frame(start = y[, 1], time = y[, 2], status = y[, 3])
             else data.frame(time = y[, 1], status = y[, 2])
    if (!is.null(strata)) input$strata <- as.integer(factor(strata))
    input$group <- group
    for (j in seq_len(ncol(x))) input[[paste0("x", j)]] <- x[, j]
    text <- vapply(input, g17, character(nrow(input)))
    write.table(text, file.path(out, paste0("coxme_", case, "_input.csv")), sep = ",",
                quote = FALSE, row.names = FALSE)
}
write_expected <- function(case, kv, warns = character(0)) {
    lines <- paste0(names(kv), ",", vapply(kv, function(v) g17(unname(v)), ""))
    if (length(warns)) lines <- c(lines, paste0("warning_text,", gsub("[,\n]", " ", warns)))
    writeLines(lines, file.path(out, paste0("coxme_", case, "_expected.txt")))
}

# coxme: `formula` has one random intercept (1 | group); `strata` the strata column or NULL.
mixed_case <- function(case, formula, data, group, strata = NULL, ties = "efron", vfixed = NULL) {
    fit <- if (is.null(vfixed)) coxme(formula, data = data, ties = ties, control = tight)
           else coxme(formula, data = data, ties = ties, control = tight, vfixed = vfixed)
    cox <- coxph(update(formula, paste(". ~ . -", paste0("(1 | ", group, ")"))),
                 data = data, ties = ties, x = TRUE, y = TRUE)
    write_input(case, cox$y, model.matrix(cox), data[[group]],
                if (is.null(strata)) NULL else data[[strata]])
    g <- factor(data[[group]])
    frac <- table(g) / length(g)
    sparse <- if (nlevels(g) >= 50 && any(frac <= 0.02)) sum(frac <= 0.02) else 0
    beta <- if (length(fixef(fit))) fixef(fit) else numeric(0)
    nf <- nrow(fit$var) - length(beta)
    se <- sqrt(diag(fit$var)[nf + seq_along(beta)])
    re <- ranef(fit)[[1]]
    re <- re[order(as.numeric(names(re)))]
    kv <- list(n = fit$n[2], events = fit$n[1], p = length(beta), groups = nlevels(g),
               sparse = sparse, variance = unname(fit$vcoef[[1]]),
               loglik_null = fit$loglik[1], loglik_integrated = fit$loglik[2],
               loglik_penalized = fit$loglik[3], loglik_fitted = fit$loglik[3] + fit$penalty,
               loglik_cox = tail(cox$loglik, 1), lrt = 2 * (fit$loglik[2] - tail(cox$loglik, 1)))
    for (j in seq_along(beta)) {
        kv[[paste0("coef.", j)]] <- beta[j]
        kv[[paste0("se.", j)]] <- se[j]
    }
    for (k in seq_along(re)) {
        kv[[paste0("group.", k)]] <- as.numeric(names(re)[k])
        kv[[paste0("b.", k)]] <- re[k]
    }
    write_expected(case, kv)
}

# coxph with frailty(group, ...): gamma (default) or gaussian; theta fixed when given.
frailty_case <- function(case, formula, data, group, dist = "gamma", theta = NULL, ties = "efron", strata = NULL) {
    term <- if (is.null(theta)) sprintf("frailty(%s, dist = '%s')", group, dist)
            else sprintf("frailty(%s, dist = '%s', theta = %.17g)", group, dist, theta)
    warns <- character(0)
    fit <- withCallingHandlers(coxph(update(formula, paste(". ~ . +", term)), data = data, ties = ties),
        warning = function(w) { warns <<- c(warns, conditionMessage(w)); invokeRestart("muffleWarning") })
    cox <- coxph(formula, data = data, ties = ties, x = TRUE, y = TRUE)
    write_input(case, cox$y, model.matrix(cox), data[[group]],
                if (is.null(strata)) NULL else data[[strata]])
    p <- ncol(model.matrix(cox))
    h <- fit$history[[1]]
    # The variance R prints (the last theta evaluated; h$theta is the next proposal).
    theta_used <- if (is.null(h$history)) h$theta else h$history[nrow(h$history), 1]
    kv <- list(n = fit$n, events = fit$nevent, p = p, groups = length(unique(data[[group]])),
               theta = theta_used, iter_failed = length(warns), loglik_null = fit$loglik[1], loglik_penalized = fit$loglik[2],
               loglik_integrated = if (is.null(h$c.loglik)) NA else h$c.loglik,
               df = sum(fit$df), outer = fit$iter[1], loglik_cox = cox$loglik[2])
    for (j in seq_len(p)) {
        kv[[paste0("coef.", j)]] <- coef(fit)[j]
        kv[[paste0("se.", j)]] <- sqrt(diag(fit$var))[j]
        kv[[paste0("se2.", j)]] <- sqrt(diag(fit$var2))[j]
    }
    fr <- fit$frail
    lev <- sort(unique(data[[group]]))
    for (k in seq_along(fr)) {
        kv[[paste0("group.", k)]] <- lev[k]
        kv[[paste0("b.", k)]] <- fr[k]
    }
    write_expected(case, kv, warns)
}

cgd0 <- cgd
cgd0$treat <- as.integer(cgd0$treat == "rIFN-g")
cohort <- read.csv("Tests/Fixtures/data/seedlike_cohort.csv")

# Mixed-effects (coxme).
mixed_case("rats", Surv(time, status) ~ rx + (1 | litter), rats, "litter")
mixed_case("rats_strata", Surv(time, status) ~ rx + strata(sex) + (1 | litter), rats, "litter", strata = "sex")
mixed_case("kidney", Surv(time, status) ~ age + sex + (1 | id), kidney, "id")
mixed_case("kidney_breslow", Surv(time, status) ~ age + sex + (1 | id), kidney, "id", ties = "breslow")
mixed_case("kidney_fixed", Surv(time, status) ~ age + sex + (1 | id), kidney, "id", vfixed = 0.5)
mixed_case("cgd", Surv(tstart, tstop, status) ~ treat + age + (1 | id), cgd0, "id")
mixed_case("cohort_random_only", Surv(pfs_months, progressed) ~ (1 | patient_id), cohort, "patient_id")
mixed_case("cohort", Surv(pfs_months, progressed) ~ margin + size_cm + rt + age + (1 | patient_id),
           cohort, "patient_id")

# Frailty (coxph).
frailty_case("gamma_kidney", Surv(time, status) ~ age + sex, kidney, "id")
frailty_case("gauss_kidney", Surv(time, status) ~ age + sex, kidney, "id", dist = "gauss")
frailty_case("gamma_rats", Surv(time, status) ~ rx, rats, "litter")
frailty_case("gauss_rats", Surv(time, status) ~ rx, rats, "litter", dist = "gauss")
frailty_case("gamma_cgd", Surv(tstart, tstop, status) ~ treat + age, cgd0, "id")
frailty_case("gamma_cohort", Surv(pfs_months, progressed) ~ margin + size_cm + rt + age, cohort, "patient_id")
frailty_case("gauss_cohort", Surv(pfs_months, progressed) ~ margin + size_cm + rt + age, cohort, "patient_id",
             dist = "gauss")
# coxme at the gaussian frailty's theta: the Laplace-integrated likelihood SQ reports for it.
gauss <- coxph(Surv(pfs_months, progressed) ~ margin + size_cm + rt + age + frailty(patient_id, dist = "gauss"), cohort)
gauss_theta <- unname(gauss$history[[1]]$history[nrow(gauss$history[[1]]$history), 1])
mixed_case("cohort_at_gauss_theta", Surv(pfs_months, progressed) ~ margin + size_cm + rt + age + (1 | patient_id),
           cohort, "patient_id", vfixed = gauss_theta)
frailty_case("gamma_kidney_fixed", Surv(time, status) ~ age + sex, kidney, "id", theta = 0.5)
frailty_case("gauss_kidney_fixed", Surv(time, status) ~ age + sex, kidney, "id", dist = "gauss", theta = 0.5)
frailty_case("gamma_rats_strata", Surv(time, status) ~ rx + strata(sex), rats, "litter", strata = "sex")
frailty_case("gamma_kidney_breslow", Surv(time, status) ~ age + sex, kidney, "id", ties = "breslow")

