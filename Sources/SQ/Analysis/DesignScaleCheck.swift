import Foundation
import SQCompiler
import SQSurvival

/// Covariates whose size makes a Cox fit meaningless or unreadable: an
/// infinite value (an overflow in a define such as `x * 1e300 * 1e10`) is an
/// error naming the term, as R's `coxph` refuses Inf; a column of size 1e8
/// or more (or 1e-8 or less) is fitted exactly but its hazard ratio per unit
/// prints as 1.00, so the analyst is told to rescale it.
extension DesignMatrix {
    func checkScales(_ model: ModelPlan) throws -> [Warning] {
        var warnings: [Warning] = []
        let sizes = ColumnConcurrency.map(columns, Self.size)
        for (j, size) in sizes.enumerated() {
            let term = model.terms[info[j].term]
            let span = term.variables.first.map { model.variables[$0].span }
            let (infinite, largest) = size
            if infinite > 0 {
                throw RuntimeError(message: "`\(term.label)` is infinite or undefined in \(infinite) row\(infinite == 1 ? "" : "s") (a value beyond ±1.8e308)",
                                   hints: ["rescale it so its values are finite, such as `\(term.label) / 1e300`"], span: span)
            }
            guard info[j].level == nil, largest > 0 else { continue }
            let exponent = Int(log10(largest).rounded(.down))
            if exponent >= 8 || exponent <= -8 {
                warnings.append(Warning("`\(term.label)` has values of size 1e\(exponent): its hazard ratio per unit prints as 1.00;"
                                        + " rescale it, such as `\(term.label) \(exponent > 0 ? "/" : "*") 1e\(abs(exponent))`, for a readable HR",
                                        at: term.span))
            }
        }
        return warnings
    }

    /// How many of a column's values are not finite (|v| ≤ greatest finite is
    /// false for ±inf and NaN) and its largest finite size: one pass without branches.
    @Sendable private static func size(_ column: [Double]) -> (infinite: Int, largest: Double) {
        var infinite = 0
        var largest = 0.0
        for value in column {
            let size = abs(value)
            let finite = size <= .greatestFiniteMagnitude
            infinite &+= finite ? 0 : 1
            largest = finite && size > largest ? size : largest
        }
        return (infinite, largest)
    }
}
