# A seeded synthetic cohort shaped like seed 000's sarcoma study: patients with
# 1-12 local treatments each, PFS after every treatment, a shared patient effect.
# Run from the repository root:  Rscript Tests/Fixtures/R/seedlike_cohort.R [patients] [file]
# Default: 250 patients -> Tests/Fixtures/data/seedlike_cohort.csv (the golden cohort).
# The benchmark cohort is the same generator with 10000 patients.
args <- commandArgs(trailingOnly = TRUE)
patients <- if (length(args) >= 1) as.integer(args[1]) else 250L
file <- if (length(args) >= 2) args[2] else "Tests/Fixtures/data/seedlike_cohort.csv"
set.seed(20000 + patients)

# Treatments per patient: 1..12, most patients few (geometric-like), mean about 3.2.
ntreat <- pmin(12L, 1L + rgeom(patients, 0.31))
id <- rep(seq_len(patients), ntreat)
n <- length(id)
age <- round(rnorm(patients, 55, 14))[id]
b <- rnorm(patients, 0, sqrt(0.5))[id]            # patient random intercept, variance 0.5
size_cm <- round(rlnorm(n, log(3), 0.6), 1)
margin <- rbinom(n, 1, 0.35)                      # 1 = positive margin
rt <- rbinom(n, 1, 0.4)                           # adjuvant radiotherapy
lp <- 0.25 * margin + 0.12 * size_cm - 0.35 * rt + 0.01 * (age - 55) + b
t_event <- rexp(n, rate = exp(lp) / 20)           # months
t_cens <- runif(n, 6, 90)
pfs_months <- round(pmin(t_event, t_cens), 1)
pfs_months[pfs_months <= 0] <- 0.1
progressed <- as.integer(t_event <= t_cens)
d <- data.frame(patient_id = id, treatment = sequence(ntreat), age = age,
                size_cm = size_cm, margin = margin, rt = rt,
                pfs_months = pfs_months, progressed = progressed)
write.csv(d, file, row.names = FALSE)
cat(sprintf("%d patients, %d treatments, %d events -> %s\n", patients, n, sum(progressed), file))
