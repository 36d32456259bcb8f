import Foundation

#if FUZZING
/// libFuzzer's driver (in the runtime `-sanitize=fuzzer` links): it parses the
/// libFuzzer flags in argv and calls back once per input. SwiftPM names the
/// executable's entry point itself, so the driver is started from `@main`
/// rather than through libFuzzer's own `main`.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@main
struct FuzzDriver {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            guard let data else { return 0 }
            FuzzTarget.selected.run(UnsafeBufferPointer(start: data, count: size))
            return 0
        }
        exit(status)
    }
}
#else

/// Replays inputs: `sq-fuzz FILE_OR_DIR...` runs every file through the target
/// chosen by SQ_FUZZ_TARGET, so the corpus and past findings are regression tests.
@main
struct FuzzReplay {
    static func main() {
        let target = FuzzTarget.selected
        var count = 0
        for argument in CommandLine.arguments.dropFirst() {
            for path in files(at: argument) {
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                data.withUnsafeBytes { target.run($0.bindMemory(to: UInt8.self)) }
                count += 1
            }
        }
        print("sq-fuzz: replayed \(count) \(target.rawValue) input\(count == 1 ? "" : "s") without a crash")
    }

    static func files(at path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.sorted().map { path + "/" + $0 }
    }
}
#endif
