# Golden values for the Cox engine (Sources/SQSurvival/Cox*.swift).
# Run from the repository root:  Rscript Tests/Fixtures/R/cox_reference.R
# For every case it writes
#   Tests/Fixtures/R/cox_<case>_input.csv     R's own design matrix (model.matrix of the fit),
#                                              the response, strata and cluster codes
#   Tests/Fixtures/R/cox_<case>_expected.txt  key,value lines with 17 significant digits
# and the raw data sets to Tests/Fixtures/data/<name>.csv.
suppressMessages(library(survival))
stopifnot(packageVersion("survival") >= "3.0")
out <- "Tests/Fixtures/R"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
dir.create("Tests/Fixtures/data", showWarnings = FALSE, recursive = TRUE)

g17 <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))

# Raw data sets (identical bytes for every engineer exporting the same set).
for (name in c("pbc", "veteran", "lung", "colon", "cgd", "heart")) {
    d <- get(name)
    write.csv(d, paste0("Tests/Fixtures/data/", name, ".csv"), row.names = FALSE, na = "")
}

# Fits `formula`, capturing warnings, and exports input and expected values.
# `zph` is NULL or a transform-"km" cox.zph of the fit (terms = TRUE).
export_case <- function(case, formula, data, ties = "efron", zph = FALSE) {
    warns <- character(0)
    fit <- withCallingHandlers(
        coxph(formula, data = data, ties = ties, x = TRUE, y = TRUE, model = TRUE),
        warning = function(w) { warns <<- c(warns, conditionMessage(w)); invokeRestart("muffleWarning") })
    X <- model.matrix(fit)
    Y <- fit$y
    mf <- model.frame(fit)
    input <- data.frame(row.names = NULL, check.names = FALSE)
    input <- if (ncol(Y) == 3) data.frame(start = Y[, 1], time = Y[, 2], status = Y[, 3])
             else data.frame(time = Y[, 1], status = Y[, 2])
    if (!is.null(fit$strata)) input$strata <- as.integer(fit$strata)
    if (!is.null(mf[["(cluster)"]])) input$cluster <- as.integer(factor(mf[["(cluster)"]]))
    for (j in seq_len(ncol(X))) input[[paste0("x", j)]] <- X[, j]
    text <- vapply(input, g17, character(nrow(input)))
    write.table(text, file.path(out, paste0("cox_", case, "_input.csv")), sep = ",",
                quote = FALSE, row.names = FALSE)

    s <- summary(fit)
    cf <- s$coefficients
    robust <- !is.null(fit$naive.var)
    se <- sqrt(diag(fit$var)); se[is.na(coef(fit))] <- NA
    naive <- sqrt(diag(if (robust) fit$naive.var else fit$var)); naive[is.na(coef(fit))] <- NA
    z <- coef(fit) / se
    kv <- list(
        n = fit$n, events = fit$nevent, p = ncol(X), iter = fit$iter,
        loglik0 = fit$loglik[1], loglik = fit$loglik[2],
        lr = s$logtest[1], lr_df = s$logtest[2], lr_p = s$logtest[3],
        wald = fit$wald.test, wald_df = s$waldtest[2],
        wald_p = pchisq(fit$wald.test, s$waldtest[2], lower.tail = FALSE),
        score = s$sctest[1], score_df = s$sctest[2], score_p = s$sctest[3],
        concordant = fit$concordance["concordant"], discordant = fit$concordance["discordant"],
        tied_x = fit$concordance["tied.x"], tied_y = fit$concordance["tied.y"],
        tied_xy = fit$concordance["tied.xy"],
        concordance = fit$concordance["concordance"], concordance_se = fit$concordance["std"],
        warnings = length(warns))
    if (robust) {
        kv$robust_score <- s$robscore[1]; kv$robust_score_df <- s$robscore[2]
        kv$robust_score_p <- s$robscore[3]
    }
    for (j in seq_len(ncol(X))) {
        kv[[paste0("coef.", j)]] <- coef(fit)[j]
        kv[[paste0("se.", j)]] <- se[j]
        kv[[paste0("naive_se.", j)]] <- naive[j]
        kv[[paste0("z.", j)]] <- z[j]
        kv[[paste0("p.", j)]] <- 2 * pnorm(-abs(z[j]))
        kv[[paste0("lower.", j)]] <- exp(coef(fit)[j] - qnorm(0.975) * se[j])
        kv[[paste0("upper.", j)]] <- exp(coef(fit)[j] + qnorm(0.975) * se[j])
    }
    stopifnot(isTRUE(all.equal(unname(cf[, "Pr(>|z|)"]), unname(2 * pnorm(-abs(z))))))
    lines <- paste0(names(kv), ",", vapply(kv, function(v) g17(unname(v)), ""))
    if (length(warns)) lines <- c(lines, paste0("warning_text,", gsub("[,\n]", " ", warns)))
    if (zph) {
        zp <- cox.zph(fit, transform = "km", terms = TRUE)
        asgn <- fit$assign
        lines <- c(lines, paste0("zph_terms,", length(asgn)))
        for (i in seq_along(asgn)) {
            lines <- c(lines, paste0("zph_columns.", i, ",", paste(asgn[[i]], collapse = " ")),
                       paste0("zph_chisq.", i, ",", g17(zp$table[i, "chisq"])),
                       paste0("zph_df.", i, ",", g17(zp$table[i, "df"])),
                       paste0("zph_p.", i, ",", g17(zp$table[i, "p"])))
        }
        k <- nrow(zp$table)
        lines <- c(lines, paste0("zph_global_chisq,", g17(zp$table[k, "chisq"])),
                   paste0("zph_global_df,", g17(zp$table[k, "df"])),
                   paste0("zph_global_p,", g17(zp$table[k, "p"])))
    }
    writeLines(lines, file.path(out, paste0("cox_", case, "_expected.txt")))
    invisible(fit)
}

