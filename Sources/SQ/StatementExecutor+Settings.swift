import Foundation
import SQSyntax

/// Settings whose value is not a number: `set labels = true`, `set output = "report.html"`.
extension StatementExecutor {
    /// True when `name` was one of these (and is now set).
    func setWord(_ name: Name, _ value: Expr) throws -> Bool {
        switch name.text.lowercased() {
        case "labels":
            session.environment.settings["labels"] = try Session.boolean(value, name: "labels") ? 1 : 0
            return true
        case "output":
            guard case .string(let path) = value.kind else {
                throw Diagnostic.error("`output` is the file the HTML report is written to: `set output = \"report.html\"`", at: value.span)
            }
            guard path.lowercased().hasSuffix(".html") || path.lowercased().hasSuffix(".htm") else {
                throw Diagnostic.error("the report is an HTML page: name it `.html`", at: value.span,
                                       hints: ["`set output = \"report.html\"`"])
            }
            session.reportPath = resolvePath(path)
            return true
        default:
            return false
        }
    }
}
