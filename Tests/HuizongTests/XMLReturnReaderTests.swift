import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

@Suite struct XMLReturnReaderTests {
    static let villageReturn = """
        <?xml version="1.0" encoding="UTF-8"?>
        <return type="village">
          <row>
            <village_code>330206110201</village_code>
            <name>东岙村</name>
            <period>2009-06</period>
          </row>
          <row>
            <village_code>330206110202</village_code>
            <name>西岙村</name>
            <period>2009-07</period>
          </row>
        </return>

        """

    static let villageKeys = ["village_code", "name", "period"]

    static let villageRows = [
        row(3, ["330206110201", "东岙村", "2009-06"]),
        row(8, ["330206110202", "西岙村", "2009-07"]),
    ]

    // MARK: Reading

    @Test func villageReturnWithTwoRows() throws {
        let reader = try XMLReturnReader(bytes: Array(Self.villageReturn.utf8))
        #expect(reader.encoding == "UTF-8")
        #expect(try reader.readRoot() == "village")
        #expect(try Self.rows(of: reader) == Self.villageRows)
        #expect(try reader.nextRow() == nil)
    }

    @Test func nextRowReadsTheRootItself() throws {
        let reader = try XMLReturnReader(bytes: Array(Self.villageReturn.utf8))
        #expect(try Self.rows(of: reader) == Self.villageRows)
        #expect(try reader.readRoot() == "village")
    }

