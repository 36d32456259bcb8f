import Foundation
import SQ

/// Ctrl-C in the REPL cancels the running statement instead of ending the
/// program; at the prompt it only abandons the line being typed. Like the
/// sqlite3 shell, the SIGINT handler does nothing but interrupt SQLite and
/// raise the session's flag, which the session checks between statements.
final class InterruptHandler: @unchecked Sendable {
    init(session: Session) {
        InterruptTarget.session = Unmanaged.passUnretained(session).toOpaque()
        InterruptTarget.running.initialize(to: 0)
        signal(SIGINT) { _ in
            guard InterruptTarget.running.pointee != 0, let target = InterruptTarget.session else { return }
            Unmanaged<Session>.fromOpaque(target).takeUnretainedValue().cancelFromSignalHandler()
        }
    }

    var running: Bool {
        get { InterruptTarget.running.pointee != 0 }
        set { InterruptTarget.running.pointee = newValue ? 1 : 0 }
    }

    func uninstall() {
        signal(SIGINT, SIG_DFL)
        InterruptTarget.session = nil
    }
}

/// What the C signal handler can reach: plain memory, no Swift references retained.
enum InterruptTarget {
    nonisolated(unsafe) static var session: UnsafeMutableRawPointer?
    nonisolated(unsafe) static let running = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
}
