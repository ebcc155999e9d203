import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// Spreadsheets written by real producers (LibreOffice, odfpy; Fixtures/ods/README.md) read as
/// odfpy reads them, and hand-built ones for the edges no producer writes.
///
/// The reference is odfpy's document tree rather than pandas (`read_excel(engine="odf")`): pandas
/// 3.1.1 fails on LibreOffice's time cells (`PT10H30M00S`: "NaTType does not support time") and
/// drops `<text:tab>`.
@Suite struct ODSReaderTests {
    static let fixtures = TestSupport.repositoryRoot + "/Tests/HuizongTests/Fixtures/ods"
    static let fixtureNames = ["enterprise-clean", "village-clean", "libreoffice-sheets", "odfpy-variants"]

    // MARK: Real producers

    /// Reads an .ods (argv 1) with odfpy's document tree and its text extraction, and prints every
    /// sheet as JSON: its name, whether its table style hides it, and its rows with content as
    /// [number, cells, number cells], shown as for .xlsx (numbers in Excel's General format, dates
    /// YYYY-MM-DD, times HH:MM, booleans TRUE/FALSE).
    static let odfpyReaderScript = #"""
    import json, re, sys
    from odf import teletype
    from odf.namespaces import OFFICENS, STYLENS, TABLENS, TEXTNS
    from odf.opendocument import load

    def attribute(element, namespace, name):
        return element.attributes.get((namespace, name))

    def number(stored):
        if "e" in stored.lower(): return stored.upper()
        return "%.15g" % float(stored)

    def date(stored):
        day, _, time = stored.partition("T")
        fields = re.match(r"[0-9:]*", time).group(0).split(":") if time else []
        if len(fields) < 2 or all(set(f) <= {"0"} for f in fields): return day
        return day + " " + fields[0] + ":" + fields[1] + (":" + fields[2] if len(fields) > 2 and set(fields[2]) - {"0"} else "")

