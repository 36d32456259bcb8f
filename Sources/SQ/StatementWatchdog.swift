import Dispatch
import Foundation

/// Stops a statement that runs past its time limit: armed when a statement
/// starts, it calls the session's `cancel()` (sqlite3_interrupt plus the flag the
/// engines poll) once the limit passes, unless the statement finished first.
final class StatementWatchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var generation = 0
    private var armed = false
    private var fired = false

    /// Starts timing one statement; `onTimeout` runs on a background queue.
    func arm(seconds: Double, onTimeout: @escaping @Sendable () -> Void) {
        lock.lock()
        generation += 1
        armed = true
        fired = false
        let current = generation
        lock.unlock()
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
            lock.lock()
            let due = armed && generation == current
            if due { fired = true }
            lock.unlock()
            if due { onTimeout() }
        }
    }

    /// Ends the statement's timing; true when the limit had passed.
    @discardableResult
    func disarm() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        armed = false
        return fired
    }
}
