import SQBackend
import Foundation

/// The kinds of file `import` reads, told by the file name's extension.
public enum DataFileFormat: String, Sendable, CaseIterable {
    case csv, spss, stata, sas, excel

    public init(path: String) {
        switch (path as NSString).pathExtension.lowercased() {
        case "sav", "zsav", "por": self = .spss
        case "dta": self = .stata
        case "sas7bdat", "xpt", "xport": self = .sas
        case "xlsx", "xlsm": self = .excel
        default: self = .csv
        }
    }

    /// Every extension `import` reads besides CSV's (for completion and messages).
    public static let typedExtensions = ["sav", "zsav", "por", "dta", "sas7bdat", "xpt", "xport", "xlsx", "xlsm"]
    public static let textExtensions = ["csv", "tsv", "tab", "txt"]
}

extension Database {
    /// `import "file" as t`: CSV/TSV, SPSS, Stata, SAS or Excel by the file's extension.
    public func importFile(path: String, table: String, options: ImportOptions) throws -> ImportReport {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError(.fileNotFound, "no such file: \(path)")
        }
        let format = DataFileFormat(path: path)
        if format != .excel, options.sheetName != nil || options.sheetPosition != nil {
            throw StoreError(.rejected, "\(path): `sheet` is for Excel workbooks (.xlsx), not \(format == .csv ? "CSV" : "SPSS, Stata or SAS") files")
        }
        switch format {
        case .csv:
            return try importCSV(path: path, table: table, replace: options.replace, missing: options.missing,
                                 shouldStop: options.shouldStop)
        case .excel:
            return try importWorkbook(path: path, table: table, replace: options.replace, sheetName: options.sheetName,
                                      sheetPosition: options.sheetPosition, missing: options.missing, shouldStop: options.shouldStop)
        case .spss, .stata, .sas:
            if !options.missing.isEmpty {
                throw StoreError(.rejected, "\(path): `na = ...` is for CSV and Excel files; SPSS, Stata and SAS files mark their missing values themselves")
            }
            return try importStatistical(path: path, table: table, replace: options.replace)
        }
    }
}
