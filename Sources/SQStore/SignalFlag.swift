import CSQLite
import SQBackend

/// A flag a signal handler may raise: no lock and no allocation in `raise()`,
/// only a lock-free atomic store, which another thread reads atomically (a
/// plain Int32 would be a data race under ThreadSanitizer).
public final class SignalFlag: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<Int32>

    public init() {
        storage = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        storage.initialize(to: 0)
    }

    deinit {
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    public func raise() { sq_atomic_store_int(storage, 1) }
    public func lower() { sq_atomic_store_int(storage, 0) }
    public var isRaised: Bool { sq_atomic_load_int(storage) != 0 }
}
