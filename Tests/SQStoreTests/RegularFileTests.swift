import Foundation
import XCTest
@testable import SQStore

/// The store's own entry points (for embedding hosts) refuse what is not a regular file, without blocking.
final class RegularFileTests: XCTestCase {
    func testTheStoreRefusesAFIFOAndADevice() throws {
        let path = NSTemporaryDirectory() + "sq-fifo-" + UUID().uuidString
        XCTAssertEqual(mkfifo(path, 0o600), 0)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let db = try Database()
        for target in [path, "/dev/zero"] {
            XCTAssertThrowsError(try db.importCSV(path: target, table: "t")) { XCTAssertEqual(($0 as? StoreError)?.kind, .fileNotFound) }
            XCTAssertThrowsError(try db.attach(path: target, as: "x", writable: false)) { XCTAssertEqual(($0 as? StoreError)?.kind, .fileNotFound) }
            XCTAssertThrowsError(try Database(path: target, writable: true)) { XCTAssertEqual(($0 as? StoreError)?.kind, .fileNotFound) }
        }
        XCTAssertEqual(RegularFile.kind(of: path), "a FIFO (named pipe)")
        XCTAssertNil(RegularFile.kind(of: path + ".missing"))
    }
}
