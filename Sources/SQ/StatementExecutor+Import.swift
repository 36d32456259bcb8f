import Foundation
import SQSyntax
import SQBackend

/// `import "x.xlsx" as t sheet "LAT"`: the options beyond CSV's `na`.
extension StatementExecutor {
    static func importOptions(_ options: [Argument]) throws -> ImportOptions {
        var result = ImportOptions()
        for option in options where option.label?.text == "sheet" {
            switch option.value.kind {
            case .string(let name): result.sheetName = name
            case .number(let position, let isInteger):
                guard isInteger, position >= 1, position < 1e6 else {
                    throw Diagnostic.error("a sheet's position is a whole number from 1: `sheet 2`", at: option.value.span)
                }
                result.sheetPosition = Int(position)
            default:
                throw Diagnostic.error("`sheet` takes a sheet's name or position: `sheet \"LAT\"` or `sheet 2`", at: option.value.span)
            }
        }
        return result
    }
}
