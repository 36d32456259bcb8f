import Foundation
import SQ
import SQSyntax

/// What Tab offers: keywords, tables, columns of the current table, defined
/// columns, endpoints, cohorts, `let` names, dot-commands, and file names
/// inside the quotes of `import "…"`, `open "…"` and `.read`.
public enum Completion {
    public static func candidates(for word: String, line: String, session: Session) -> [String] {
        let trimmed = line.drop { $0 == " " }
        if trimmed.hasPrefix(".") && !trimmed.contains(" ") {
            return DotCommand.all.map(\.name).filter { $0.hasPrefix(word) }
        }
        if let path = quotedPathPrefix(line) {
            return FilePaths.matching(path).map { String($0.dropFirst(path.count - word.count)) }
        }
        let names = Array(Set(names(after: wordsBefore(word, in: line), session: session))).sorted()
        let lowered = word.lowercased()
        return names.filter { $0.lowercased().hasPrefix(lowered) && $0 != word }
            .map { name in Keywords.all.contains(name) || !needsBackquotes(name) ? name : "`\(name)`" }
    }

    /// The words of the current statement before the one being completed.
    static func wordsBefore(_ word: String, in line: String) -> [String] {
        let before = line.hasSuffix(word) ? String(line.dropLast(word.count)) : line
        let statement = before.split(separator: ";", omittingEmptySubsequences: false).last.map(String.init) ?? before
        return statement.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == "(" || $0 == ")" })
            .map { $0.lowercased() }
    }

    /// What may stand here, from the words before it: a statement word at the
    /// start; an endpoint after an analysis word; a table or cohort after
    /// `use`, `from`, `schema`, `join`; a kept result after `show`, `check ph`,
    /// `plot forest`, `plot cutpoint`; else columns, names and clause words.
    static func names(after words: [String], session: Session) -> [String] {
        let columns = session.currentColumns + session.definedColumns
        let statements = session.statementRegistry
        guard let last = words.last else { return statements.statementWords + session.procedureNames }
        if words.count == 1 && last == "let" { return [] }
        if words.count == 3 && words[0] == "let" { return statements.statementWords }   // let m = |
        if last == "cutpoint", words.dropLast().last == "plot" { return session.bindingNames }   // plot cutpoint |
        if words.count == 2 && words[0] == "show" { return ["random"] }   // show m |
        // After `km`, `fit cox`, ...: the words the help syntax puts before `endpoint`.
        if statements.endpointWords.contains(last) { return session.endpointNames }
        switch last {
        case "fit": return ["cox"]
        case "check": return ["ph"]
        case "plot": return ["km", "forest", "cutpoint"]
        case "use", "from", "schema", "join":
            return session.tableNames + session.cohortNames
        case "show", "ph", "forest":
            return session.bindingNames
        case "with" where words.first == "describe":
            return ["stats", "tests"]
        case "with" where words.first.flatMap(statements.help(for:)) != nil:
            // The statement's options, from the table `.help` shows (`plot km os with pal<Tab>`).
            return statements.help(for: words[0])?.options.map(\.name) ?? []
        case "set":
            return ["min_cell", "conf", "time_limit"]
        case "endpoint", "define", "cohort", "import", "open", "as":
            return []
        default:
            return columns + session.endpointNames + session.cohortNames + session.bindingNames
                + Keywords.clauses + Keywords.functions + Array(Keywords.expression) + session.functionNames
        }
    }

    /// The text after an unclosed quote, when the cursor is inside `"…`.
    static func quotedPathPrefix(_ line: String) -> String? {
        let quotes = line.filter { $0 == "\"" }.count
        guard quotes % 2 == 1, let open = line.lastIndex(of: "\"") else { return nil }
        return String(line[line.index(after: open)...])
    }

    static func needsBackquotes(_ name: String) -> Bool {
        guard let first = name.first, first.isLetter || first == "_" else { return true }
        return !name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    /// The identifier-like word that ends the text (letters, digits, `_`, `.`, `/`, `-`, `~`).
    public static func currentWord(_ text: String) -> String {
        String(text.reversed().prefix { $0.isLetter || $0.isNumber || "_./-~`".contains($0) }.reversed())
    }

    public static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first else { return "" }
        for word in words.dropFirst() {
            while !word.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }

    /// A space after a completed word; nothing after a folder name; the closing
    /// quote after a file name inside quotes (`import "lung.csv"`, not `"lung.csv "`).
    static func suffix(for completed: String, line: String = "") -> String {
        if completed.hasSuffix("/") { return "" }
        return quotedPathPrefix(line) != nil ? "\"" : " "
    }
}

enum FilePaths {
    /// Paths beginning with `prefix` (folders get a trailing `/`).
    static func matching(_ prefix: String) -> [String] {
        let expanded = prefix.hasPrefix("~") ? (NSStringPath.home + prefix.dropFirst()) : prefix
        let folder = expanded.contains("/") ? String(expanded[...(expanded.lastIndex(of: "/") ?? expanded.startIndex)]) : ""
        let namePrefix = String(expanded.dropFirst(folder.count))
        let listing = (try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? []
        return listing.filter { $0.hasPrefix(namePrefix) && !$0.hasPrefix(".") }.sorted().map { name in
            var isFolder: ObjCBool = false
            let full = folder + name
            FileManager.default.fileExists(atPath: full, isDirectory: &isFolder)
            let shown = prefix.hasPrefix("~") ? "~" + full.dropFirst(NSStringPath.home.count) : full
            return isFolder.boolValue ? shown + "/" : shown
        }
    }
}

enum NSStringPath { static var home: String { homeDirectory() } }
