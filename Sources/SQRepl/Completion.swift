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
        var names = Keywords.all + session.tableNames + session.currentColumns + session.definedColumns
            + session.endpointNames + session.cohortNames + session.bindingNames
        names = Array(Set(names)).sorted()
        let lowered = word.lowercased()
        return names.filter { $0.lowercased().hasPrefix(lowered) && $0 != word }
            .map { name in Keywords.all.contains(name) || !needsBackquotes(name) ? name : "`\(name)`" }
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

    /// A space after a completed word, but not after a folder name.
    static func suffix(for completed: String) -> String {
        completed.hasSuffix("/") ? "" : " "
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
