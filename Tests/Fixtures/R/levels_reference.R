# Default reference levels: R's coxph on a data frame read from CSV, where
# read.csv(stringsAsFactors = TRUE) makes text columns factors whose levels
# are sort(unique(x)) in R's collation, the first being the reference.
# Run from the repository root:  Rscript Tests/Fixtures/R/levels_reference.R
# Writes Tests/Fixtures/R/levels_cgd_expected.txt (key,value lines).
suppressMessages(library(survival))
g17 <- function(x) sprintf("%.17g", x)
cgd <- read.csv("Tests/Fixtures/data/cgd.csv", stringsAsFactors = TRUE)
fit <- coxph(Surv(tstart, tstop, status) ~ inherit + sex, data = cgd)
out <- c("key,value",
         paste0("levels.inherit,", paste(levels(cgd$inherit), collapse = "|")),
         paste0("levels.center,", paste(levels(cgd$center), collapse = "|")),
         paste0("coef.", names(coef(fit)), ",", g17(coef(fit))),
         paste0("se.", names(coef(fit)), ",", g17(sqrt(diag(vcov(fit))))))
writeLines(out, "Tests/Fixtures/R/levels_cgd_expected.txt")
