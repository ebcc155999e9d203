/// `XMLScanner` against expat, the parser it stands in for: the same events and start-tag
/// positions for every well-formed part, whether it arrives whole or in chunks of any size; the same refusals, with
/// expat's reasons and places, for malformed ones; and, on mutated sheets, the same verdict.
///
/// The fuzz test's 3,000 cases take about 2 s in a debug build; `HUIZONG_FUZZ_ITERATIONS` and
/// `HUIZONG_FUZZ_SEED` work as for the other fuzz tests (FuzzTests.swift).
import Testing
@testable import Huizong

@Suite struct XMLScannerTests {
    /// A sheet part with what writers put in one: a declaration and a byte order mark, prefixed
    /// and unprefixed names, inline and shared strings, rich text, entities and character
    /// references, line ends of every kind in text and attributes, CDATA, comments, processing
    /// instructions, empty elements, single quotes, white space inside tags, names beyond ASCII.
    static let sheet = Array("""
        \u{FEFF}<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r
        <!-- 汇总 -->
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:x="urn:x"><dimension ref="A1:C3"/>\
        <sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>统一社会信用代码</t></is></c><c r="B1" t="s"><v>0</v></c></row>\r
        <row r='2' spans="1:3" ><c r="A2" t="inlineStr"><is><r><t>甲&amp;乙</t></r><r><t xml:space="preserve"> 丙&#x4E01;&#20013;</t></r>\
        <rPh><t>ヨミ</t></rPh></is></c><c r="B2"><v>35000.5</v></c><c r="C2" t="str"><f>A1&amp;"x"</f><v>a&lt;b&gt;c&quot;d&apos;e</v></c></row>
        <x:row r="3"><x:c r="A3" t="inlineStr"><x:is><x:t>第一行\r\n第二行\r第三行\n第四行</x:t></x:is></x:c><x:c r="B3" s="1"\r\n\t t="b"><x:v>1</x:v></x:c>\
        <x:c r="C3" t="inlineStr"><x:is><x:t><![CDATA[<西岙> & ]]]]><![CDATA[>村\r\n]]></x:t></x:is></x:c></x:row>
        <row r="4"><c r="A4" note="一\r\n二\t三&#10;四 &#9;" 名称="值"><?mso-application progid="Excel.Sheet"?><v>4</v></c><c r="B4"/></row>
        </sheetData><pageMargins left="0.7" right="0.7"/></worksheet>
        <!-- 末 -->\r\n
        """.utf8)

    /// The attributes whose values the event logs show, as both parsers are asked for them.
    static let attributeNames: [StaticString] = ["r", "t", "s", "ref", "spans", "note", "名称", "xml:space", "left", "a", "b", "x:y"]

    @Test func sameEventsAsExpatWholeAndInChunks() {
        let expected = Self.expat(Self.sheet)
        #expect(expected.problem == nil)
        #expect(expected.events.contains("text 甲&乙"))
        for size in [Self.sheet.count, 1, 2, 3, 4, 5, 7, 13, 64, 1000] {
            let scanned = Self.scan(Self.sheet, chunks: { _ in size })
            #expect(scanned.log == expected, "chunks of \(size)")
        }
    }

    @Test func pausesAtEveryRowEnd() {
        var builder = RecordingBuilder(pausesAtEnds: ["row", "x:row"])
        var scanner = XMLScanner()
        scanner.append(Self.sheet)
        scanner.finishInput()
        var pauses = 0
        var progress = XMLScanner.Progress.paused
        while progress != .finished {
            #expect(throws: Never.self) { progress = try scanner.scan(into: &builder) }
            if progress == .paused {
                pauses += 1
                #expect(builder.log.events.last?.hasPrefix("end row") ?? false || builder.log.events.last == "end x:row")
            }
        }
        #expect(pauses == 4)
    }

