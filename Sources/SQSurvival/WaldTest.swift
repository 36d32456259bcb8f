import Foundation

/// The Wald test that a set of coefficients are all zero: χ² = b' V⁻¹ b on as many
/// degrees of freedom as coefficients (R's `coxph.wtest`, which `anova`-style
/// joint tests of a factor's interaction levels use).
public enum WaldTest {
    /// `indices` pick the tested coefficients from `coefficients` and `variance`
    /// (p × p); NaN (aliased) coefficients are left out of the test and its df.
    public static func joint(coefficients: [Double], variance: [[Double]], indices: [Int],
                             tolerance: Double = pow(Double.ulpOfOne, 0.75)) -> TestStatistic {
        let kept = indices.filter { coefficients[$0].isFinite }
        let q = kept.count
        guard q > 0 else { return TestStatistic(statistic: .nan, df: 0) }
        var sub = [Double](repeating: 0, count: q * q)
        for (a, i) in kept.enumerated() { for (b, j) in kept.enumerated() { sub[a * q + b] = variance[i][j] } }
        let statistic = Cholesky(sub, n: q, tolerance: tolerance).quadraticForm(kept.map { coefficients[$0] })
        return TestStatistic(statistic: statistic, df: q)
    }
}
