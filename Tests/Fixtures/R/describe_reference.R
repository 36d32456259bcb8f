# Golden values for `describe` (Table 1): the summaries and tests of
# Sources/SQSurvival/{Quantile,RankTests,ContingencyTests,FisherExact}.swift and
# of the statement end to end (Tests/SQTests/DescribeGoldenTests.swift).
# Run from the repository root:  Rscript Tests/Fixtures/R/describe_reference.R
# It writes Tests/Fixtures/R/describe_expected.csv: key,value lines, 17 digits.
#
# The tests are gtsummary's add_p() defaults, written out with base R (gtsummary
# itself is not needed): a number is compared with wilcox.test(exact = FALSE,
# correct = TRUE) for two groups and kruskal.test for more; a categorical
# variable with chisq.test(correct = FALSE) when every expected count is >= 5,
# otherwise fisher.test. Rows with a missing `by` value are left out first.
# Keys: <case>.n.<group>; <case>.<var>.<group>.{n,missing,mean,sd,median,q1,q3,min,max}
# for numbers; <case>.<var>.<group>.level.<level>.{n,percent} and .missing for
# categories; <case>.<var>.{test,statistic,p}. <group> is a by level or "overall".
suppressMessages(library(survival))
out <- "Tests/Fixtures/R/describe_expected.csv"
rows <- character(0)
g17 <- function(x) if (is.character(x)) x else if (is.na(x)) "NA" else sprintf("%.17g", x)
put <- function(key, value) rows <<- c(rows, paste0(key, ",", g17(value)))

read <- function(name) read.csv(file.path("Tests/Fixtures/data", paste0(name, ".csv")))

# One Table 1. `vars` is a named list: name (SQ's label) = list(values, categorical).
describe <- function(case, data, by, vars) {
    if (!is.null(by)) data <- data[!is.na(data[[by]]), , drop = FALSE]
    groups <- if (is.null(by)) list() else {
        levels <- sort(unique(data[[by]]))
        setNames(lapply(levels, function(l) data[[by]] == l), as.character(levels))
    }
    groups$overall <- rep(TRUE, nrow(data))
    for (g in names(groups)) put(sprintf("%s.n.%s", case, g), sum(groups[[g]]))
    for (v in names(vars)) {
        x <- vars[[v]]$values(data)
        categorical <- vars[[v]]$categorical
        if (categorical) x <- factor(x)
        for (g in names(groups)) {
            xg <- x[groups[[g]]]
            key <- sprintf("%s.%s.%s", case, v, g)
            put(paste0(key, ".missing"), sum(is.na(xg)))
            if (categorical) {
                counts <- table(xg)
                for (l in levels(x)) {
                    put(sprintf("%s.level.%s.n", key, l), counts[[l]])
                    put(sprintf("%s.level.%s.percent", key, l), 100 * counts[[l]] / sum(!is.na(xg)))
                }
            } else {
                y <- xg[!is.na(xg)]
                put(paste0(key, ".n"), length(y))
                if (length(y) > 0) {
                    q <- quantile(y, c(0.25, 0.5, 0.75), type = 7, names = FALSE)
                    put(paste0(key, ".mean"), mean(y)); put(paste0(key, ".sd"), sd(y))
                    put(paste0(key, ".median"), median(y)); put(paste0(key, ".q1"), q[1]); put(paste0(key, ".q3"), q[3])
                    put(paste0(key, ".min"), min(y)); put(paste0(key, ".max"), max(y))
                }
            }
        }
        if (is.null(by)) next
        b <- data[[by]]
        key <- sprintf("%s.%s", case, v)
        if (categorical) {
            tab <- table(x, b)
            expected <- suppressWarnings(chisq.test(tab, correct = FALSE))$expected
            if (min(expected) >= 5) {
                t <- chisq.test(tab, correct = FALSE)
                put(paste0(key, ".test"), "chisq"); put(paste0(key, ".statistic"), t$statistic)
            } else {
                t <- fisher.test(tab, workspace = 2e7)
                put(paste0(key, ".test"), "fisher")
            }
        } else if (length(unique(b)) == 2) {
            levels <- sort(unique(b))
            t <- wilcox.test(x[b == levels[1]], x[b == levels[2]], exact = FALSE, correct = TRUE)
            put(paste0(key, ".test"), "wilcoxon"); put(paste0(key, ".statistic"), t$statistic)
        } else {
            t <- kruskal.test(x, factor(b))
            put(paste0(key, ".test"), "kruskal"); put(paste0(key, ".statistic"), t$statistic)
        }
        put(paste0(key, ".p"), t$p.value)
    }
}
column <- function(name, categorical = FALSE) list(values = function(d) d[[name]], categorical = categorical)

pbc <- read("pbc"); lung <- read("lung"); colon <- read("colon"); veteran <- read("veteran")

