import SQCompiler
import SQSurvival

// The planner's typed options as the engine's own types. The switches are
// exhaustive, so a choice added to an option cannot fall to a default.

extension Ties {
    init(_ method: TieMethod) {
        switch method {
        case .efron: self = .efron
        case .breslow: self = .breslow
        }
    }
}

extension ConfidenceType {
    init(_ scale: ConfidenceScale) {
        switch scale {
        case .log: self = .log
        case .logLog: self = .logLog
        case .plain: self = .plain
        }
    }
}

extension PoolingMethod {
    init(_ method: PoolMethod) {
        switch method {
        case .fixedEffect: self = .fixed
        case .derSimonianLaird: self = .dl
        case .reml: self = .reml
        }
    }
}
