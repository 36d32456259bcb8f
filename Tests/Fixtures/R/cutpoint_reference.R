# Golden values for `cutpoint`, `interaction` and `subgroups` (issue 21):
# maxstat's maximally selected log-rank statistic, seed 000's interaction scan,
# interaction Wald / likelihood-ratio tests and the crossed subgroup table.
# Run from the repository root:  Rscript Tests/Fixtures/R/cutpoint_reference.R
# It writes Tests/Fixtures/R/cutpoint_expected.txt: key,value lines, %.17g.
# The data are the CSV copies in Tests/Fixtures/data (R's pbc, lung, veteran).
suppressMessages({ library(survival); library(maxstat) })
out <- "Tests/Fixtures/R/cutpoint_expected.txt"
g17 <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))
lines <- c("key,value")
put <- function(key, value) lines <<- c(lines, paste0(key, ",", g17(value)))

pbc <- read.csv("Tests/Fixtures/data/pbc.csv")
lung <- read.csv("Tests/Fixtures/data/lung.csv")
veteran <- read.csv("Tests/Fixtures/data/veteran.csv")

# ---- cutpoint os ~ x: maxstat.test(smethod = "LogRank", pmethod = "Lau92") ----
maxstat_case <- function(case, data, time, event, x, scan = FALSE) {
    d <- data.frame(time = data[[time]], event = event, x = data[[x]])
    d <- na.omit(d)
    m <- maxstat.test(Surv(time, event) ~ x, data = d, smethod = "LogRank",
                      pmethod = "Lau92", minprop = 0.1, maxprop = 0.9)
    k <- paste0("maxstat.", case)
    put(paste0(k, ".n"), nrow(d))
    put(paste0(k, ".cutoff"), m$estimate)
    put(paste0(k, ".statistic"), m$statistic)
    put(paste0(k, ".p"), m$p.value)
    put(paste0(k, ".candidates"), length(m$cuts))
    put(paste0(k, ".first_cutoff"), m$cuts[1])
    put(paste0(k, ".last_cutoff"), m$cuts[length(m$cuts)])
    if (scan) for (i in seq_along(m$cuts)) {
        put(sprintf("%s.scan.%d.cutoff", k, i), m$cuts[i])
        put(sprintf("%s.scan.%d.statistic", k, i), m$stats[i])
    }
}
maxstat_case("pbc_bili", pbc, "time", pbc$status == 2, "bili", scan = TRUE)
maxstat_case("pbc_age", pbc, "time", pbc$status == 2, "age")
maxstat_case("lung_age", lung, "time", lung$status == 2, "age")
maxstat_case("lung_meal", lung, "time", lung$status == 2, "meal.cal")
maxstat_case("veteran_karno", veteran, "time", veteran$status == 1, "karno")

# ---- cutpoint os ~ x by g [adjust ~ ...]: seed 000's interaction scan ----------
# For every distinct x between the 0.1 and 0.9 quantiles (type 7, inclusive) of
# the complete rows, os ~ g * (x > c) [+ adjust]; the lowest Wald p of the interaction.
scan_case <- function(case, d, x, g, adjust = character(0), strata = character(0)) {
    d <- na.omit(d[, c("time", "status", x, g, adjust, strata)])
    d$event <- d$status == 2
    q <- quantile(d[[x]], c(0.1, 0.9), type = 7)
    cuts <- sort(unique(d[[x]][d[[x]] >= q[1] & d[[x]] <= q[2]]))
    p <- sapply(cuts, function(c) {
        d$above <- as.numeric(d[[x]] > c)
        f <- as.formula(paste("Surv(time, event) ~ factor(", g, ") * above",
                              paste(c("", adjust, sprintf("strata(%s)", strata)), collapse = " + ")))
        fit <- coxph(f, data = d)
        cf <- summary(fit)$coefficients
        row <- grep(":above$", rownames(cf))
        cf[row, "Pr(>|z|)"]
    })
    best <- which.min(p)
    k <- paste0("scan.", case)
    put(paste0(k, ".n"), nrow(d))
    put(paste0(k, ".candidates"), length(cuts))
    put(paste0(k, ".cutoff"), cuts[best])
    put(paste0(k, ".p"), p[best])
    put(paste0(k, ".first_cutoff"), cuts[1])
    put(paste0(k, ".first_p"), p[1])
    put(paste0(k, ".last_cutoff"), cuts[length(cuts)])
    put(paste0(k, ".last_p"), p[length(p)])
}
scan_case("pbc_bili_trt", pbc, "bili", "trt")
scan_case("pbc_bili_trt_adjusted", pbc, "bili", "trt", c("age", "sex"))
scan_case("lung_age_sex_adjusted", lung, "age", "sex", c("ph.ecog"))
scan_case("pbc_bili_trt_stratified", pbc, "bili", "trt", c("age"), strata = "edema")