    def time(stored):
        m = re.fullmatch(r"PT(\d+)H(\d+)M(\d+)(?:\.\d+)?S", stored)
        h, mi, s = (int(g) for g in m.groups())
        return "%02d:%02d" % (h + mi // 60, mi % 60) + (":%02d" % s if s else "")

    def shown(cell):
        """The cell's text and whether it is a number cell."""
        if cell.qname == (TABLENS, "covered-table-cell"): return "", False
        kind = attribute(cell, OFFICENS, "value-type")
        if kind in ("float", "percentage", "currency"): return number(attribute(cell, OFFICENS, "value")), True
        if kind == "date": return date(attribute(cell, OFFICENS, "date-value")), False
        if kind == "time": return time(attribute(cell, OFFICENS, "time-value")), False
        if kind == "boolean": return attribute(cell, OFFICENS, "boolean-value").upper(), False
        paragraphs = [c for c in cell.childNodes if c.qname in ((TEXTNS, "p"), (TEXTNS, "h"))]
        return "\n".join(teletype.extractText(p) for p in paragraphs), False

    def rows(element):
        for child in element.childNodes:
            if child.qname == (TABLENS, "table-row"): yield child
            elif child.qname in ((TABLENS, "table-header-rows"), (TABLENS, "table-row-group"), (TABLENS, "table-rows")):
                yield from rows(child)

    doc = load(sys.argv[1])
    hidden = set()
    for style in doc.automaticstyles.childNodes:
        if style.qname == (STYLENS, "style") and attribute(style, STYLENS, "family") == "table":
            for properties in style.childNodes:
                if properties.qname == (STYLENS, "table-properties") and attribute(properties, TABLENS, "display") == "false":
                    hidden.add(attribute(style, STYLENS, "name"))
    sheets = []
    for table in doc.spreadsheet.childNodes:
        if table.qname != (TABLENS, "table"): continue
        out, number_of_rows = [], 0
        for row in rows(table):
            cells, numbers = [], []
            for cell in row.childNodes:
                if cell.qname not in ((TABLENS, "table-cell"), (TABLENS, "covered-table-cell")): continue
                text, is_number = shown(cell)
                for _ in range(int(attribute(cell, TABLENS, "number-columns-repeated") or 1)):
                    if text and is_number: numbers.append(len(cells))
                    cells.append(text)
            while cells and not cells[-1]: cells.pop()
            repeats = int(attribute(row, TABLENS, "number-rows-repeated") or 1)
            if cells:
                out += [[number_of_rows + i + 1, cells, [n for n in numbers if n < len(cells)]] for i in range(repeats)]
            number_of_rows += repeats
        sheets.append({"name": attribute(table, TABLENS, "name"), "hidden": attribute(table, TABLENS, "style-name") in hidden, "rows": out})
    print(json.dumps(sheets, ensure_ascii=False))
    """#

    struct ReadSheet: Equatable, CustomStringConvertible {
        var name: String
        var isHidden: Bool
        var rows: [SourceRow]

        var description: String { "\(name)\(isHidden ? " (hidden)" : ""): \(rows)" }
    }

    @Test(arguments: fixtureNames)
    func fixtureReadsAsOdfpyReadsIt(name: String) throws {
        let path = "\(Self.fixtures)/\(name).ods"
        let result = try BinaryRunner.runProgram("/usr/bin/env", ["python3", "-c", Self.odfpyReaderScript, path])
        try #require(result.status == 0, "python3 failed (pip install -r Tests/interop-requirements.txt): \(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let expected = json.map { sheet in
            ReadSheet(name: sheet["name"] as! String, isHidden: sheet["hidden"] as! Bool, rows: (sheet["rows"] as! [[Any]]).map {
                SourceRow(number: $0[0] as! Int, cells: $0[1] as! [String], numberCells: $0[2] as! [Int])
            })
        }
        #expect(try Self.read(path) == expected)
    }

    /// A return LibreOffice wrote reads as the CSV it was made from (dates typed as dates included).
    @Test(arguments: ["enterprise-clean", "village-clean"])
    func returnReadsAsItsCSV(name: String) throws {
        let sheets = try Self.read("\(Self.fixtures)/\(name).ods")
        let csv = try XLSXReaderTests.rows(of: CSVReader(path: "\(TestSupport.repositoryRoot)/Tests/HuizongTests/Fixtures/returns/\(name).csv"))
        #expect(sheets.count == 1)
        #expect(sheets.first?.rows.map(\.cells) == csv.map(\.cells))
        #expect(sheets.first?.rows.map(\.number) == Array(1...csv.count))
    }

    @Test func libreOfficeWorkbookOfManySheets() throws {
        let workbook = try ODSWorkbook(path: "\(Self.fixtures)/libreoffice-sheets.ods", limits: WorkbookLimits())
        #expect(workbook.sheets == [
            WorkbookSheet(name: "空白", isHidden: false), WorkbookSheet(name: "说明", isHidden: true),
            WorkbookSheet(name: "企业创建情况表", isHidden: false),
        ])
        #expect(try XLSXReaderTests.rows(of: workbook.rows(ofSheet: 0)) == [], "a million empty rows")
        let rows = try XLSXReaderTests.rows(of: workbook.rows(ofSheet: 2))
        #expect(rows.map(\.number) == Array(1...9))
        #expect(rows[0].cells == ["2009年度企业创建情况表"], "the merged title's covered cells are empty")
        #expect(rows[2] == SourceRow(number: 3, cells: ["宁波东岙  机械   有限公司", "2009-06-25", "0.955", "1200.5", "1", "2401", "甲\t乙"],
                                     numberCells: [2, 3, 4, 5]), "the annotation on A3 is not its text")
        #expect(rows[3].cells == ["宁波西岙纺织有限公司", "2009-07-01 10:30", "0.5", "0", "0", "0", "第一行\n第二行"])
        #expect(rows[8].cells == ["", "", "", "", "", "#DIV/0!", "末行"])
    }

    @Test func odfpyVariants() throws {
        let workbook = try ODSWorkbook(path: "\(Self.fixtures)/odfpy-variants.ods", limits: WorkbookLimits())
        let rows = try XLSXReaderTests.rows(of: workbook.rows(ofSheet: 0))
        let repeated = SourceRow(number: 2, cells: ["同一行", "7", "7"], numberCells: [1, 2])
        #expect(rows == [
            SourceRow(number: 1, cells: ["名称", "人数", "人数2", "是否", "时间", "日期", "备注"]),
            repeated, with(repeated) { $0.number = 3 }, with(repeated) { $0.number = 4 },
            SourceRow(number: 5, cells: ["宁波东岙机械", "0.3", "1200.5", "TRUE", "10:30", "2009-06-25", "第一行\n第二行\t甲   乙"],
                      numberCells: [1, 2]),
            SourceRow(number: 6, cells: ["", "", "FALSE", "", "", "", "五", "五"]),
            SourceRow(number: 100_007, cells: ["2009-07-01 10:30", "-84.5"], numberCells: [1]),
        ])
    }

    // MARK: Hand-built spreadsheets

    @Test func repeatedEmptyRowsAndCellsCostNothing() throws {
        let path = try Self.handBuilt(sheets: """
            <table:table table:name="甲"><table:table-column table:number-columns-repeated="16384"/>\
            <table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>\
            <table:table-row><table:table-cell table:number-columns-repeated="16383"/>\
            <table:table-cell office:value-type="float" office:value="1"/></table:table-row>\
            <table:table-row><table:table-cell office:value-type="string"><text:p>末</text:p></table:table-cell>\
            <table:table-cell table:number-columns-repeated="2000000000"/></table:table-row>\
            <table:table-row table:number-rows-repeated="9223372036854775807"><table:table-cell/></table:table-row>\
            <table:table-row table:number-rows-repeated="9223372036854775807"><table:table-cell/></table:table-row></table:table>
            """)
        let rows = try XLSXReaderTests.rows(of: ODSWorkbook(path: path, limits: WorkbookLimits()).rows(ofSheet: 0))
        #expect(rows.map(\.number) == [1_048_575, 1_048_576])
        #expect(rows.first?.cells.count == 16_384)
        #expect(rows.first?.numberCells == [16_383])
        #expect(rows.last?.cells == ["末"])
    }

    @Test func textAsTheSpreadsheetShowsIt() throws {
        let cells = [
            "<text:p>  东岙\n\t 村  </text:p>", "<text:p>甲<text:s/><text:s text:c=\"2\"/>乙 <text:s/></text:p>",
            "<text:p>a<text:span> b </text:span> c</text:p><text:p/><text:p>d</text:p>",
            "<office:annotation><text:p>批注</text:p></office:annotation><text:p>e<text:line-break/>f<text:tab/></text:p>",
            "<text:h>标题</text:h><draw:frame><draw:text-box><text:p>图</text:p></draw:text-box></draw:frame>",
            "<text:p><text:a xlink:href=\"http://example.com\">链接</text:a><text:s text:c=\"0\"/>!</text:p>",
        ].map { "<table:table-cell office:value-type=\"string\">\($0)</table:table-cell>" }.joined()
        let path = try Self.handBuilt(sheets: "<table:table table:name=\"甲\"><table:table-row>\(cells)</table:table-row></table:table>")
        #expect(try XLSXReaderTests.rows(of: ODSWorkbook(path: path, limits: WorkbookLimits()).rows(ofSheet: 0)).map(\.cells) == [
            ["东岙 村", "甲   乙  ", "a b c\n\nd", "e\nf\t", "标题", "链接!"],
        ])
    }

    @Test func valuesAsTheOtherFormatsShowThem() throws {
        let cells = [
            #"office:value-type="float" office:value="2.9999999999999996""#, #"office:value-type="float" office:value="9.1330206144101101E+17""#,
            #"office:value-type="percentage" office:value="0.15""#, #"office:value-type="currency" office:currency="CNY" office:value="-3.0""#,
            #"office:value-type="date" office:date-value="2009-06-15T00:00:00""#, #"office:value-type="date" office:date-value="2009-06-15T10:30:15""#,
            #"office:value-type="time" office:time-value="P1DT02H05M00S""#, #"office:value-type="time" office:time-value="PT0H0M7.25S""#,
            #"office:value-type="boolean" office:boolean-value="false""#, #"office:value-type="float""#,
            #"office:value-type="float" office:value="1" calcext:value-type="error""#, #"office:value-type="time" office:time-value="junk""#,
        ].map { "<table:table-cell \($0)><text:p>shown</text:p></table:table-cell>" }.joined()
        let path = try Self.handBuilt(sheets: "<table:table table:name=\"甲\"><table:table-rows><table:table-row>\(cells)</table:table-row></table:table-rows></table:table>")
        #expect(try XLSXReaderTests.rows(of: ODSWorkbook(path: path, limits: WorkbookLimits()).rows(ofSheet: 0)) == [
            SourceRow(number: 1, cells: ["3", "9.1330206144101101E+17", "0.15", "-3", "2009-06-15", "2009-06-15 10:30:15", "26:05", "00:00:07",
                                         "FALSE", "shown", "1", "junk"], numberCells: [0, 1, 2, 3, 10]),
        ])
    }

    /// Reading a sheet stops at its end: a later sheet's damage does not reach it, and two sheets
    /// read at once do not disturb each other.
    @Test func sheetsReadApartAndAtOnce() throws {
        let path = try Self.handBuilt(sheets: """
            <table:table table:name="甲" table:style-name="ta1"><table:table-header-rows><table:table-row><table:table-cell \
            office:value-type="string"><text:p>一</text:p></table:table-cell></table:table-row></table:table-header-rows>\
            <table:table-row-group><table:table-row><table:table-cell office:value-type="float" office:value="2"/></table:table-row>\
            </table:table-row-group></table:table>\
            <table:table table:name="乙" table:style-name="ta2"><table:table-row><table:table-cell office:value-type="string">\
            <text:p>二</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="x"/>\
            </table:table-row></table:table>
            """, styles: """
            <style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style>\
            <style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>
            """)
        let workbook = try ODSWorkbook(path: path, limits: WorkbookLimits())
        #expect(workbook.sheets == [WorkbookSheet(name: "甲", isHidden: false), WorkbookSheet(name: "乙", isHidden: true)])
        let first = try workbook.rows(ofSheet: 0), second = try workbook.rows(ofSheet: 1)
        #expect(try first.nextRow()?.cells == ["一"])
        #expect(try second.nextRow()?.cells == ["二"])
        #expect(try first.nextRow() == SourceRow(number: 2, cells: ["2"], numberCells: [0]))
        #expect(try first.nextRow() == nil)
        #expect(try first.nextRow() == nil)
        #expect(throws: ReadProblem.corruptWorkbook(reason: "table:number-columns-repeated “x” is not a positive whole number")) {
            try second.nextRow()
        }
        #expect(first.encoding == "UTF-8")
    }

    /// Spreadsheets that are broken inside: each is refused with a problem, never a crash.
    @Test func brokenSpreadsheetsAreRefused() throws {
        let content = Self.content(sheets: #"<table:table table:name="甲"><table:table-row><table:table-cell/></table:table-row></table:table>"#)
        let row = { (cells: String) in Self.content(sheets: "<table:table table:name=\"甲\"><table:table-row>\(cells)</table:table-row></table:table>") }
        let nested = String(repeating: "<text:span>", count: 100) + String(repeating: "</text:span>", count: 100)
        let text = #"<table:table-cell office:value-type="string"><text:p>字</text:p></table:table-cell>"#
        let cases: [(what: String, parts: [String: String?], expected: ReadProblem?)] = [
            ("a text document", ["mimetype": "application/vnd.oasis.opendocument.text"],
             .corruptWorkbook(reason: "the package is “application/vnd.oasis.opendocument.text”, not an OpenDocument spreadsheet")),
            ("no mimetype, but a spreadsheet", ["mimetype": nil], nil),
            ("no mimetype and a text", ["mimetype": nil, "content.xml": "<office:document-content xmlns:office=\"o\"><office:body>"
                                        + "<office:text/></office:body></office:document-content>"],
             .corruptWorkbook(reason: "content.xml holds no office:spreadsheet")),
            ("no content", ["content.xml": nil], .corruptWorkbook(reason: "content.xml is missing")),
            ("an .xlsx", ["mimetype": nil, "content.xml": nil, "xl/workbook.xml": "<workbook/>"],
             .corruptWorkbook(reason: "not an OpenDocument package")),
            ("no sheet", ["content.xml": Self.content(sheets: "")], .noWorksheet),
            ("an empty content.xml", ["content.xml": ""], .corruptWorkbook(reason: "content.xml is empty")),
            ("encrypted", ["META-INF/manifest.xml": """
                <manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry \
                manifest:full-path="content.xml"><manifest:encryption-data manifest:checksum="x"/></manifest:file-entry></manifest:manifest>
                """], .encryptedWorkbook),
            ("cut short", ["content.xml": String(content.dropLast(10))], .corruptWorkbook(reason: "content.xml ends before its root element does")),
            ("invalid XML", ["content.xml": row("<table:table-cell><text:p>字</text:q></table:table-cell>")], .malformedXML(line: 1, column: 0, reason: "")),
            ("an end tag first", ["content.xml": "</table:table>" + content],
             .corruptWorkbook(reason: "content.xml ends an element it did not start")),
            ("a document type", ["content.xml": "<!DOCTYPE d [<!ENTITY t \"<table:table>\">]>" + content],
             .corruptWorkbook(reason: "content.xml has a document type declaration")),
            ("a malformed sheet tag", ["content.xml": content.replacingOccurrences(of: "table:name=\"甲\"", with: "table:name=\"&甲;\"")],
             .corruptWorkbook(reason: "content.xml has a malformed tag <table:table table:name=\"&甲;\">")),
            ("a row number 0", ["content.xml": content.replacingOccurrences(of: "<table:table-row>", with: "<table:table-row table:number-rows-repeated=\"0\">")],
             .corruptWorkbook(reason: "table:number-rows-repeated “0” is not a positive whole number")),
            ("a row with content past the last", ["content.xml": Self.content(sheets: """
                <table:table table:name="甲"><table:table-row table:number-rows-repeated="1048576"/>\
                <table:table-row>\(text)</table:table-row></table:table>
                """)], .tooLarge(limit: "1048576 rows")),
            ("a row with content repeated past the last", ["content.xml": Self.content(sheets: """
                <table:table table:name="甲"><table:table-row table:number-rows-repeated="1048577">\(text)</table:table-row></table:table>
                """)], .tooLarge(limit: "1048576 rows")),
            ("a cell with content past the last column", ["content.xml": row("<table:table-cell table:number-columns-repeated=\"16384\"/>\(text)")],
             .tooLarge(limit: "16384 columns")),
            ("a cell with content repeated past the last column",
             ["content.xml": row(text.replacingOccurrences(of: "<table:table-cell", with: "<table:table-cell table:number-columns-repeated=\"16385\""))],
             .tooLarge(limit: "16384 columns")),
            ("a billion spaces", ["content.xml": row("<table:table-cell><text:p><text:s text:c=\"1000000000\"/></text:p></table:table-cell>")],
             .tooLarge(limit: "4 MiB")),
            ("a row over 4 MiB", ["content.xml": row(String(repeating: "<table:table-cell><text:p>\(String(repeating: "字", count: 100))</text:p></table:table-cell>",
                                                             count: 16_000))], .tooLarge(limit: "4 MiB")),
            ("nesting 100 deep", ["content.xml": row("<table:table-cell><text:p>\(nested)</text:p></table:table-cell>")], .tooDeep(levels: 64)),
        ]
        let folder = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(folder) }
        for (index, broken) in cases.enumerated() {
            let path = "\(folder)/\(index).ods"
            try Self.write(Self.parts(replacing: broken.parts), to: path)
            let problem = Self.readingProblem(path)
            if case .malformedXML? = broken.expected {
                #expect(problem.map { if case .malformedXML = $0 { true } else { false } } == true, "\(broken.what): \(String(describing: problem))")
            } else {
                #expect(problem == broken.expected, "\(broken.what)")
            }
        }
    }

    @Test func zipBombIsRefusedBeforeItInflates() throws {
        let path = try TestSupport.temporaryFolder() + "/bomb.ods"
        try XLSXReaderTests.zip([path: XLSXReaderTests.entries(Self.parts().compactMapValues { $0 }.filter { $0.key != "content.xml" })
                                 + [["name": "content.xml", "zeros": 500 << 20]]])
        #expect(Self.readingProblem(path) == .workbookTooLarge(limit: "200:1 compression"))
        #expect(Self.readingProblem("\(Self.fixtures)/odfpy-variants.ods", limits: WorkbookLimits(totalBytes: 1000))
                == .workbookTooLarge(limit: "1000 bytes"))
    }

    @Test func filesThatAreNoSpreadsheet() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(folder) }
        let whole = try Data(contentsOf: URL(fileURLWithPath: "\(Self.fixtures)/odfpy-variants.ods"))
        let files: [(name: String, bytes: Data, expected: (ReadProblem) -> Bool)] = [
            ("truncated.ods", whole.prefix(whole.count / 2), XLSXReaderTests.isCorrupt),
            ("empty.ods", Data(), { $0 == .empty }),
            ("text.ods", Data("统一社会信用代码,企业名称\n".utf8), XLSXReaderTests.isCorrupt),
            ("compound.ods", Data(WorkbookArchive.compoundFileMagic + [UInt8](repeating: 0, count: 600)), { $0 == .encryptedWorkbook }),
        ]
        for file in files {
            try file.bytes.write(to: URL(fileURLWithPath: folder + "/" + file.name))
            let problem = Self.readingProblem(folder + "/" + file.name)
            #expect(problem.map(file.expected) == true, "\(file.name): \(String(describing: problem))")
        }
    }

    /// The start tags of the first levels are found wherever the chunks split the document, and
    /// not in comments, CDATA sections, processing instructions or attribute values.
    @Test func outlineScannerFindsTheFirstLevels() throws {
        let document = Array("""
            \u{FEFF}<?xml version="1.0"?><!-- <fake> --><a x='>' y="<b>"><?pi <c>?><b/><b z="1"><c><d><e>\
            <![CDATA[ <f> ]]></e></d></c></b>text &amp; <g></g></a>
            """.utf8)
        func tags(splitAt split: Int) throws -> [String] {
            var scanner = ODSOutlineScanner(maxDepth: 3)
            var found: [String] = []
            for chunk in [Array(document[..<split]), Array(document[split...])] {
                try scanner.scan(chunk) { (tag, depth) throws(ReadProblem) in found.append("\(depth) " + String(decoding: tag, as: UTF8.self)) }
            }
            try scanner.finish("content.xml")
            return found
        }
        let expected = [#"1 <a x='>' y="<b>">"#, "2 <b/>", #"2 <b z="1">"#, "3 <c>", "2 <g>"]
        for split in 0...document.count {
            #expect(try tags(splitAt: split) == expected, "split at \(split)")
        }
        var scanner = ODSOutlineScanner(maxDepth: 3)
        try scanner.scan(Array("<a><b>".utf8)) { (_, _) throws(ReadProblem) in }
        #expect(throws: ReadProblem.corruptWorkbook(reason: "content.xml ends before its root element does")) { try scanner.finish("content.xml") }
    }

    @Test func durationsAsTimes() {
        let cases: [(String, String?)] = [
            ("PT10H30M00S", "10:30"), ("PT10H30M15S", "10:30:15"), ("PT00H00M00S", "00:00"), ("PT36H", "36:00"),
            ("P1DT2H", "26:00"), ("PT90M", "01:30"), ("-PT1H", "-01:00"), ("PT1H2.5S", "01:00:02"), ("10:30", nil),
            ("PT", "00:00"), ("P1H", nil), ("PTxH", nil), ("PT1234567890H", nil),
        ]
        for (stored, shown) in cases {
            #expect(ODSValueType.time(stored) == shown, "\(stored)")
        }
    }

    /// Prints how fast the spreadsheet at `HUIZONG_ODS_BENCH` opens and reads, for a release build:
    ///
    ///     HUIZONG_ODS_BENCH=/tmp/big.ods swift test -c release --filter ODSReaderTests/speed
    @Test(.enabled(if: ProcessInfo.processInfo.environment["HUIZONG_ODS_BENCH"] != nil))
    func speed() throws {
        let path = try #require(ProcessInfo.processInfo.environment["HUIZONG_ODS_BENCH"])
        let clock = ContinuousClock()
        var workbook: ODSWorkbook?
        let opening = try clock.measure { workbook = try ODSWorkbook(path: path, limits: WorkbookLimits()) }
        var count = 0
        let reading = try clock.measure {
            let rows = try #require(workbook).rows(ofSheet: 0)
            while try rows.nextRow() != nil { count += 1 }
        }
        let seconds = Double(reading.components.seconds) + Double(reading.components.attoseconds) / 1e18
        print("ODS speed: opened (sheet names) in \(opening), read \(count) rows in \(reading): \(Int(Double(count) / seconds)) rows/s")
    }

    // MARK: Helpers

    static let namespaces = """
        xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
        xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" \
        xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" \
        xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" \
        xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" \
        xmlns:xlink="http://www.w3.org/1999/xlink" \
        xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
        """

    static func content(sheets: String, styles: String = "") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <office:document-content \(namespaces) office:version="1.3"><office:automatic-styles>\(styles)</office:automatic-styles>\
        <office:body><office:spreadsheet>\(sheets)</office:spreadsheet></office:body></office:document-content>
        """
    }

