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

# The Mayo model of cox_reference.R's "scaled" case, on its own scale: its
# Wald test is the scaled model's. (R's own Wald test of the scaled model,
# 138.87, is smaller: coxph.wtest's Cholesky tolerance drops a column whose
# variance is 1e18 times another's; SQ tests on the scaled variance.)
mayo <- coxph(Surv(time, status == 2) ~ age + edema + log(bili), data = pbc)
wald <- mayo$wald.test
writeLines(c("key,value", paste0("wald,", g17(wald)),
             paste0("wald_p,", g17(pchisq(wald, 3, lower.tail = FALSE)))),
           "Tests/Fixtures/R/scale_pbc_expected.txt")
