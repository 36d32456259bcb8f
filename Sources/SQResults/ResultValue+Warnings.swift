/// The warnings a payload keeps itself, because the JSON contract shows them
/// inside it (a Cox model's `warnings`, an interaction factor's), as the
/// statement shows them: prefixed by the model they came from where one
/// statement fits several.
extension ResultValue {
    public var warnings: [Warning] {
        switch self {
        case .cox(let r):
            return r.diagnostics
        case .each(let r):
            return r.multivariable?.diagnostics.map { $0.prefixed("multivariable model: ") } ?? []
        case .interaction(let r):
            return r.factors.flatMap { factor in factor.diagnostics.map { $0.prefixed("\(factor.factor): ") } }
        default:
            return []
        }
    }
}
