import Foundation
import XCTest
import ZIPFoundation
@testable import SQStore

/// SQ's own ZIP reader under the `.xlsx` import: a damaged archive is an
/// error naming the file and the part, and inflating a part always ends.
final class ZIPArchiveTests: XCTestCase {
    static let sheetPart = "xl/worksheets/sheet1.xml"
    static let sheet = #"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>time</t></is></c></row>"#
        + (2...40).map { #"<row r="\#($0)"><c r="A\#($0)"><v>\#($0 * 3)</v></c></row>"# }.joined() + "</sheetData></worksheet>"

    /// A three-part workbook written by ZIPFoundation, its parts deflated or stored.
    func workbook(deflate: Bool) throws -> Data {
        let path = try writeTemporary(Data(), name: "made.xlsx")
        try FileManager.default.removeItem(atPath: path)
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        let parts = [
            ("xl/workbook.xml", #"<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="data" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
            ("xl/_rels/workbook.xml.rels", #"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#),
            (Self.sheetPart, Self.sheet),
        ]
        for (name, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count),
                                 compressionMethod: deflate ? .deflate : .none, provider: { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            })
        }
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    /// Where the End Of Central Directory record starts.
    func endRecord(_ bytes: Data) -> Int {
        var at = bytes.count - 22
        while !(bytes[at] == 0x50 && bytes[at + 1] == 0x4B && bytes[at + 2] == 5 && bytes[at + 3] == 6) { at -= 1 }
        return at
    }

    func read32(_ bytes: Data, _ at: Int) -> Int {
        (0..<4).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) }
    }