    /// The parts of a minimal spreadsheet with one sheet of one row.
    /// - Parameter replacing: parts to replace, or with nil to leave out.
    static func parts(sheets: String = #"<table:table table:name="甲"><table:table-row><table:table-cell/></table:table-row></table:table>"#,
                      styles: String = "", replacing: [String: String?] = [:]) -> [String: String?] {
        var parts: [String: String?] = [
            "mimetype": "application/vnd.oasis.opendocument.spreadsheet",
            "META-INF/manifest.xml": """
                <manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry \
                manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry \
                manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>
                """,
            "content.xml": content(sheets: sheets, styles: styles),
        ]
        parts.merge(replacing) { $1 }
        return parts
    }

    /// The parts to zip, in order: mimetype first, as ODF asks.
    static func ordered(_ parts: [String: String?]) -> [(name: String, data: [UInt8])] {
        parts.compactMapValues { $0 }.sorted { ($0.key == "mimetype" ? "" : $0.key) < ($1.key == "mimetype" ? "" : $1.key) }
            .map { ($0.key, Array($0.value.utf8)) }
    }

    /// Writes `parts` as a stored zip.
    static func write(_ parts: [String: String?], to path: String) throws {
        try Data(StoredZip.archive(ordered(parts))).write(to: URL(fileURLWithPath: path))
    }

