import SQBackend
import Foundation
import SQSyntax

/// Lowered defines, kept so that a define built on another is lowered once:
/// `define a2 = a1 + 1` reuses a1's SQL instead of expanding a1 (and a0, ...)
/// again, so a chain of n defines costs the size of what it expands to, and
/// no expansion recurses once per link of the chain (a 900-link chain would
/// otherwise overflow the stack).
///
/// An entry is keyed by the relation it was lowered over and the define's
/// name, and holds the define's serial number, so a redefined name misses.
/// Defining a name that an entry may have read (an existing define, or a
/// column some expansion used) empties the cache.
public final class DefineExpansions: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: (serial: Int, fragment: SQLFragment)] = [:]
    private var columnsRead: Set<String> = []

    public init() {}

    func fragment(_ key: String, serial: Int) -> SQLFragment? {
        lock.lock(); defer { lock.unlock() }
        guard let entry = entries[key], entry.serial == serial else { return nil }
        return entry.fragment
    }

    func store(_ key: String, serial: Int, _ fragment: SQLFragment) {
        lock.lock(); defer { lock.unlock() }
        entries[key] = (serial, fragment)
    }

    func noteColumnRead(_ name: String) {
        lock.lock(); defer { lock.unlock() }
        columnsRead.insert(name.lowercased())
    }

    /// Called before `name` is (re)defined.
    func willDefine(_ name: String, replacing: Bool) {
        lock.lock(); defer { lock.unlock() }
        if replacing || columnsRead.contains(name.lowercased()) {
            entries.removeAll()
            columnsRead.removeAll()
        }
    }
}

extension ExpressionLowering {
    /// Defines may nest this deep through a cycle of defines (where each
    /// must be expanded in place); acyclic chains of any length use the cache.
    static let maximumDefineNesting = 64

    /// The SQL of a define, from the cache or lowered now. An error inside
    /// the define's own text is reported where the define is used, with a
    /// hint that shows the define.
    func lowerDefine(_ name: String, _ definition: Definition, span: Span) throws -> SQLFragment {
        do {
            return try lowerDefineBody(name, definition, span: span)
        } catch var diagnostic as Diagnostic where definition.span.start <= diagnostic.span.start
                                                   && diagnostic.span.end <= definition.span.end && diagnostic.span != span {
            diagnostic.hints.append(Self.definedHere("`\(name)`", span: definition.span, source: definition.source))
            diagnostic.span = span
            throw diagnostic
        }
    }

    /// "`x` is defined at line 3: define x = ...".
    public static func definedHere(_ what: String, span: Span, source: SourceFile?) -> String {
        guard let source else { return "\(what) is defined at line \(span.line)" }
        let text = source.text(of: span).split(separator: "\n").first.map(String.init) ?? ""
        return "\(what) is defined at \(source.name):\(span.line): \(text)"
    }

    private func lowerDefineBody(_ name: String, _ definition: Definition, span: Span) throws -> SQLFragment {
        let cache = environment.expansions
        if let hit = cache.fragment(cacheKey(name), serial: definition.serial) { return hit }
        if let order = uncachedDependencies(of: name) {
            // Deepest first: each define then finds every define it names cached.
            var last = dialect.null
            for dependency in order {
                guard let d = environment.defines[dependency] else { continue }
                var fresh = self
                fresh.expanding = [dependency]
                last = try fresh.expandBody(d)
                cache.store(cacheKey(dependency), serial: d.serial, last)
            }
            return last
        }
        // Defines that name each other: expanded in place, as deep as the cycle.
        guard expanding.count < Self.maximumDefineNesting else {
            throw Diagnostic.error("defines nested more than \(Self.maximumDefineNesting) deep through one another, at `\(name)`",
                                   at: span, hints: ["a define that names another define that names the first cannot be expanded; rename one"])
        }
        var nested = self
        nested.expanding.append(name)
        return try nested.expandBody(definition)
    }

    func expandBody(_ definition: Definition) throws -> SQLFragment {
        var inner = try lowerOperand(FactorSpecParsing.unwrapFactor(definition.expr))
        if definition.factor != nil { inner.type = .text }
        return inner
    }

    func cacheKey(_ name: String) -> String {
        let columns = relation.columns.map { "\($0.name):\($0.type.rawValue)" }.joined(separator: ",")
        let from = relation.from.rendered(by: dialect)
        return [relation.name, from.text, "\(from.arguments)", columns, name].joined(separator: "\u{1}")
    }

    /// The uncached defines `root` needs, each after the defines it names
    /// (`root` last); nil when they name each other in a cycle (or name a
    /// define being expanded), which the cache cannot hold.
    func uncachedDependencies(of root: String) -> [String]? {
        var order: [String] = []
        var visiting: Set<String> = [root]
        var done: Set<String> = []
        var stack: [(name: String, children: [String], next: Int)] = [(root, definedNames(in: root), 0)]
        while let top = stack.last {
            guard top.next < top.children.count else {
                visiting.remove(top.name)
                done.insert(top.name)
                order.append(top.name)
                stack.removeLast()
                continue
            }
            stack[stack.count - 1].next += 1
            let child = top.children[top.next]
            if child == top.name || done.contains(child) { continue }
            if visiting.contains(child) || expanding.contains(child) { return nil }
            guard let definition = environment.defines[child] else { continue }
            if environment.expansions.fragment(cacheKey(child), serial: definition.serial) != nil {
                done.insert(child)
                continue
            }
            visiting.insert(child)
            stack.append((child, definedNames(in: child), 0))
        }
        return order
    }

    /// The defines a define's expression names, read without recursion.
    private func definedNames(in name: String) -> [String] {
        guard let definition = environment.defines[name] else { return [] }
        var names: [String] = []
        var pending = [definition.expr]
        while let expr = pending.popLast() {
            switch expr.kind {
            case .identifier(let id): if environment.defines[id] != nil { names.append(id) }
            case .unary(_, let e), .isNull(let e, _): pending.append(e)
            case .binary(_, let a, let b): pending.append(b); pending.append(a)
            case .call(_, let arguments): pending.append(contentsOf: arguments.map(\.value))
            case .inList(let e, let items, _): pending.append(e); pending.append(contentsOf: items)
            case .between(let e, let low, let high, _): pending.append(contentsOf: [e, low, high])
            case .number, .string, .boolean, .null, .duration, .parameter: break
            }
        }
        return names
    }
}