    func write(_ value: Int, width: Int, into bytes: inout Data, at: Int) {
        for i in 0..<width { bytes[at + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
    }

    /// The central directory header of `name`.
    func centralHeader(_ bytes: Data, _ name: String) -> Int {
        var at = read32(bytes, endRecord(bytes) + 16)
        while true {
            let nameLength = Int(bytes[at + 28]) | Int(bytes[at + 29]) << 8
            let extra = Int(bytes[at + 30]) | Int(bytes[at + 31]) << 8, comment = Int(bytes[at + 32]) | Int(bytes[at + 33]) << 8
            if String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self) == name { return at }
            at += 46 + nameLength + extra + comment
        }
    }

    /// Imports `bytes` as a workbook and returns the error's text, which must name the file.
    func importError(_ bytes: Data, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let path = try writeTemporary(bytes, name: "damaged.xlsx")
        do {
            _ = try Database().importFile(path: path, table: "t", options: ImportOptions())
        } catch let error as StoreError {
            XCTAssertEqual(error.kind, .unreadable, "\(error)", file: file, line: line)
            XCTAssertTrue(error.message.hasPrefix(path + ": "), error.message, file: file, line: line)
            return String(error.message.dropFirst(path.count + 2))
        }
        XCTFail("the damaged workbook imported", file: file, line: line)
        return ""
    }

    func testStoredAndDeflatedWorkbooksImportTheSame() throws {
        for deflate in [false, true] {
            let path = try writeTemporary(try workbook(deflate: deflate), name: "ok.xlsx")
            let database = try Database()
            let report = try database.importFile(path: path, table: "t", options: ImportOptions())
            XCTAssertEqual(report.rowCount, 39)
            XCTAssertEqual(try database.rows("select sum(time) from t").first, [.integer(Int64((2...40).reduce(0, +) * 3))])
        }
    }

    /// Fuzz/regressions/xlsx/inflate-never-ends: ZIPFoundation 0.9.20 looped for
    /// ever on its damaged deflate streams; the direct call must return an error.
    func testTheFuzzFindingIsAnErrorNotAHang() throws {
        let finding = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fuzz/regressions/xlsx/inflate-never-ends")
        let message = try importError(try Data(contentsOf: finding))
        XCTAssertTrue(message.hasPrefix("the workbook is damaged: "), message)
        XCTAssertTrue(message.contains(".xml"), "names the part: \(message)")
    }

    func testATruncatedCentralDirectory() throws {
        var bytes = try workbook(deflate: true)
        let end = endRecord(bytes)
        write(4, width: 2, into: &bytes, at: end + 8)
        write(4, width: 2, into: &bytes, at: end + 10)
        XCTAssertEqual(try importError(bytes), "the workbook is damaged: its ZIP central directory ends after 3 of its 4 entries")
        var cut = try workbook(deflate: true)
        let cutEnd = endRecord(cut)
        write(read32(cut, cutEnd + 12) + 100, width: 4, into: &cut, at: cutEnd + 12)
        XCTAssertEqual(try importError(cut), "the workbook is damaged: its ZIP central directory lies outside the file")
    }

    func testALocalHeaderOffsetPastTheEnd() throws {
        var bytes = try workbook(deflate: true)
        write(bytes.count + 1000, width: 4, into: &bytes, at: centralHeader(bytes, Self.sheetPart) + 42)
        XCTAssertEqual(try importError(bytes),
                       "the workbook is damaged: the ZIP header of \(Self.sheetPart) is missing (offset \(bytes.count + 1000) in a file of \(bytes.count) bytes)")
    }

    func testACompressedSizePastTheEnd() throws {
        var bytes = try workbook(deflate: true)
        write(0x7FFF_0000, width: 4, into: &bytes, at: centralHeader(bytes, Self.sheetPart) + 20)
        XCTAssertEqual(try importError(bytes),
                       "the workbook is damaged: the compressed data of \(Self.sheetPart) (\(0x7FFF_0000) bytes) runs past the end of the file")
    }

    func testACRCMismatch() throws {
        for deflate in [false, true] {
            var bytes = try workbook(deflate: deflate)
            let at = centralHeader(bytes, Self.sheetPart) + 16
            bytes[at] ^= 0x5A
            XCTAssertEqual(try importError(bytes), "the workbook is damaged: \(Self.sheetPart) fails its CRC-32 check")
        }
    }

    func testAnUnknownCompressionMethod() throws {
        var bytes = try workbook(deflate: true)
        write(14, width: 2, into: &bytes, at: centralHeader(bytes, Self.sheetPart) + 10)
        XCTAssertEqual(try importError(bytes),
                       "\(Self.sheetPart) is compressed with ZIP method 14, which SQ does not read (only stored and deflate); save the workbook again from Excel")
    }

    func testAPartInflatingPastItsDeclaredSize() throws {
        var bytes = try workbook(deflate: true)
        let declared = Self.sheet.utf8.count - 10
        write(declared, width: 4, into: &bytes, at: centralHeader(bytes, Self.sheetPart) + 24)
        XCTAssertEqual(try importError(bytes),
                       "the workbook is damaged: \(Self.sheetPart) cannot be decompressed (it inflates past its declared \(declared) bytes)")
        var short = try workbook(deflate: true)
        write(Self.sheet.utf8.count + 10, width: 4, into: &short, at: centralHeader(short, Self.sheetPart) + 24)
        XCTAssertEqual(try importError(short),
                       "the workbook is damaged: \(Self.sheetPart) cannot be decompressed (it inflates to \(Self.sheet.utf8.count) bytes, not the declared \(Self.sheet.utf8.count + 10))")
    }

    func testADeflateStreamCutShortOrCorrupt() throws {
        var bytes = try workbook(deflate: true)
        let header = centralHeader(bytes, Self.sheetPart)
        let compressed = read32(bytes, header + 20)
        write(compressed / 2, width: 4, into: &bytes, at: header + 20)
        XCTAssertEqual(try importError(bytes),
                       "the workbook is damaged: \(Self.sheetPart) cannot be decompressed (its deflate stream ends early)")
        var corrupt = try workbook(deflate: true)
        let local = read32(corrupt, centralHeader(corrupt, Self.sheetPart) + 42)
        let start = local + 30 + Int(corrupt[local + 26]) + Int(corrupt[local + 27]) << 8 + Int(corrupt[local + 28]) + Int(corrupt[local + 29]) << 8
        corrupt[start] = 0xFF // block type 3, which RFC 1951 reserves
        XCTAssertEqual(try importError(corrupt),
                       "the workbook is damaged: \(Self.sheetPart) cannot be decompressed (invalid block type)")
    }

    func testNotAZIPArchiveAndZIP64() throws {
        XCTAssertEqual(try importError(Data("id,time\n1,2\n".utf8)), "not an Excel workbook (.xlsx): the file is not a ZIP archive")
        var bytes = try workbook(deflate: false)
        let end = endRecord(bytes)
        // A ZIP64 end-of-central-directory locator just before the record.
        var locator = Data([0x50, 0x4B, 6, 7]) + Data(count: 16)
        write(0, width: 4, into: &locator, at: 4)
        bytes.insert(contentsOf: locator, at: end)
        XCTAssertEqual(try importError(bytes),
                       "the workbook is a ZIP64 archive (for parts or files over 4 GiB), which SQ does not read; save it again from Excel")
    }

    func testAStopWhileReadingThePartsInterrupts() throws {
        let path = try writeTemporary(try workbook(deflate: true), name: "ok.xlsx")
        var options = ImportOptions()
        options.shouldStop = { true }
        let database = try Database()
        XCTAssertThrowsError(try database.importFile(path: path, table: "t", options: options)) { error in
            XCTAssertEqual((error as? StoreError)?.kind, .interrupted)
        }
        XCTAssertFalse(try database.tableExists("t", schema: "main"))
    }
}
