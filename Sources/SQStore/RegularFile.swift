import SQBackend
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `import`, `open` and `reconstruct` read only regular files: opening a FIFO
/// blocks until a writer comes (forever, in a script), and a device such as
/// /dev/zero or /dev/urandom never ends. The check follows symbolic links, so
/// a link to a regular file is fine.
public enum RegularFile {
    /// Nil for a regular file (or a missing one: that error is the caller's);
    /// otherwise what the path is, for the message.
    public static func kind(of path: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return describe(status.st_mode)
    }

    static func describe(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFDIR: return "a directory"
        case S_IFSOCK: return "a socket"
        default: return "not a regular file"
        }
    }

    /// Throws `StoreError(.fileNotFound)` (exit 66) unless `path` is a regular file or missing.
    public static func require(_ path: String) throws {
        if let kind = kind(of: path) { throw StoreError(.fileNotFound, message(path, kind)) }
    }

    public static func message(_ path: String, _ kind: String) -> String {
        "cannot read \(path): it is \(kind), and SQ reads only regular files"
    }
}
