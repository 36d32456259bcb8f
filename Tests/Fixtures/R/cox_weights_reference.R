# Golden values for case-weighted Cox fits (coxph(..., weights = w)), which the
# PostgreSQL pushdown computes from weighted sums (Sources/SQPostgres/PostgresCoxStatement.swift).
# Run from the repository root:  Rscript Tests/Fixtures/R/cox_weights_reference.R
# Writes, for each case, Tests/Fixtures/R/cox_<case>_input.csv (time, status, weight
# and R's design matrix x1..xp) and cox_<case>_expected.txt (key,value, 17 digits).
suppressMessages(library(survival))
out <- "Tests/Fixtures/R"
g17 <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))

d <- na.omit(lung[, c("time", "status", "age", "sex", "ph.ecog")])
d$status <- as.integer(d$status == 2)
# Positive, unequal, not whole: weights that change every sum.
d$weight <- 0.5 + (d$age %% 7) / 4

for (ties in c("efron", "breslow")) {
    case <- paste0("weighted_", ties)
    fit <- coxph(Surv(time, status) ~ age + sex + ph.ecog, data = d, weights = weight, ties = ties, x = TRUE)
    X <- model.matrix(fit)
    input <- data.frame(time = d$time, status = d$status, weight = d$weight)
    for (j in seq_len(ncol(X))) input[[paste0("x", j)]] <- X[, j]
    write.table(vapply(input, g17, character(nrow(input))), file.path(out, paste0("cox_", case, "_input.csv")),
                sep = ",", quote = FALSE, row.names = FALSE)
    kv <- list(n = fit$n, events = fit$nevent, iter = fit$iter, loglik0 = fit$loglik[1], loglik = fit$loglik[2])
    # Non-integer weights: coxph's default variance is the robust one (fit$var);
    # the model-based one is fit$naive.var.
    se <- sqrt(diag(fit$var))
    naive <- sqrt(diag(fit$naive.var))
    for (j in seq_len(ncol(X))) {
        kv[[paste0("coef.", j)]] <- coef(fit)[j]
        kv[[paste0("se.", j)]] <- se[j]
        kv[[paste0("naive_se.", j)]] <- naive[j]
    }
    writeLines(paste0(names(kv), ",", vapply(kv, g17, "")), file.path(out, paste0("cox_", case, "_expected.txt")))
}
