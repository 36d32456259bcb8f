# Golden values for the Cox Newton–Raphson loop's offset and penalty hooks
# (Sources/SQSurvival/CoxNewtonRaphson.swift, CoxPenalty.swift).
# Run from the repository root:  Rscript Tests/Fixtures/R/cox_offset_reference.R
# Writes Tests/Fixtures/R/cox_<case>_input.csv (response, offset, design) and
# Tests/Fixtures/R/cox_<case>_expected.txt (key,value lines, 17 significant digits).
suppressMessages(library(survival))
stopifnot(packageVersion("survival") >= "3.0")
out <- "Tests/Fixtures/R"
g17 <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))

d <- na.omit(lung[, c("time", "status", "age", "sex", "ph.ecog")])
d$status <- d$status - 1
input <- data.frame(time = d$time, status = d$status, offset = 0.5 * d$sex,
                    x1 = d$age, x2 = d$ph.ecog)
for (case in c("offset", "ridge"))
    write.table(vapply(input, g17, character(nrow(input))), file.path(out, paste0("cox_", case, "_input.csv")),
                sep = ",", quote = FALSE, row.names = FALSE)

write_case <- function(case, fit, extra = list()) {
    kv <- c(list(n = fit$n, iter = fit$iter[length(fit$iter)],
                 loglik0 = fit$loglik[1], loglik = fit$loglik[2]), extra)
    for (j in seq_along(coef(fit))) {
        kv[[paste0("coef", j)]] <- unname(coef(fit)[j])
        kv[[paste0("se", j)]] <- unname(sqrt(diag(fit$var))[j])
    }
    lines <- paste0(names(kv), ",", vapply(kv, g17, ""))
    writeLines(lines, file.path(out, paste0("cox_", case, "_expected.txt")))
}

# An offset: 0.5 · sex enters the linear predictor with its coefficient fixed.
write_case("offset", coxph(Surv(time, status) ~ age + ph.ecog + offset(0.5 * sex), data = d))

# A ridge penalty θ/2 Σ β² (θ = 10, unscaled) through coxpenal.fit, with the same offset.
ridge_fit <- coxph(Surv(time, status) ~ ridge(age, ph.ecog, theta = 10, scale = FALSE) + offset(0.5 * sex),
                   data = d)
write_case("ridge", ridge_fit, list(penalty = ridge_fit$penalty[length(ridge_fit$penalty)]))
