# Writes the small labelled files the import tests read, with R's haven (ReadStat's writer):
#   Rscript make_labelled.R   (from this folder; needs r-cran-haven)
# Every value below is asserted by Tests/SQStoreTests/ReadStatImportTests.swift.
library(haven)

ids <- 1:6
time <- c(5.5, 12, 30.25, 7, 48, 3)
status <- c(1, 0, 1, 1, 0, 1)
# Coded order (1 low, 2 medium, 3 high) differs from the alphabetical one (high, low, medium).
grade_codes <- c(2, 1, 3, 2, 1, 3)
grade_labels <- c(low = 1, medium = 2, high = 3)
diagnosed <- as.Date(c("2019-01-15", "2020-02-29", NA, "1959-12-31", "2021-07-04", "1960-01-01"))
visit <- as.POSIXct(c("2019-01-15 08:30:00", "2020-02-29 00:00:00", NA, "2001-09-09 01:46:40",
                      "2021-07-04 23:59:59", "1960-01-01 00:00:00"), tz = "UTC")
centre <- c("Leiden", "Utrecht", "", "Leiden", "Nijmegen", "Utrecht")

# SPSS: 9 in sex and 99 in age are user-defined missing codes; sex 9 also has a label.
sav <- data.frame(id = ids, time = time, status = status)
sav$sex <- labelled_spss(c(1, 2, 2, 9, 1, 2), labels = c(male = 1, female = 2, unknown = 9), na_values = 9,
                         label = "Sex of patient")
sav$age <- labelled_spss(c(61, 99, 45.5, 70, NA, 58), na_values = 99, label = "Age at diagnosis (years)")
sav$grade <- labelled(grade_codes, grade_labels, label = "Tumour grade")
sav$diagnosed <- diagnosed
attr(sav$diagnosed, "label") <- "Date of diagnosis"
sav$visit <- visit
sav$centre <- centre
attr(sav$time, "label") <- "Follow-up (months)"
write_sav(sav, "labelled.sav")

# Stata: .a and .b are extended missing values; %td dates and %tc datetimes.
dta <- data.frame(id = ids, time = time, status = status)
dta$sex <- labelled(c(1, 2, 2, tagged_na("a"), 1, 2), labels = c(male = 1, female = 2), label = "Sex of patient")
dta$age <- c(61, tagged_na("b"), 45.5, 70, NA, 58)
attr(dta$age, "label") <- "Age at diagnosis (years)"
dta$grade <- labelled(grade_codes, grade_labels, label = "Tumour grade")
dta$diagnosed <- diagnosed
dta$visit <- visit
dta$centre <- centre
write_dta(dta, "labelled.dta", version = 15)

# SAS transport (v5 and v8): dates with DATE9., datetimes with DATETIME20., special missing .A (haven writes a SAS tag in upper case).
xpt <- data.frame(id = ids, time = time, status = status)
xpt$age <- c(61, tagged_na("A"), 45.5, 70, NA, 58)
attr(xpt$age, "label") <- "Age at diagnosis (years)"
xpt$diagnosed <- diagnosed
attr(xpt$diagnosed, "format.sas") <- "DATE9"
xpt$visit <- visit
attr(xpt$visit, "format.sas") <- "DATETIME20"
xpt$centre <- centre
attr(xpt$centre, "label") <- "Treating centre"
write_xpt(xpt, "labelled.xpt", version = 8)
write_xpt(xpt, "labelled_v5.xpt", version = 5, name = "COHORT")

# SPSS portable (.por) is not written by haven: make_portable.sps writes labelled.por with GNU PSPP.

# The lung data as .sav, with sex labelled: KM and Cox must equal the CSV's.
lung <- read.csv("../../../samples/data/lung.csv")
names(lung) <- gsub(".", "_", names(lung), fixed = TRUE)
lung$sex <- labelled(lung$sex, c(male = 1, female = 2), label = "Sex")
attr(lung$age, "label") <- "Age (years)"
write_sav(lung, "lung.sav")

# SAS data set: haven's write_sas is marked experimental (SAS itself may refuse some files it
# writes), but it is ReadStat's own sas7bdat writer and what is available without SAS.
sas <- xpt
suppressWarnings(write_sas(sas, "labelled.sas7bdat"))
