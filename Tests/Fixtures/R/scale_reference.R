# A covariate's scale must not change a Cox model's tests: R's coxph on lung
# with age as it is. SQ fits age * 1e300 and age * 1e160, whose coefficient
# and SE are these divided by 1e300 / 1e160 and whose z, p and Wald are these
# (R itself reports se 0 there: its variance underflows).
# Run from the repository root:  Rscript Tests/Fixtures/R/scale_reference.R
suppressMessages(library(survival))
g17 <- function(x) sprintf("%.17g", x)
fit <- coxph(Surv(time, status) ~ age, data = lung)
s <- summary(fit)
out <- c("key,value",
         paste0("coef,", g17(coef(fit))), paste0("se,", g17(sqrt(vcov(fit)[1, 1]))),
         paste0("z,", g17(s$coefficients[1, "z"])), paste0("p,", g17(s$coefficients[1, "Pr(>|z|)"])),
         paste0("wald,", g17(s$waldtest[1])), paste0("lr,", g17(s$logtest[1])))
writeLines(out, "Tests/Fixtures/R/scale_lung_expected.txt")