    static func handBuilt(sheets: String, styles: String = "") throws -> String {
        let path = try TestSupport.temporaryFolder() + "/hand-built.ods"
        try write(parts(sheets: sheets, styles: styles), to: path)
        return path
    }

    /// Every sheet of the spreadsheet at `path`, read to its end.
    static func read(_ path: String) throws -> [ReadSheet] {
        let workbook = try ODSWorkbook(path: path, limits: WorkbookLimits())
        return try workbook.sheets.indices.map { index in
            ReadSheet(name: workbook.sheets[index].name, isHidden: workbook.sheets[index].isHidden,
                      rows: try XLSXReaderTests.rows(of: workbook.rows(ofSheet: index)))
        }
    }

    /// The problem that stops reading every sheet of the spreadsheet at `path` to its end, nil when
    /// they all read.
    static func readingProblem(_ path: String, limits: WorkbookLimits = WorkbookLimits()) -> ReadProblem? {
        do throws(ReadProblem) {
            let workbook = try ODSWorkbook(path: path, limits: limits)
            for index in workbook.sheets.indices {
                let rows = try workbook.rows(ofSheet: index)
                while try rows.nextRow() != nil {}
            }
            return nil
        } catch {
            return error
        }
    }
}

/// `value` changed by `change`.
private func with<T>(_ value: T, _ change: (inout T) -> Void) -> T {
    var copy = value
    change(&copy)
    return copy
}
