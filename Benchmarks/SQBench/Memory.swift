import Foundation
#if canImport(Glibc)
import Glibc

/// glibc's malloc_trim (malloc.h, which the Glibc module leaves out).
@_silgen_name("malloc_trim")
private func mallocTrim(_ pad: Int) -> Int32
#endif

/// Peak resident memory per task on Linux: writing "5" to /proc/self/clear_refs
/// resets the high-water mark VmHWM (Linux ≥ 4.0), which /proc/self/status then
/// reports for what ran since. Elsewhere both calls answer nil.
enum Memory {
    /// Resets the peak to the current resident size, after handing memory freed
    /// by earlier tasks back to the kernel (else a task reusing it would look
    /// free); false when the kernel does not allow the reset.
    @discardableResult
    static func resetPeak() -> Bool {
        #if canImport(Glibc)
        _ = mallocTrim(0)
        #endif
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        return (try? handle.write(contentsOf: Data("5".utf8))) != nil
    }

    /// The peak resident set size since the last reset, in MiB.
    static func peakMiB() -> Double? { statusField("VmHWM:") }

    /// The largest resident set size of the whole run (getrusage; never reset), in MiB.
    static func lifetimePeakMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    /// The resident set size now, in MiB.
    static func residentMiB() -> Double? { statusField("VmRSS:") }

    private static func statusField(_ name: String) -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(name) {
            let kilobytes = line.split(separator: " ").dropFirst().first.flatMap { Double($0) }
            return kilobytes.map { $0 / 1024 }
        }
        return nil
    }
}