# ---- interaction os ~ trt * (age60, factor(edema), sex) [adjust ~ bili] --------
interaction_case <- function(case, d, modifier, adjust = character(0)) {
    d <- na.omit(d[, unique(c("time", "status", "trt", "age", "edema", "sex", adjust))])
    d$event <- d$status == 2
    d$age60 <- as.numeric(d$age > 60)
    d$edema <- factor(d$edema)
    rest <- paste(c("", adjust), collapse = " + ")
    full <- coxph(as.formula(paste("Surv(time, event) ~ trt *", modifier, rest)), data = d)
    reduced <- coxph(as.formula(paste("Surv(time, event) ~ trt +", modifier, rest)), data = d)
    idx <- grep("^trt:", names(coef(full)))
    b <- coef(full)[idx]
    V <- vcov(full)[idx, idx, drop = FALSE]
    wald <- as.numeric(t(b) %*% solve(V) %*% b)
    lr <- 2 * (full$loglik[2] - reduced$loglik[2])
    k <- paste0("interaction.", case)
    put(paste0(k, ".n"), full$n)
    put(paste0(k, ".events"), full$nevent)
    put(paste0(k, ".df"), length(idx))
    put(paste0(k, ".wald"), wald)
    put(paste0(k, ".wald_p"), pchisq(wald, length(idx), lower.tail = FALSE))
    put(paste0(k, ".lr"), lr)
    put(paste0(k, ".lr_p"), pchisq(lr, length(idx), lower.tail = FALSE))
    ci <- summary(full)$conf.int
    for (j in seq_along(idx)) {
        put(sprintf("%s.coef%d.hr", k, j), exp(b[j]))
        put(sprintf("%s.coef%d.lower", k, j), ci[idx[j], "lower .95"])
        put(sprintf("%s.coef%d.upper", k, j), ci[idx[j], "upper .95"])
        put(sprintf("%s.coef%d.p", k, j), summary(full)$coefficients[idx[j], "Pr(>|z|)"])
    }
}
for (adj in list(character(0), "bili")) {
    suffix <- if (length(adj)) "_adjusted" else ""
    interaction_case(paste0("age60", suffix), pbc, "age60", adj)
    interaction_case(paste0("edema", suffix), pbc, "edema", adj)
    interaction_case(paste0("sex", suffix), pbc, "sex", adj)
}

# ---- subgroups os ~ trt by sex * age60 * edema (crossed), and by sex, age60 ----
d <- na.omit(pbc[, c("time", "status", "trt", "age", "sex", "edema")])
d$event <- d$status == 2
d$age60 <- as.numeric(d$age > 60)
subgroup <- function(k, s) {
    put(paste0(k, ".n_treated"), sum(s$trt == 2))
    put(paste0(k, ".n_control"), sum(s$trt == 1))
    put(paste0(k, ".events"), sum(s$event))
    if (sum(s$trt == 2) > 0 && sum(s$trt == 1) > 0 && sum(s$event) > 0) {
        warned <- FALSE
        fit <- withCallingHandlers(coxph(Surv(time, event) ~ factor(trt), data = s),
                                   warning = function(w) { warned <<- TRUE; invokeRestart("muffleWarning") })
        sm <- summary(fit)
        put(paste0(k, ".infinite"), as.numeric(warned))
        put(paste0(k, ".hr"), sm$conf.int[1, "exp(coef)"])
        put(paste0(k, ".lower"), sm$conf.int[1, "lower .95"])
        put(paste0(k, ".upper"), sm$conf.int[1, "upper .95"])
        put(paste0(k, ".p"), sm$coefficients[1, "Pr(>|z|)"])
    }
}
i <- 0
for (sx in sort(unique(d$sex))) for (a in 0:1) for (e in sort(unique(d$edema))) {
    i <- i + 1
    subgroup(sprintf("subgroups.crossed.%d", i), d[d$sex == sx & d$age60 == a & d$edema == e, ])
}
put("subgroups.crossed.count", i)
for (factor_name in c("sex", "age60")) {
    levels <- sort(unique(d[[factor_name]]))
    for (j in seq_along(levels)) {
        subgroup(sprintf("subgroups.%s.%d", factor_name, j), d[d[[factor_name]] == levels[j], ])
    }
    full <- coxph(as.formula(paste("Surv(time, event) ~ factor(trt) *", factor_name)), data = d)
    idx <- grep(":", names(coef(full)))
    b <- coef(full)[idx]
    wald <- as.numeric(t(b) %*% solve(vcov(full)[idx, idx, drop = FALSE]) %*% b)
    put(sprintf("subgroups.%s.interaction_p", factor_name), pchisq(wald, length(idx), lower.tail = FALSE))
}

writeLines(lines, out)