# describe age, bili, sex, factor(stage), ascites, edema by trt with tests = true
# (bili: many ties; ascites 0/1 is categorical; edema 0/0.5/1 is a number)
describe("pbc_trt", pbc, "trt", list(age = column("age"), bili = column("bili"), sex = column("sex", TRUE),
         "factor(stage)" = column("stage", TRUE), ascites = column("ascites", TRUE), edema = column("edema")))
# describe age, bili, sex, factor(edema) by stage with tests = true
# (Kruskal-Wallis; sex is a 2 x 4 Fisher table, edema a 3 x 4 one)
describe("pbc_stage", pbc, "stage", list(age = column("age"), bili = column("bili"), sex = column("sex", TRUE),
         "factor(edema)" = column("edema", TRUE)))
# describe factor(edema), hepato by sex with tests = true   (edema: a 3 x 2 Fisher table)
describe("pbc_sex", pbc, "sex", list("factor(edema)" = column("edema", TRUE), hepato = column("hepato", TRUE)))
# describe factor(ph.ecog), age, wt.loss, meal.cal by sex with tests = true   (4 x 2 Fisher, missing values)
describe("lung_sex", lung, "sex", list("factor(ph.ecog)" = column("ph.ecog", TRUE), age = column("age"),
         wt.loss = column("wt.loss"), meal.cal = column("meal.cal")))
# describe nodes, factor(differ), factor(extent), age by rx where etype == 2 with tests = true
# (Kruskal-Wallis with ties and missing values; extent is a 4 x 3 Fisher table of 929)
describe("colon_rx", colon[colon$etype == 2, ], "rx", list(nodes = column("nodes"), "factor(differ)" = column("differ", TRUE),
         "factor(extent)" = column("extent", TRUE), age = column("age")))
# describe celltype, karno, prior by trt with tests = true   (a 4 x 2 chi-square; prior is 0/10, a number)
describe("veteran_trt", veteran, "trt", list(celltype = column("celltype", TRUE), karno = column("karno"), prior = column("prior")))
# describe age, factor(sex), time   (no by: the Overall column alone)
describe("lung_all", lung, NULL, list(age = column("age"), "factor(sex)" = column("sex", TRUE), time = column("time")))

# Tables given directly (Tests/SQSurvivalTests/DescribeTestsGoldenTests.swift):
# fisher.<name>.p and chisq.<name>.{statistic,p}; the cells, row by row, in fisher.<name>.cells.
tables <- list(
    colon_extent_rx = unclass(table(colon$extent[colon$etype == 2], colon$rx[colon$etype == 2])),
    two_by_two = matrix(c(3, 1, 1, 3), 2, byrow = TRUE),
    three_by_two = matrix(c(1, 7, 4, 2, 9, 0), 3, byrow = TRUE),
    symmetric = matrix(c(2, 0, 0, 0, 2, 0, 0, 0, 2), 3, byrow = TRUE),
    five_by_four = matrix(c(3, 0, 1, 2, 1, 4, 0, 0, 0, 2, 5, 1, 2, 1, 1, 3, 0, 0, 2, 6), 5, byrow = TRUE),
    sparse_four = matrix(c(10, 0, 2, 1, 1, 12, 0, 3, 2, 1, 9, 0, 0, 2, 1, 11), 4, byrow = TRUE))
for (name in names(tables)) {
    m <- tables[[name]]
    put(sprintf("fisher.%s.cells", name), paste(c(nrow(m), ncol(m), as.vector(t(m))), collapse = " "))
    put(sprintf("fisher.%s.p", name), fisher.test(m, workspace = 2e7)$p.value)
    t <- suppressWarnings(chisq.test(m, correct = FALSE))
    put(sprintf("chisq.%s.statistic", name), t$statistic)
    put(sprintf("chisq.%s.p", name), t$p.value)
}
# Rank tests on given vectors: wilcoxon.<name>.{statistic,p}, kruskal.<name>.{statistic,p}.
x <- c(1.5, 2, 2, 3, 3, 3, 7, 8.25); y <- c(2, 3, 4, 4, 9, 10, 10)
put("wilcoxon.ties.statistic", wilcox.test(x, y, exact = FALSE, correct = TRUE)$statistic)
put("wilcoxon.ties.p", wilcox.test(x, y, exact = FALSE, correct = TRUE)$p.value)
k <- list(c(2.9, 3.0, 2.5, 2.6, 3.2), c(3.8, 2.7, 4.0, 2.4), c(2.8, 3.4, 3.7, 2.2, 2.0), c(3.0, 3.0, 2.2))
put("kruskal.ties.statistic", kruskal.test(k)$statistic)
put("kruskal.ties.p", kruskal.test(k)$p.value)
put("quantile.ties.values", paste(x, collapse = " "))
q <- quantile(x, c(0.1, 0.25, 0.5, 0.75, 0.9), type = 7, names = FALSE)
for (i in seq_along(q)) put(sprintf("quantile.ties.q%d", i), q[i])

writeLines(c("key,value", rows), out)