    /// Malformed parts, each refused as expat refuses it: the same problem, reason and place.
    @Test(arguments: [
        "<a><b>", "<a>", "<a x=\"1\" x=\"2\"/>", "<a>&foo;</a>", "<a>&#0;</a>", "<a>&#xD800;</a>", "<a>&#x110000;</a>",
        "<a>]]></a>", "<a></b>", "<a/>x", "<a/><b/>", "<a x=\"1\"y=\"2\"/>", "<a><?xml version=\"1.0\"?></a>",
        "<a><!-- a -- b --></a>", "<a x=\"<\"/>", "<a x=1/>", "<a>\u{1}</a>", "<a x=\"\u{2}\"/>", "<1a/>",
        "<a>&amp</a>", "<a>&#x;</a>", "<a>&#12a;</a>", "<a\n  b=\"1\"\n>\n<c></d></a>", "<a>\n中文\n中<b></c></a>",
        "<a><![CDATA[x]]></a><![CDATA[y]]>", "<a><!DOCTYPE a></a>", "<a><b/ ></a>", "<a>\u{FFFE}</a>", "<a", "<a b=\"1",
        "<a><!--x", "<a><?p x", "<a><![CDATA[x", "<a x='1\"/>", "</a>", "<a></a >x", "",
        "<!-- only a comment -->", "<?xml version=\"1.0\"?>",
    ])
    func refusedAsExpatRefusesIt(document: String) {
        let bytes = Array(document.utf8)
        let expected = Self.expat(bytes)
        #expect(expected.problem != nil, "expat accepts \(document)")
        for size in [bytes.count, 1, 3] {
            #expect(Self.scan(bytes, chunks: { _ in size }).log.problem == expected.problem, "\(document), chunks of \(size)")
        }
    }

    /// Text before the root element is refused as expat refuses it, though expat places it at the
    /// `<` after it.
    @Test func textBeforeTheRootIsRefused() {
        let problem = Self.scan(Array(" x<a/>".utf8), chunks: { _ in 6 }).log.problem
        guard case .malformedXML(1, _, "not well-formed (invalid token)")? = problem else {
            Issue.record("\(String(describing: problem))")
            return
        }
        guard case .malformedXML(1, _, "not well-formed (invalid token)")? = Self.expat(Array(" x<a/>".utf8)).problem else {
            Issue.record("expat reads it")
            return
        }
    }

    @Test func bytesThatAreNotUTF8AreAnEncodingProblemAtTheirOffset() {
        for (bytes, offset) in [([0x3C, 0x61, 0x3E, 0xE4, 0xB8, 0x3C, 0x2F, 0x61, 0x3E], 3), ([0x3C, 0x61, 0x20, 0x62, 0x3D, 0x22, 0xFF, 0x22, 0x2F, 0x3E], 6),
                                ([0x3C, 0x61, 0x3E, 0xED, 0xA0, 0x80, 0x3C, 0x2F, 0x61, 0x3E], 3), ([0x3C, 0x61, 0x3E, 0xC0, 0xAF, 0x3C, 0x2F, 0x61, 0x3E], 3)] as [([UInt8], Int)] {
            for size in [bytes.count, 1] {
                #expect(Self.scan(bytes, chunks: { _ in size }).log.problem == .invalidBytes(encoding: "UTF-8", offset: offset))
            }
        }
    }

