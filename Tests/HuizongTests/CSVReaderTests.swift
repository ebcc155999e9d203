import Foundation
import Testing
@testable import Huizong

@Suite struct CSVReaderTests {
    static let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF]
    /// "法治" in GB18030, written out so that the test does not depend on the transcoder.
    static let fazhiGB18030: [UInt8] = [0xB7, 0xA8, 0xD6, 0xCE]

    static func utf16(_ text: String, bigEndian: Bool) -> [UInt8] {
        (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) + text.utf16.flatMap { unit in
            let (high, low) = (UInt8(unit >> 8), UInt8(unit & 0xFF))
            return bigEndian ? [high, low] : [low, high]
        }
    }

    static func rows(_ reader: CSVReader) throws(ReadProblem) -> [SourceRow] {
        var rows: [SourceRow] = []
        while let row = try reader.nextRow() {
            rows.append(row)
        }
        return rows
    }

    static func rows(of bytes: [UInt8], recordLimit: Int = CSVTokenizer.defaultRecordLimit) throws(ReadProblem) -> [SourceRow] {
        try rows(CSVReader(bytes: bytes, recordLimit: recordLimit))
    }

    static func temporaryFile(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("csvreader-\(UUID().uuidString).csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    let expected = [SourceRow(number: 1, cells: ["名称", "代码"]), SourceRow(number: 2, cells: ["法治", "1"])]

    // MARK: Encodings

    @Test func utf8WithoutBOM() throws {
        let reader = try CSVReader(bytes: Array("名称,代码\r\n法治,1\r\n".utf8))
        #expect(reader.encoding == "UTF-8")
        #expect(reader.delimiter == UInt8(ascii: ","))
        #expect(try Self.rows(reader) == expected)
    }

    @Test func utf8BOMIsSkipped() throws {
        let reader = try CSVReader(bytes: Self.utf8BOM + Array("名称,代码\n法治,1".utf8))
        #expect(reader.encoding == "UTF-8")
        #expect(try Self.rows(reader) == expected)
    }

    @Test func gb18030WithoutBOM() throws {
        let bytes = Self.fazhiGB18030 + Array(",code\n".utf8) + Self.fazhiGB18030 + Array(",1\n".utf8)
        let reader = try CSVReader(bytes: bytes)
        #expect(reader.encoding == "GB18030")
        #expect(try Self.rows(reader) == [SourceRow(number: 1, cells: ["法治", "code"]), SourceRow(number: 2, cells: ["法治", "1"])])
    }

    @Test(arguments: [false, true])
    func utf16WithBOMTabSeparated(bigEndian: Bool) throws {
        let reader = try CSVReader(bytes: Self.utf16("名称\t代码\r\n法治\t1\r\n", bigEndian: bigEndian))
        #expect(reader.encoding == (bigEndian ? "UTF-16BE" : "UTF-16LE"))
        #expect(reader.delimiter == UInt8(ascii: "\t"))
        #expect(try Self.rows(reader) == expected)
    }

    @Test(arguments: [
        (utf8BOM + Array("a,b\n".utf8) + [0xFF], "UTF-8", 7),
        (utf8BOM + fazhiGB18030, "UTF-8", 3),            // a BOM fixes the encoding: no guessing GB18030
        (utf16("a\tb\n", bigEndian: false) + [0x00, 0xDC, 0x41, 0x00], "UTF-16LE", 10),  // a lone low surrogate
        (utf16("a\tb\n", bigEndian: true) + [0x41], "UTF-16BE", 10),                     // half a code unit
    ] as [([UInt8], String, Int)])
    func invalidBytesAreReportedWithTheirFileOffset(bytes: [UInt8], encoding: String, offset: Int) {
        #expect(throws: ReadProblem.invalidBytes(encoding: encoding, offset: offset)) {
            try Self.rows(of: bytes)
        }
    }

    /// Without a BOM, bytes that are neither UTF-8 nor GB18030: both places are reported.
    @Test func neitherUTF8NorGB18030() {
        #expect(throws: ReadProblem.neitherUTF8NorGB18030(utf8Offset: 4, gb18030Offset: 6)) {
            try Self.rows(of: Array("a,b\n".utf8) + [0xB7, 0xA8, 0x80, 0x0A])
        }
    }

    @Test func invalidByteInALaterChunkHasItsFileOffset() {
        let body = Array(String(repeating: "a,b\n", count: CSVReader.chunkSize / 2).utf8)
        #expect(throws: ReadProblem.invalidBytes(encoding: "UTF-8", offset: 3 + body.count)) {
            try Self.rows(of: Self.utf8BOM + body + [0xC0, 0x80])
        }
    }

    // MARK: Delimiter

    @Test(arguments: [
        ("a,b,c\n1,2,3\n", ","),
        ("a\tb\n", "\t"),
        ("name;\"code,x\";c\n1;2;3\n", ";"),
        ("a;b;c,d\n", ";"),
        ("\"x;y;z\",b\n", ","),
        ("\"a\nb;c;d\",e\n", ","),
        ("a,b;c\n", ","),
        ("single\ncolumn\n", ","),
        ("\n  \r\na;b\n", ";"),
    ] as [(String, Character)])
    func delimiterIsSniffedFromTheHeader(text: String, delimiter: Character) throws {
        #expect(try CSVReader(bytes: Array(text.utf8)).delimiter == delimiter.asciiValue!)
    }

    // MARK: Empty and odd files

    @Test(arguments: [
        [],
        utf8BOM,
        [0xFF, 0xFE],
        Array(" \r\n\t\n".utf8),
        utf8BOM + Array("\n\n".utf8),
        utf16(" \r\n", bigEndian: true),
    ] as [[UInt8]])
    func nothingButWhiteSpaceIsEmpty(bytes: [UInt8]) {
        #expect(throws: ReadProblem.empty) {
            try CSVReader(bytes: bytes)
        }
    }

    @Test func nulAndControlCharactersAreData() throws {
        #expect(try Self.rows(of: Array("a,b\n\u{0},c\u{1}\u{7F}\n".utf8)) == [
            SourceRow(number: 1, cells: ["a", "b"]),
            SourceRow(number: 2, cells: ["\u{0}", "c\u{1}\u{7F}"]),
        ])
    }

    @Test func blankLinesKeepLineNumbers() throws {
        let rows = try Self.rows(of: Array("h\n\n\"x\ny\"\n\r\nz".utf8))
        #expect(rows.map(\.number) == [1, 2, 3, 5, 6])
        #expect(rows.map(\.isBlank) == [false, true, false, true, false])
        #expect(rows[2].cells == ["x\ny"])
    }

    @Test func unterminatedQuoteReportsItsLine() {
        #expect(throws: ReadProblem.unterminatedQuote(line: 2)) {
            try Self.rows(of: Array("a,b\n1,\"oops\n2,3\n".utf8))
        }
    }

    @Test func fiftyMegabyteLineIsOneRow() throws {
        let cell = String(repeating: "x", count: 50_000_000)
        let rows = try Self.rows(of: Array("a,b\n1,\(cell)\n".utf8))
        #expect(rows.count == 2)
        #expect(rows[1].cells[1].utf8.count == 50_000_000)
    }

    @Test func recordBeyondTheLimitIsTooLarge() {
        #expect(throws: ReadProblem.tooLarge(limit: "1 MiB")) {
            try Self.rows(of: Array("a,b\n1,\(String(repeating: "x", count: 2 << 20))\n".utf8), recordLimit: 1 << 20)
        }
    }

    @Test func readerStaysAtTheEnd() throws {
        let reader = try CSVReader(bytes: Array("a\n".utf8))
        #expect(try reader.nextRow() == SourceRow(number: 1, cells: ["a"]))
        #expect(try reader.nextRow() == nil)
        #expect(try reader.nextRow() == nil)
    }

    // MARK: Files

    @Test func fileOfManyChunksWithCharactersCutByChunkBoundaries() throws {
        // A 10-byte header and 7-byte rows put a two-byte character across the 1 MiB boundary.
        let row = Self.fazhiGB18030 + Array(",1\n".utf8)
        let count = 200_000
        let path = try Self.temporaryFile(Array("code,name\n".utf8) + Array([[UInt8]](repeating: row, count: count).joined()))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try CSVReader(path: path)
        #expect(reader.encoding == "GB18030")
        var rows = 0
        while let row = try reader.nextRow() {
            rows += 1
            #expect(row.number == rows)
            if rows > 1 && row.cells != ["法治", "1"] {
                Testing.Issue.record("row \(rows): \(row.cells)")
                break
            }
        }
        #expect(rows == count + 1)
    }

    @Test(arguments: ["/nonexistent/return.csv", NSTemporaryDirectory()])
    func fileThatCannotBeReadIsUnreadable(path: String) {
        #expect {
            try CSVReader(path: path)
        } throws: { error in
            guard case .unreadable = error as? ReadProblem else { return false }
            return true
        }
    }
}