# Mayo PBC model (Therneau & Grambsch, ch. 6), Efron and Breslow, with cox.zph.
export_case("pbc", Surv(time, status == 2) ~ age + edema + log(bili) + log(albumin) + log(protime),
            pbc, zph = TRUE)
export_case("pbc_breslow", Surv(time, status == 2) ~ age + edema + log(bili) + log(albumin) + log(protime),
            pbc, ties = "breslow", zph = TRUE)

# Factor with a chosen reference level: a 4-level term of 3 columns.
vet <- veteran
vet$celltype <- relevel(vet$celltype, ref = "large")
export_case("veteran", Surv(time, status) ~ trt + celltype + karno + age, vet, zph = TRUE)
export_case("veteran_breslow", Surv(time, status) ~ trt + celltype + karno + age, vet,
            ties = "breslow", zph = TRUE)

# Interactions: numeric x numeric, and factor x numeric.
export_case("lung_interaction", Surv(time, status) ~ age * ph.karno + sex, lung)
export_case("veteran_interaction", Surv(time, status) ~ celltype * karno, vet)

# Strata.
export_case("lung_strata", Surv(time, status) ~ age + ph.ecog + strata(sex), lung, zph = TRUE)

# Larger, heavily tied (times in months), strata and a cluster: colon cancer trial.
col <- colon
col$months <- ceiling(col$time / 30.4375)
export_case("colon", Surv(months, status) ~ rx + sex + age + obstruct + perfor + adhere + nodes +
            extent + surg + strata(etype) + cluster(id), col)

# Counting-process (start, stop] data with cluster(id), with and without strata.
export_case("cgd", Surv(tstart, tstop, status) ~ treat + inherit + steroids + age + cluster(id), cgd)
export_case("cgd_strata", Surv(tstart, tstop, status) ~ treat + inherit + age + strata(hos.cat) +
            cluster(id), cgd, ties = "breslow")
export_case("heart", Surv(start, stop, event) ~ age + year + surgery + transplant + cluster(id), heart,
            zph = TRUE)

# Monotone likelihood: every event has x = 1 (separation); R warns and finishes.
set.seed(20240601)
mono <- data.frame(time = rexp(60), status = rbinom(60, 1, 0.7), z = rnorm(60))
mono$x <- as.numeric(mono$status == 1 & mono$time < median(mono$time))
mono$x[mono$status == 0] <- 0
export_case("monotone", Surv(time, status) ~ x + z, mono)

# Collinear design: the third column is a linear combination of the first two.
pbc2 <- pbc
pbc2$agebili <- 2 * pbc2$age - 3 * pbc2$bili + 1
export_case("collinear", Surv(time, status == 2) ~ age + bili + agebili + edema, pbc2)

# A stratum without events and a covariate constant within one stratum.
set.seed(7)
odd <- data.frame(time = rexp(90) * 10, status = rbinom(90, 1, 0.6), x = rnorm(90),
                  g = rep(1:3, each = 30))
odd$status[odd$g == 3] <- 0
odd$w <- ifelse(odd$g == 1, 1.5, rnorm(90))
export_case("odd_strata", Surv(time, status) ~ x + w + strata(g), odd)

# Covariates on huge and tiny scales (1e9, 1e-9): coxph scales internally, so
# the fit is the Mayo model's with coefficients rescaled.
pbc_scaled <- pbc
pbc_scaled$age_ns <- pbc_scaled$age * 1e9
pbc_scaled$lbili_n <- log(pbc_scaled$bili) * 1e-9
export_case("scaled", Surv(time, status == 2) ~ age_ns + edema + lbili_n, pbc_scaled)

# Perfectly tied times: every row ends at the same time (one risk set), Efron and Breslow.
set.seed(11)
tied <- data.frame(time = rep(5, 40), status = rbinom(40, 1, 0.5), x = rnorm(40), g = rbinom(40, 1, 0.4))
export_case("all_tied", Surv(time, status) ~ x + g, tied)
export_case("all_tied_breslow", Surv(time, status) ~ x + g, tied, ties = "breslow")

# A single event in the whole data set.
single <- lung[!is.na(lung$ph.ecog), ]
single$event <- as.numeric(seq_len(nrow(single)) == which.min(abs(single$time - 300)))
export_case("single_event", Surv(time, event) ~ age + ph.ecog, single)
