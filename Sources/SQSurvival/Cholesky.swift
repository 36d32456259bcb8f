/// Generalised Cholesky decomposition C = F D F' of a symmetric non-negative
/// definite matrix, with F unit lower triangular and D diagonal, as R survival
/// uses it (cholesky2 / chsolve2 / chinv2; Therneau). A pivot below
/// `tolerance × largest diagonal` marks its column as redundant: D is set to 0
/// there, solves return 0 in that coordinate and the inverse has a zero row and
/// column — which is how aliased coefficients drop out of a Cox fit.
///
/// Matrices are flat row-major `n × n` arrays; element (a, b) is `m[a * n + b]`.
struct Cholesky {
    /// The factorisation: D on the diagonal, F strictly below it.
    private(set) var factor: [Double]
    let n: Int
    /// Number of non-redundant columns; negative when the matrix is not
    /// non-negative definite (a pivot below −8 × the tolerance).
    let rank: Int

    /// Factorises the symmetric matrix `matrix` (both triangles filled).
    init(_ matrix: [Double], n: Int, tolerance: Double) {
        var m = matrix
        self.n = n
        var largest = 0.0
        for i in 0..<n where m[i * n + i] > largest { largest = m[i * n + i] }
        let eps = largest == 0 ? tolerance : largest * tolerance
        var rank = 0
        var nonNegative = true
        for i in 0..<n {
            let pivot = m[i * n + i]
            if !pivot.isFinite || pivot < eps {
                m[i * n + i] = 0
                if pivot < -8 * eps { nonNegative = false }
                continue
            }
            rank += 1
            for j in (i + 1)..<n {
                let t = m[j * n + i] / pivot
                m[j * n + i] = t
                m[j * n + j] -= t * t * pivot
                for k in (j + 1)..<n { m[k * n + j] -= t * m[k * n + i] }
            }
        }
        self.factor = m
        self.rank = nonNegative ? rank : -rank
    }

    /// Whether column `i` was found redundant.
    func isRedundant(_ i: Int) -> Bool { factor[i * n + i] == 0 }

    /// Solves C x = y (a generalised inverse: redundant coordinates are 0).
    func solve(_ y: [Double]) -> [Double] {
        var x = y
        for i in 0..<n {
            var t = x[i]
            for j in 0..<i { t -= x[j] * factor[i * n + j] }
            x[i] = t
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            let d = factor[i * n + i]
            if d == 0 { x[i] = 0; continue }
            var t = x[i] / d
            for j in (i + 1)..<n { t -= x[j] * factor[j * n + i] }
            x[i] = t
        }
        return x
    }

    /// y' C⁻ y, the quadratic form of score and Wald tests.
    func quadraticForm(_ y: [Double]) -> Double {
        let x = solve(y)
        var s = 0.0
        for i in 0..<n { s += y[i] * x[i] }
        return s
    }

    /// The (generalised) inverse as a full symmetric matrix, zero in redundant
    /// rows and columns (chinv2: invert F, then form F'⁻¹ D⁻¹ F⁻¹).
    func inverse() -> [Double] {
        var m = factor
        for i in 0..<n where m[i * n + i] > 0 {
            m[i * n + i] = 1 / m[i * n + i]
            for j in (i + 1)..<n {
                m[j * n + i] = -m[j * n + i]
                for k in 0..<i { m[j * n + k] += m[j * n + i] * m[i * n + k] }
            }
        }
        for i in 0..<n {
            if m[i * n + i] == 0 {
                for j in 0..<i { m[j * n + i] = 0 }
                for j in i..<n { m[i * n + j] = 0 }
                continue
            }
            for j in (i + 1)..<n {
                let t = m[j * n + i] * m[j * n + j]
                m[i * n + j] = t
                for k in i..<j { m[i * n + k] += t * m[j * n + k] }
            }
        }
        for i in 0..<n {
            for j in 0..<i { m[i * n + j] = m[j * n + i] }
        }
        return m
    }
}
