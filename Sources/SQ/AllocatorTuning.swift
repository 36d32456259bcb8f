#if canImport(Glibc)
import Glibc

/// glibc's `int mallopt(int param, int value)` (<malloc.h>, which the Glibc module does not export).
@_silgen_name("mallopt") private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
/// <malloc.h>: M_TRIM_THRESHOLD, M_MMAP_THRESHOLD and M_MMAP_MAX.
private let trimThreshold: Int32 = -1
private let mmapThreshold: Int32 = -3
private let mmapMax: Int32 = -4
#endif

/// How the `sq` process keeps memory between statements. A million-row
/// statement allocates a few hundred MB of arrays and frees them at its end;
/// glibc's defaults hand blocks over 128 KiB back to the kernel at once
/// (mmap / trim), so every statement has its pages zeroed again by the kernel
/// (`clear_page_erms` was a fifth of a Cox statement's time in `perf`). Kept
/// by the process instead, the next statement reuses them: a 1M-row `fit cox`
/// statement takes about a third less time. Resident memory stays at the
/// session's peak, which is also the most it can need again.
///
/// A process setting, so only programs call it (`sq`, `sq-bench`); a host that
/// embeds SQ decides for itself.
public enum AllocatorTuning {
    public static func keepFreedMemory() {
        #if canImport(Glibc)
        // The largest threshold glibc accepts for direct mmap (32 MiB on 64-bit),
        // and no trimming of the heap's top short of 2 GiB.
        _ = mallopt(mmapThreshold, 32 * 1024 * 1024)
        _ = mallopt(trimThreshold, Int32.max)
        // No direct mmap at all: a 1M-row design (80 MB) would still be mapped and
        // faulted in afresh by every fit; from the heap it reuses the last one's pages.
        _ = mallopt(mmapMax, 0)
        #endif
    }
}
