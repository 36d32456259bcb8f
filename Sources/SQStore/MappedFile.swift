import SQBackend
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file's bytes mapped read-only into memory (mmap), unmapped when released.
/// The importer reads a million-row CSV twice without copying it.
final class MappedFile {
    let bytes: UnsafeBufferPointer<UInt8>
    private let mapping: UnsafeMutableRawPointer?

    /// Throws `StoreError(.fileNotFound)` when the file cannot be opened or read.
    init(path: String) throws {
        // Checked before opening, and O_NONBLOCK in case the path changes in
        // between: a plain open() of a FIFO waits for a writer, forever.
        try RegularFile.require(path)
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw StoreError(.fileNotFound, "cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw StoreError(.fileNotFound, "cannot read \(path): \(String(cString: strerror(errno)))") }
        if let kind = RegularFile.describe(status.st_mode) { throw StoreError(.fileNotFound, RegularFile.message(path, kind)) }
        let size = Int(status.st_size)
        if size == 0 {
            mapping = nil
            bytes = UnsafeBufferPointer(start: nil, count: 0)
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else {
            throw StoreError(.fileNotFound, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        mapping = address
        bytes = UnsafeBufferPointer(start: address.assumingMemoryBound(to: UInt8.self), count: size)
    }

    deinit {
        if let mapping { munmap(mapping, bytes.count) }
    }
}