    @Test func cdataEntitiesAndCharacterReferences() throws {
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE return [<!ENTITY town "东岙">]>
            <return type="enterprise"><row>
            <name><![CDATA[<李> & 王]]></name>
            <contact>&town;村 &amp; &#x4E1C;&lt;&#20013;</contact>
            <phone> 0574-1234567 </phone>
            <note>第一行
            第二行</note>
            </row></return>
            """
        let reader = try XMLReturnReader(bytes: Array(xml.utf8))
        #expect(try reader.readRoot() == "enterprise")
        #expect(try Self.rows(of: reader, keys: ["name", "contact", "phone", "note"]) == [
            Self.row(3, ["<李> & 王", "东岙村 & 东<中", " 0574-1234567 ", "第一行\n第二行"]),
        ])
    }

    @Test func omittedRepeatedUnknownAndEmptyFields() throws {
        let xml = """
            <return type="village">
              <row><name>东岙村</name><period>2009-06</period><period>2009-07</period><rating/></row>
              <row/>
              <row><rating>优</rating><village_code>330206110201</village_code><name/></row>
            </return>
            """
        #expect(try Self.rows(of: XMLReturnReader(bytes: Array(xml.utf8))) == [
            Self.row(2, ["", "东岙村", "2009-06"], unknown: ["rating"], repeated: [.init(field: 2, text: "2009-07")]),
            Self.row(3, ["", "", ""]),
            Self.row(4, ["330206110201", "", ""]),
        ])
    }

    @Test func fieldWithChildElements() throws {
        let xml = #"<return type="village"><row><name>东<b lang="zh">岙</b>村</name><period>2009-06</period></row></return>"#
        #expect(try Self.rows(of: XMLReturnReader(bytes: Array(xml.utf8))) == [
            Self.row(1, ["", "东岙村", "2009-06"], structured: [1]),
        ])
    }

    @Test func rootWithoutType() throws {
        let reader = try XMLReturnReader(bytes: Array("<return><row><name>x</name></row></return>".utf8))
        #expect(try reader.readRoot() == nil)
        #expect(try Self.rows(of: reader) == [Self.row(1, ["", "x", ""])])
    }

    @Test func readsFromAPath() throws {
        let path = try TestSupport.temporaryFolder() + "/village.xml"
        try TestSupport.write(Self.villageReturn, to: path)
        let reader = try XMLReturnReader(path: path)
        #expect(try reader.readRoot() == "village")
        #expect(try Self.rows(of: reader) == Self.villageRows)
    }

    @Test func missingFileIsUnreadable() {
        #expect(throws: ReadProblem.unreadable(reason: "No such file or directory")) {
            try XMLReturnReader(path: "/nonexistent/return.xml")
        }
    }

    // MARK: Encodings

    @Test(arguments: ["GB2312", "gbk", "GB18030"])
    func gbDeclaredReturn(declared: String) throws {
        let bytes = try Self.gb2312(Self.villageReturn.replacingOccurrences(of: "UTF-8", with: declared))
        let reader = try XMLReturnReader(bytes: bytes)
        #expect(reader.encoding == declared.uppercased())
        #expect(try reader.readRoot() == "village")
        #expect(try Self.rows(of: reader) == Self.villageRows)
    }

    @Test(arguments: [(true, "UTF-16LE"), (false, "UTF-16BE")])
    func utf16WithByteOrderMark(littleEndian: Bool, name: String) throws {
        let reader = try XMLReturnReader(bytes: Self.utf16(Self.villageReturn, littleEndian: littleEndian, byteOrderMark: true))
        #expect(reader.encoding == name)
        #expect(try reader.readRoot() == "village")
        #expect(try Self.rows(of: reader) == Self.villageRows)
    }

    @Test func utf16WithoutByteOrderMark() throws {
        let reader = try XMLReturnReader(bytes: Self.utf16(Self.villageReturn, littleEndian: true, byteOrderMark: false))
        #expect(reader.encoding == "UTF-16LE")
        #expect(try Self.rows(of: reader) == Self.villageRows)
    }

    @Test func utf8ByteOrderMarkOutranksTheDeclaration() throws {
        let xml = Self.villageReturn.replacingOccurrences(of: "UTF-8", with: "GBK")
        let reader = try XMLReturnReader(bytes: [0xEF, 0xBB, 0xBF] + Array(xml.utf8))
        #expect(reader.encoding == "UTF-8")
        #expect(try Self.rows(of: reader) == Self.villageRows)
    }

    @Test func utf16DeclaredOverEightBitTextIsReadAsUTF8() throws {
        let xml = Self.villageReturn.replacingOccurrences(of: "UTF-8", with: "utf-16")
        let reader = try XMLReturnReader(bytes: Array(xml.utf8))
        #expect(reader.encoding == "UTF-8")
        #expect(try Self.rows(of: reader) == Self.villageRows)
    }

    /// Encodings expat does not know are read through iconv, whatever their name: bytes written by
    /// Python's codecs, not by the code under test.
    @Test(arguments: [("Big5", "big5", "BIG5"), ("Shift_JIS", "shift_jis", "SHIFT_JIS"), ("big5-hkscs", "big5hkscs", "BIG5-HKSCS")])
    func otherDeclaredEncodingIsReadThroughIconv(declared: String, codec: String, shown: String) throws {
        let xml = Self.villageReturn.replacingOccurrences(of: "UTF-8", with: declared)
            .replacingOccurrences(of: "东岙村", with: "東山村").replacingOccurrences(of: "西岙村", with: "北山村")
        let folder = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(folder) }
        let path = folder + "/return.xml"
        let python = try BinaryRunner.runProgram("/usr/bin/env", ["python3", "-c",
            "import sys; open(sys.argv[3], 'wb').write(sys.argv[1].encode(sys.argv[2]))", xml, codec, path])
        #expect(python.status == 0, "\(python.stderr)")
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes != Array(xml.utf8), "the village names are not ASCII")
        let reader = try XMLReturnReader(bytes: bytes)
        #expect(reader.encoding == shown)
        #expect(try reader.readRoot() == "village")
        #expect(try Self.rows(of: reader) == [
            Self.row(3, ["330206110201", "東山村", "2009-06"]),
            Self.row(8, ["330206110202", "北山村", "2009-07"]),
        ])
    }

    @Test func encodingIconvDoesNotKnowIsUnsupported() {
        let xml = Self.villageReturn.replacingOccurrences(of: "UTF-8", with: "X-Clerk-42")
        #expect(throws: ReadProblem.unsupportedEncoding("X-Clerk-42")) { try XMLReturnReader(bytes: Array(xml.utf8)) }
    }

    @Test(arguments: [1, 2, 3, 5, 64])
    func chunkBoundariesDoNotMatter(chunkSize: Int) throws {
        let documents = [
            Array(Self.villageReturn.utf8),
            try Self.gb2312(Self.villageReturn.replacingOccurrences(of: "UTF-8", with: "GB2312")),
            Self.utf16(Self.villageReturn, littleEndian: true, byteOrderMark: true),
            Self.utf16(Self.villageReturn, littleEndian: false, byteOrderMark: true),
        ]
        for bytes in documents {
            let whole = try XMLReturnReader(bytes: bytes)
            let chunked = try XMLReturnReader(bytes: bytes, chunkSize: chunkSize)
            #expect(chunked.encoding == whole.encoding)
            #expect(try chunked.readRoot() == "village")
            #expect(try Self.rows(of: chunked) == Self.villageRows)
        }
    }

    // MARK: Problems

    @Test(arguments: [
        ([], ReadProblem.empty),
        (Array(" \n\t\r\n ".utf8), .empty),
        ([0xEF, 0xBB, 0xBF, 0x0A], .empty),
        ([0xFF, 0xFE, 0x20, 0x00], .empty),
        (Array("<?xml version=\"1.0\"?>\n".utf8), .empty),
        (Array("<report type=\"village\"><row/></report>".utf8), .unexpectedXMLRoot("report")),
        // Expat points at the name in the end tag; columns count characters, from 1.
        (Array("<return>\n  <row>\n    <name>东岙村</nam>\n  </row>\n</return>".utf8),
         .malformedXML(line: 3, column: 16, reason: "mismatched tag")),
        (Array("<return>\n  <row><name>&nbsp;</name></row>\n</return>".utf8),
         .malformedXML(line: 2, column: 14, reason: "undefined entity")),
        (Array("<return>\n  <row>\n    东岙村<name/>\n  </row>\n</return>".utf8),
         .misplacedXML(line: 3, column: 5, .textInRow)),
        (Array("<return>\n  <row/>  note\n</return>".utf8),
         .misplacedXML(line: 2, column: 11, .textInReturn)),
        (Array("<return>\n  <row/>\n  <summary/>\n</return>".utf8),
         .misplacedXML(line: 3, column: 3, .element("summary"))),
    ] as [([UInt8], ReadProblem)])
    func refusedDocument(bytes: [UInt8], problem: ReadProblem) {
        #expect(Self.readAll(bytes).problem == problem)
    }

    /// A UTF-8 return without a DTD is read by `XMLScanner`: it gives the rows and problems that
    /// expat gives, their lines and columns included, wherever the chunks are cut.
    @Test(arguments: [1, 3, 7, 1 << 20])
    func theScannerReadsAsExpatDoes(chunkSize: Int) {
        let documents = [
            Self.villageReturn,
            "\u{FEFF}<?xml version=\"1.0\"?>\r\n<return type=\"village\">\r\n<row>\r\n<name>东\r\n岙</name>\r<period>a&amp;b&#x4E1C;</period></row>\r\n</return>",
            "<return type=\"village\">\n  <row><name><![CDATA[<李>\r\n]]></name><x:period xmlns:x=\"u\">1</x:period><!-- c --><?p d?></row>\n</return>",
            #"<return type="village"><row><name>东<b lang="zh">岙</b>村</name><period>2009-06</period><period>7</period><rating/></row><row/></return>"#,
            "<return>\n  <row>\n    东岙村<name/>\n  </row>\n</return>",
            "<return>\n  <row/>  note\n</return>",
            "<return>\n\t<row/>东岙\r\n  <summary/>\n</return>",
            "<return>\n  <row>\n    <name>东岙村</nam>\n  </row>\n</return>",
            "<return>\n  <row><name>&nbsp;</name></row>\n</return>",
            "<return type=\"village\"><row><name>x</name></row></return>\n<return/>",
            "<report type=\"village\"><row/></report>",
            "<?xml version=\"1.0\"?>\n",
        ].map { Array($0.utf8) }
        for bytes in documents {
            let scanned = XMLFuzz.read(bytes, chunkSize: chunkSize)
            #expect(scanned == XMLFuzz.read(bytes, chunkSize: chunkSize, expatOnly: true), "\(String(decoding: bytes, as: UTF8.self))")
        }
    }

    /// A return with a document type declaration is read by expat from its start, whatever the
    /// scanner had read before it.
    @Test(arguments: [1, 5, 1 << 20])
    func aReturnWithADTDIsReadByExpat(chunkSize: Int) {
        let comment = "<!--" + String(repeating: "注", count: 2000) + "-->\n"
        let xml = "<?xml version=\"1.0\"?>\n\(comment)<!DOCTYPE return [<!ENTITY v \"东岙\">]>\n<return type=\"village\"><row><name>&v;村</name></row></return>"
        #expect(XMLFuzz.read(Array(xml.utf8), chunkSize: chunkSize) == XMLFuzz.Outcome(
            encoding: "UTF-8", rootType: "village", rows: [Self.row(4, ["", "东岙村", ""])]))
    }

    @Test func truncatedFileKeepsTheRowsBeforeTheCut() throws {
        let cut = Self.villageReturn.range(of: "<name>西岙")!.upperBound
        let reader = try XMLReturnReader(bytes: Array(Self.villageReturn[..<cut].utf8))
        reader.bindFields(Self.villageKeys)
        #expect(try reader.nextRow() == Self.villageRows[0])
        #expect(throws: ReadProblem.malformedXML(line: 10, column: 13, reason: "no element found")) {
            try reader.nextRow()
        }
    }

    @Test func emptyReturn() throws {
        let reader = try XMLReturnReader(bytes: Array(#"<return type="enterprise"/>"#.utf8))
        #expect(try reader.readRoot() == "enterprise")
        #expect(try reader.nextRow() == nil)
    }

    @Test func rootIsReadBeforeLaterProblemsAndFailureIsSticky() throws {
        let reader = try XMLReturnReader(bytes: Array(#"<return type="village"><row></return>"#.utf8))
        #expect(try reader.readRoot() == "village")
        for _ in 0..<2 {
            #expect(throws: ReadProblem.malformedXML(line: 1, column: 31, reason: "mismatched tag")) {
                try reader.nextRow()
            }
        }
    }

    @Test func invalidUTF8ReportsItsOffset() {
        let start = Array("<return type=\"village\"><row><name>东".utf8)
        #expect(Self.readAll(start + [0xFF] + Array("岙村</name></row></return>".utf8)).problem
            == .invalidBytes(encoding: "UTF-8", offset: start.count))
        #expect(Self.readAll(start + [0xE5, 0xB2]).problem == .invalidBytes(encoding: "UTF-8", offset: start.count))
        let tag = Array("<return type=\"village\"><row><na".utf8)
        #expect(Self.readAll(tag + [0xC0, 0x80] + Array("me/></row></return>".utf8)).problem
            == .invalidBytes(encoding: "UTF-8", offset: tag.count))
    }

    @Test func unpairedSurrogateInUTF16ReportsItsOffset() {
        let start = Self.utf16("<return type=\"village\"><row><name>东", littleEndian: true, byteOrderMark: true)
        let rest = Self.utf16("村</name></row></return>", littleEndian: true, byteOrderMark: false)
        #expect(Self.readAll(start + [0x00, 0xDC] + rest).problem == .invalidBytes(encoding: "UTF-16LE", offset: start.count))
    }

    @Test func invalidGBBytesReportTheirOffsetInTheFile() throws {
        let start = try Self.gb2312("<?xml version=\"1.0\" encoding=\"GB2312\"?><return type=\"village\"><row><name>东")
        let bytes = start + [0x80] + Array("</name></row></return>".utf8)
        #expect(Self.readAll(bytes).problem == .invalidBytes(encoding: "GB18030", offset: start.count))
        #expect(Self.readAll(bytes, chunkSize: 7).problem == .invalidBytes(encoding: "GB18030", offset: start.count))
    }

    /// A tag cut by bytes that cannot be transcoded, holding a character no name may hold before
    /// them: the XML error comes first, however the file is cut into chunks. (Fed a byte at a time,
    /// expat waits for more bytes before it looks again at a tag it has begun, so the bad bytes
    /// used to be reported instead; the fuzz test found it.)
    @Test func anXMLErrorBeforeUntranscodableBytesComesFirstWhateverTheChunks() throws {
        let fixture = try #require(FileManager.default.contents(atPath: TestSupport.repositoryRoot
            + "/Tests/HuizongTests/Fixtures/returns/village-gb2312.xml"))
        let rowEnd = try #require(fixture.range(of: Data("</row>".utf8)))
        // BE C9 B3 CF: two GB2312 characters; AA B4: a user-defined GB18030 character (U+E013),
        // which no XML name may hold; E5: a character cut short by the end of the file.
        let bytes = Array(fixture[..<rowEnd.lowerBound]) + Array("\n    <village_e>\n    <name".utf8)
            + [0xBE, 0xC9, 0xB3, 0xCF, 0xAA, 0xB4, 0xE5]
        let whole = try #require(Self.readAll(bytes).problem)
        guard case .malformedXML = whole else {
            Testing.Issue.record("expected the invalid name character to be reported, got \(whole)")
            return
        }
        for chunkSize in [1, 2, 3, 7, 808] {
            #expect(Self.readAll(bytes, chunkSize: chunkSize).problem == whole, "chunks of \(chunkSize)")
        }
    }

    @Test func billionLaughsIsStoppedByExpatsAmplificationLimit() {
        var entities = #"<!ENTITY lol0 "lol">"#
        for level in 1...9 {
            entities += "\n<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
        }
        let xml = "<!DOCTYPE return [\(entities)\n]>\n<return type=\"village\"><row><name>&lol9;</name></row></return>"
        let outcome = Self.readAll(Array(xml.utf8))
        #expect(outcome.rows.isEmpty)
        #expect(outcome.problem == .entityAmplification(line: 12))
    }

    @Test(arguments: [
        (#"<!DOCTYPE return [<!ENTITY x SYSTEM "file:///etc/passwd">]>"#, "<name>&x;</name>"),
        (#"<!DOCTYPE return [<!ENTITY x SYSTEM "file:///etc/passwd">]>"#, "<name>x</name>"),
        (#"<!DOCTYPE return [<!ENTITY % x SYSTEM "file:///etc/passwd"> %x;]>"#, "<name>x</name>"),
        (#"<!DOCTYPE return SYSTEM "file:///etc/passwd">"#, "<name>x</name>"),
        (#"<!DOCTYPE return PUBLIC "-//huizong//return" "http://localhost:9/return.dtd">"#, "<name>x</name>"),
    ])
    func externalEntitiesAreRefusedUnloaded(doctype: String, field: String) {
        let xml = "<?xml version=\"1.0\"?>\n\(doctype)\n<return type=\"village\"><row>\(field)</row></return>"
        let outcome = Self.readAll(Array(xml.utf8))
        #expect(outcome.problem == .externalEntity(line: 2))
        #expect(!outcome.rows.contains { $0.row.cells.contains { $0.contains("root:") } })
    }

    @Test func nestingIsLimitedTo32Levels() throws {
        func nested(_ levels: Int) -> [UInt8] {
            let inner = levels - 3
            let open = String(repeating: "<b>", count: inner), close = String(repeating: "</b>", count: inner)
            return Array("<return type=\"village\"><row><name>\(open)x\(close)</name></row></return>".utf8)
        }
        #expect(Self.readAll(nested(32)).rows == [Self.row(1, ["", "x", ""], structured: [1])])
        #expect(Self.readAll(nested(33)).problem == .tooDeep(levels: 32))
    }

    @Test func fieldTextIsLimitedTo1MiB() {
        func row(_ text: String) -> [UInt8] {
            Array("<return type=\"village\"><row><name>\(text)</name></row></return>".utf8)
        }
        let mebibyte = String(repeating: "岙", count: (1 << 20) / 3) + "x"
        #expect(Self.readAll(row(mebibyte)).rows.first?.row.cells[1] == mebibyte)
        #expect(Self.readAll(row(mebibyte + "x")).problem == .tooLarge(limit: "1 MiB"))
    }

    @Test func rowIsLimitedTo4MiB() {
        let field = "<name>" + String(repeating: "x", count: 1 << 20) + "</name>"
        let xml = "<return type=\"village\"><row>" + String(repeating: field, count: 4) + "</row></return>"
        #expect(Self.readAll(Array(xml.utf8)).problem == .tooLarge(limit: "4 MiB"))
    }

    @Test func manyEmptyFieldsCountTowardsTheRowLimit() {
        let xml = "<return type=\"village\"><row>" + String(repeating: "<a/>", count: 1 << 17) + "</row></return>"
        #expect(Self.readAll(Array(xml.utf8)).problem == .tooLarge(limit: "4 MiB"))
    }

    @Test func incompleteTokenIsLimitedTo1MiB() {
        let xml = "<return type=\"village\"><row><!--" + String(repeating: "x", count: 2 << 20) + "--></row></return>"
        #expect(Self.readAll(Array(xml.utf8)).problem == .tooLarge(limit: "1 MiB"))
    }

    // MARK: Helpers

    static func row(_ line: Int, _ cells: [String], structured: [Int] = [], unknown: [String] = [],
                    repeated: [XMLRow.RepeatedField] = []) -> XMLRow {
        XMLRow(row: SourceRow(number: line, cells: cells, structuredCells: structured), unknownElements: unknown,
               repeatedFields: repeated)
    }

    /// The rows of `reader`, bound to `keys`.
    static func rows(of reader: XMLReturnReader, keys: [String] = villageKeys) throws -> [XMLRow] {
        reader.bindFields(keys)
        var rows: [XMLRow] = []
        while let row = try reader.nextRow() {
            rows.append(row)
        }
        return rows
    }

    /// Every row read, bound to the village keys, before the problem that stopped the reading, and
    /// that problem.
    static func readAll(_ bytes: [UInt8], chunkSize: Int = XMLReturnReader.defaultChunkSize)
        -> (rows: [XMLRow], problem: ReadProblem?) {
        var rows: [XMLRow] = []
        do throws(ReadProblem) {
            let reader = try XMLReturnReader(bytes: bytes, chunkSize: chunkSize)
            reader.bindFields(villageKeys)
            while let row = try reader.nextRow() {
                rows.append(row)
            }
            return (rows, nil)
        } catch {
            return (rows, error)
        }
    }

    static func utf16(_ text: String, littleEndian: Bool, byteOrderMark: Bool) -> [UInt8] {
        let units = (byteOrderMark ? [0xFEFF] : []) + Array(text.utf16)
        return units.flatMap { unit in
            let (high, low) = (UInt8(unit >> 8), UInt8(unit & 0xFF))
            return littleEndian ? [low, high] : [high, low]
        }
    }

    /// `text` in GB2312, converted by the system's iconv rather than by code under test.
    static func gb2312(_ text: String) throws -> [UInt8] {
        let iconv = Process()
        iconv.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        iconv.arguments = ["-f", "UTF-8", "-t", "GB2312"]
        let input = Pipe()
        let output = Pipe()
        iconv.standardInput = input
        iconv.standardOutput = output
        try iconv.run()
        try input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
        try input.fileHandleForWriting.close()
        let bytes = output.fileHandleForReading.readDataToEndOfFile()
        iconv.waitUntilExit()
        return Array(bytes)
    }
}
