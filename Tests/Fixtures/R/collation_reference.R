# Level order for factor(): R sorts text levels with ICU collation in a UTF-8
# locale (capabilities("ICU") is TRUE on Debian's R), which SQ reproduces in
# Sources/SQ/Analysis/LevelCollation.swift.
# Run from the repository root:  Rscript Tests/Fixtures/R/collation_reference.R
# Writes Tests/Fixtures/R/collation_expected.txt: the words below in R's sort() order.
stopifnot(capabilities("ICU"))
words <- c("X-linked", "autosomal", "b", "B", "a", "A", "Zeta", "\u00e9clair", "eclair",
           "e-f", "ef", "e f", "10", "9", "_x", "LMS", "lms", "Lms", "LPS", "SySa", "SYSA",
           "sysa", "UPS", "Other", "other", "US:other", "US:NIH", "Europe:Amsterdam",
           "Europe:other", "rIFN-g", "placebo", "Placebo", "male", "female", "Male",
           "no", "No", "yes", "Yes", "NO", "YES", "<2 cm", ">2 cm", "2-5", "1-2", "$", "~",
           "+", "=", "(a)", "[a]", "a.b", "a_b", "a b", "ab", "aB", "Ab", "AB", "\u00c5ngstr\u00f6m",
           "Angstrom", "\u00fcber", "uber", "Uber", "\u00dcber", "stage II", "stage I", "stage III",
           "stage IV", "grade 1", "grade 10", "grade 2", "T1", "t1", "T1a", "T1b", "N0", "n0",
           "\u00f1and\u00fa", "nandu", "caf\u00e9", "cafe", "Caf\u00e9", "CAFE", "z", "Z", "zz", "\u00e6ther", "aether")
writeLines(sort(words), "Tests/Fixtures/R/collation_expected.txt", useBytes = FALSE)
