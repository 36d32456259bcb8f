// libFuzzer entry point for the lexer and parser (and diagnostic rendering).
// Built by Fuzz/run.sh together with Sources/SQSyntax; not part of the package.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let program = Parser.parse(source)
    let file = SourceFile(name: "fuzz", text: source)
    for diagnostic in program.diagnostics {
        _ = file.render(diagnostic)
    }
    _ = program.isIncomplete
    return 0
}