    /// The scanner stops at a document type declaration, though expat would read one, and says
    /// where it is: its entities are where attacks on XML parsers live, and a reader that meets
    /// one refuses it or hands the document to expat.
    @Test func aDocumentTypeDeclarationStopsTheScan() {
        let bytes = Array("<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY e \"x\">]>\n<a>&e;</a>".utf8)
        #expect(Self.expat(bytes).problem == nil)
        for size in [bytes.count, 1, 3] {
            #expect(Self.scan(bytes, chunks: { _ in size }).log.problem
                == .malformedXML(line: 2, column: 1, reason: "document type declaration"))
        }
    }

    /// A token is held whole up to 1 MiB; text is handed on in pieces however long it is.
    @Test func aTokenOverOneMiBIsTooLargeButTextIsNot() {
        let longText = Array("<a>".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 3 << 20) + Array("</a>".utf8)
        let read = Self.scan(longText, chunks: { _ in 1 << 16 })
        #expect(read.log.problem == nil)
        #expect(read.log.events == ["start a @1:1", "text " + String(repeating: "x", count: 3 << 20), "end"])
        let longTag = Array("<a b=\"".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 2 << 20) + Array("\"/>".utf8)
        #expect(Self.scan(longTag, chunks: { _ in 1 << 16 }).log.problem == .tooLarge(limit: "1 MiB"))
    }

    /// Mutated sheets: whatever expat reads, the scanner reads to the same events, whole and in
    /// random chunks; whatever expat refuses, the scanner refuses.
    @Test func mutatedSheetsGetExpatsVerdict() {
        // Left out: a DOCTYPE and the entity it declares, which the scanner refuses on purpose, and
        // U+FEFF, which the scanner allows in a name as XML's fifth edition does and expat does not.
        let tokens = XMLFuzz.tokens.filter { !$0.starts(with: Array("<!DOCTYPE".utf8)) && $0 != Array("&town;".utf8) && $0 != Array("\u{FEFF}".utf8) }
            + ["<c r=\"A9\" t=\"inlineStr\">", "<is><t>", "</t></is>", "</c>", "<v>", "</v>", "\r", "&#x4E2D;", "&lt;", "]]"].map { Array($0.utf8) }
        var failures = 0
        FuzzRun.forEachCase(salt: 0x5343_414E, base: 3000) { seed, index, random in
            let document = FuzzSupport.mutate(Self.sheet, &random, tokens: tokens)
            let expected = Self.expat(document)
            var chunkRandom = random
            let whole = Self.scan(document, chunks: { _ in document.count }).log
            let chunked = Self.scan(document, chunks: { _ in 1 + chunkRandom.below(40) }).log
            let agrees = { (log: EventLog) in
                expected.problem == nil ? log == expected : log.problem != nil || Self.isNewerNameCharacter(expected.problem, in: document)
            }
            guard agrees(whole), agrees(chunked), whole.problem == chunked.problem else {
                failures += 1
                Issue.record("""
                    the scanner and expat disagree (\(FuzzRun.caseLocation(seed: seed, index: index))):
                    document: \(FuzzSupport.show(document))
                    expat: \(expected.problem.map { "\($0)" } ?? "reads it")
                    scanner whole: \(whole.problem.map { "\($0)" } ?? "reads it"), in chunks: \(chunked.problem.map { "\($0)" } ?? "reads it")
                    """)
                return false
            }
            return true
        }
        #expect(failures == 0)
    }

    /// Mutated sheets of plainly written cells, which the .xlsx reader takes whole: the rows and
    /// the problem are those of the same builder given every tag, whole and in random chunks.
    @Test func cellsTakenWholeReadAsTheirTagsWhenMutated() throws {
        let workbook = try XLSXReaderTests.handBuiltWorkbook(rows: "", sharedStrings: ["<si><t>零</t></si>", "<si><t>东岙村</t></si>"])
        let structure = try WorkbookStructure(reading: WorkbookArchive(path: workbook, limits: WorkbookLimits()))
        let cells = #"<c r="A@" t="s"><v>1</v></c><c r="B@" t="inlineStr"><is><t>宁波东岙_x000D_机械</t></is></c>"#
            + #"<c r="C@" s="1"><v>39979</v></c><c r="D@" t="b"><v>0</v></c><c r="E@"><v>35000.5</v></c><c r="F@" t="s"/>"#
            + #"<c t="inlineStr"><is><t></t></is></c><c r="H@" t="e"><v>#N/A</v></c><c r="I@"><v>1.5E-3</v></c>"#
        let rows = (1...3).map { #"<row r="\#($0)">"# + cells.replacingOccurrences(of: "@", with: "\($0)") + "</row>" }.joined()
        let sheet = Array(#"<worksheet xmlns="urn:main"><sheetData>\#(rows)</sheetData></worksheet>"#.utf8)
        let tokens = ["<c r=\"B9\">", "<c r=\"A9\" t=\"inlineStr\">", "<is><t>", "</t></is>", "</c>", "<v>", "</v>", "\"", "'", " ",
                      "&amp;", "]]>", "]", "\n", "\r", "\u{1}", "\u{FFFF}", "甲", "r=\"A1\"", "t=\"s\"", "s=\"1\"", "t=\"str\"",
                      "<f>1</f>", "/>", "x", "9"].map { Array($0.utf8) }
        func read(_ document: [UInt8], takingCellsWhole: Bool, chunks: (Int) -> Int) -> ([SourceRow], ReadProblem?) {
            var rows: [SourceRow] = []
            let take = { (row: SourceRow?) in if let row { rows.append(row) } }
            let builder = XLSXRowBuilder(structure: structure, maxDepth: 64)
            if takingCellsWhole {
                var whole = builder
                let problem = Self.feed(document, to: &whole, chunks: chunks, atPause: { take($0.takeRow()) })
                return (rows, problem)
            }
            var tagByTag = TagByTag(builder: builder)
            let problem = Self.feed(document, to: &tagByTag, chunks: chunks, atPause: { take($0.takeRow()) })
            return (rows, problem)
        }
        let base = read(sheet, takingCellsWhole: true, chunks: { _ in sheet.count })
        #expect(base.1 == nil && base.0.count == 3 && base.0 == read(sheet, takingCellsWhole: false, chunks: { _ in sheet.count }).0)
        var failures = 0
        FuzzRun.forEachCase(salt: 0x5748_4F4C, base: 3000) { seed, index, random in
            let document = FuzzSupport.mutate(sheet, &random, tokens: tokens)
            let expected = read(document, takingCellsWhole: false, chunks: { _ in document.count })
            var chunkRandom = random
            let whole = read(document, takingCellsWhole: true, chunks: { _ in document.count })
            let chunked = read(document, takingCellsWhole: true, chunks: { _ in 1 + chunkRandom.below(40) })
            guard whole == expected, chunked == expected else {
                failures += 1
                Issue.record("""
                    cells taken whole read otherwise (\(FuzzRun.caseLocation(seed: seed, index: index))):
                    document: \(FuzzSupport.show(document))
                    tag by tag: \(expected)
                    whole: \(whole)
                    in chunks: \(chunked)
                    """)
                return false
            }
            return true
        }
        #expect(failures == 0)
    }

    /// An .xlsx row builder given every tag: it takes no cell whole.
    struct TagByTag: SheetRowBuilding {
        var builder: XLSXRowBuilder
        var isComplete: Bool { builder.isComplete }
        mutating func start(_ name: ScannedName, _ attributes: ScannedAttributes) throws(ReadProblem) { try builder.start(name, attributes) }
        mutating func end() throws(ReadProblem) -> Bool { try builder.end() }
        mutating func characters(_ utf8: UnsafeBufferPointer<UInt8>) throws(ReadProblem) { try builder.characters(utf8) }
        mutating func takeRow() -> SourceRow? { builder.takeRow() }
    }

    /// True when expat's problem is a character beyond ASCII in a name: the scanner allows what
    /// XML's fifth edition allows there, such as the CJK characters Unicode added after expat's
    /// tables, which no workbook writer puts in a name.
    static func isNewerNameCharacter(_ problem: ReadProblem?, in document: [UInt8]) -> Bool {
        guard case .malformedXML(let line, let column, "not well-formed (invalid token)")? = problem else { return false }
        // Bytes that are not UTF-8 after the problem do not move it.
        let text = String(decoding: document, as: UTF8.self)
        let lines = text.replacing("\r\n", with: "\n").unicodeScalars.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r" }
        guard line - 1 < lines.count, column - 1 < lines[line - 1].count else { return false }
        // Expat refuses a character that XML allows, and that is valid UTF-8 here, only where a name is.
        let character = lines[line - 1][lines[line - 1].index(lines[line - 1].startIndex, offsetBy: column - 1)]
        return character.value >= 0x80 && character.value != 0xFFFE && character.value != 0xFFFF
    }

    // MARK: - Reading with both

    /// The events of a document, text runs joined, up to the problem that stopped it.
    struct EventLog: Equatable {
        var events: [String] = []
        var problem: ReadProblem?
        private var text: [UInt8] = []

        mutating func start(_ name: String, _ attributes: [String], at position: some XMLPosition) {
            flush()
            events.append((["start " + name] + attributes + ["@\(position.line):\(position.column)"]).joined(separator: " "))
        }

        mutating func end(_ name: String?) {
            flush()
            events.append(name.map { "end " + $0 } ?? "end")
        }

        mutating func characters(_ utf8: UnsafeBufferPointer<UInt8>) {
            text.append(contentsOf: utf8)
        }

        mutating func flush() {
            guard !text.isEmpty else { return }
            events.append("text " + String(decoding: text, as: UTF8.self))
            text.removeAll()
        }

        static func == (a: EventLog, b: EventLog) -> Bool { a.events == b.events && a.problem == b.problem }
    }

    static func attributes(_ value: (StaticString) -> UnsafeBufferPointer<UInt8>?) -> [String] {
        attributeNames.compactMap { name in value(name).map { "\(name)=\(String(decoding: $0, as: UTF8.self))" } }
    }

    struct RecordingBuilder: XMLScanEvents {
        var log = EventLog()
        /// The elements whose end makes `end()` say a row is ready.
        var pausesAtEnds: Set<String> = []
        private var open: [String] = []

        init(pausesAtEnds: Set<String> = []) {
            self.pausesAtEnds = pausesAtEnds
        }

        mutating func start(_ name: ScannedName, _ attributes: ScannedAttributes, at position: ScannedPosition) -> Bool {
            open.append(name.string)
            log.start(name.string, XMLScannerTests.attributes(attributes.utf8), at: position)
            return false
        }

        mutating func end() -> Bool {
            let name = open.removeLast()
            log.end(pausesAtEnds.isEmpty ? nil : name)
            return pausesAtEnds.contains(name)
        }

        mutating func characters(_ utf8: UnsafeBufferPointer<UInt8>, at _: ScannedPosition) {
            log.characters(utf8)
        }
    }

    final class ExpatRecorder: ExpatParserDelegate {
        var log = EventLog()

        func parser(_ parser: ExpatParser, didStartElement name: XMLName, attributes: XMLAttributes) {
            log.start(name.string, XMLScannerTests.attributes(attributes.utf8), at: parser)
        }

        func parserDidEndElement(_ parser: ExpatParser) {
            log.end(nil)
        }

        func parser(_ parser: ExpatParser, foundCharacters utf8: UnsafeBufferPointer<UInt8>) {
            log.characters(utf8)
        }
    }

    static func expat(_ bytes: [UInt8]) -> EventLog {
        let recorder = ExpatRecorder()
        do throws(ReadProblem) {
            try ExpatParser(encoding: .utf8, delegate: recorder).parse(bytes[...], isFinal: true)
        } catch {
            recorder.log.problem = error
        }
        recorder.log.flush()
        return recorder.log
    }

    /// The document read by the scanner, fed in chunks of the sizes `chunks` gives.
    static func scan(_ bytes: [UInt8], chunks: (Int) -> Int) -> (log: EventLog, pauses: Int) {
        var builder = RecordingBuilder()
        var pauses = 0
        if let problem = feed(bytes, to: &builder, chunks: chunks, atPause: { _ in pauses += 1 }) {
            builder.log.problem = problem
        }
        builder.log.flush()
        return (builder.log, pauses)
    }

    /// Scans the document into `builder`, fed in chunks of the sizes `chunks` gives, calling
    /// `atPause` wherever the builder pauses the scan.
    ///
    /// - Returns: the problem that stopped the scan, nil when the document ended.
    static func feed<Builder: XMLScanEvents>(_ bytes: [UInt8], to builder: inout Builder, chunks: (Int) -> Int,
                                             atPause: (inout Builder) -> Void) -> ReadProblem? {
        var scanner = XMLScanner()
        var offset = 0
        do throws(ReadProblem) {
            while true {
                switch try scanner.scan(into: &builder) {
                case .paused:
                    atPause(&builder)
                case .documentType:
                    return scanner.documentTypeRefusal("document type declaration")
                case .needsBytes:
                    if offset < bytes.count {
                        let size = min(chunks(offset), bytes.count - offset)
                        scanner.append(Array(bytes[offset..<offset + size]))
                        offset += size
                    } else {
                        scanner.finishInput()
                    }
                case .finished:
                    return nil
                }
            }
        } catch {
            return error
        }
    }
}
