import CEditLine
import Foundation
import SQ

/// Line editing on libedit: emacs keys, Ctrl-R reverse search, a persistent
/// history file without consecutive duplicates, and Tab completion through
/// `completer`. libedit's variadic el_set/history calls go through the fixed
/// wrappers in CEditLine/shim.h.
public final class EditLineReader: LineReader {
    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private var event = HistEvent()
    private let historyPath: String
    private var promptBuffer: [CChar] = [0]
    /// Candidates for the word before the cursor, given the whole line so far.
    public var completer: (_ word: String, _ line: String) -> [String] = { _, _ in [] }

    public init?(program: String = "sq", historyPath: String, historySize: Int32 = 2000) {
        guard let editLine = sq_el_init_stdio(program), let history = history_init() else { return nil }
        self.editLine = editLine
        self.history = history
        self.historyPath = historyPath
        sq_history_set_size(history, &event, historySize)
        sq_history_set_unique(history, &event, 1)
        Self.scrubPasswords(inHistoryAt: historyPath)
        _ = historyPath.withCString { sq_history_load(history, &event, $0) }
        sq_el_set_editor(editLine, "emacs")
        sq_el_set_history(editLine, history)
        sq_el_set_signal(editLine, 1)
        sq_el_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        sq_el_set_prompt(editLine, { editLine in
            guard let editLine, let data = sq_el_get_clientdata(editLine) else { return nil }
            let reader = Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue()
            return reader.promptBuffer.withUnsafeMutableBufferPointer { $0.baseAddress }
        })
        sq_el_add_function(editLine, "sq-complete", "complete a keyword or name", { editLine, _ in
            guard let editLine, let data = sq_el_get_clientdata(editLine) else { return UInt8(CC_ERROR) }
            return Unmanaged<EditLineReader>.fromOpaque(data).takeUnretainedValue().complete()
        })
        sq_el_bind(editLine, "^I", "sq-complete")
        sq_el_bind(editLine, "^R", "em-inc-search-prev")
    }

    deinit {
        history_end(history)
        el_end(editLine)
    }

    public func readLine(prompt: String) -> String? {
        var input = read(prompt: prompt)
        while input == .interrupted { input = read(prompt: prompt) }
        if case .line(let text) = input { return text }
        return nil
    }

    /// Ctrl-C at the prompt interrupts el_gets (count −1, EINTR): the line typed so far is dropped.
    public func read(prompt: String) -> LineInput {
        promptBuffer = Array(prompt.utf8CString)
        var count: Int32 = 0
        let line = el_gets(editLine, &count)
        if line == nil, count < 0, errno == EINTR {
            print("^C")
            return .interrupted
        }
        guard let line, count >= 0 else { return .end }
        var text = String(cString: line)
        if text.hasSuffix("\n") { text.removeLast() }
        return .line(text)
    }

    /// A history file an earlier version wrote may hold a PostgreSQL password:
    /// rewritten without it (owner-only) before it is read.
    static func scrubPasswords(inHistoryAt path: String) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return }
        let scrubbed = PasswordRedaction.redacting(text, alsoEndingAt: ["\\"])
        guard scrubbed != text else { return }
        if (try? scrubbed.write(toFile: path, atomically: true, encoding: .utf8)) != nil { chmod(path, 0o600) }
    }

    /// Kept without any PostgreSQL password (a URL's is `***`: PGPASSWORD or
    /// ~/.pgpass supply it when the line is run again), in a file only its owner
    /// can read (the lines hold the data's names and values).
    public func addHistory(_ line: String) {
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        _ = PasswordRedaction.redacting(line).withCString { sq_history_enter(history, &event, $0) }
        _ = historyPath.withCString { sq_history_save(history, &event, $0) }
        chmod(historyPath, 0o600)
    }

    /// Tab: complete the word before the cursor to the longest common prefix of
    /// the candidates; list them when that adds nothing.
    private func complete() -> UInt8 {
        guard let info = el_line(editLine)?.pointee, let start = info.buffer else { return UInt8(CC_ERROR) }
        let length = info.cursor - start
        let before = String(decoding: UnsafeBufferPointer(start: UnsafeRawPointer(start).assumingMemoryBound(to: UInt8.self),
                                                          count: max(0, length)), as: UTF8.self)
        let word = Completion.currentWord(before)
        let candidates = completer(word, before)
        guard !candidates.isEmpty else { return UInt8(CC_ERROR) }
        let common = Completion.commonPrefix(candidates)
        let ending = candidates.count == 1 ? Completion.suffix(for: common, line: before) : ""
        if common.hasPrefix(word), common.count > word.count {
            _ = (String(common.dropFirst(word.count)) + ending).withCString { el_insertstr(editLine, $0) }
            return UInt8(CC_REFRESH)
        }
        if !common.hasPrefix(word), common.count > word.count {
            // The completion is backquoted (`pat.karno`): replace the word typed so far.
            el_deletestr(editLine, Int32(word.count))
            _ = (common + ending).withCString { el_insertstr(editLine, $0) }
            return UInt8(CC_REFRESH)
        }
        if candidates.count == 1 { return UInt8(CC_REFRESH) }
        print("\n" + candidates.prefix(60).joined(separator: "  "))
        return UInt8(CC_REDISPLAY)
    }
}
