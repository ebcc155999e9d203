import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// The .xlsx writer, read back by a real consumer: openpyxl 3.1.5 (Tests/interop-requirements.txt).
@Suite struct WorkbookWriterTests {
    typealias Cell = Worksheet.Cell
    typealias Column = Worksheet.Column

    /// Prints, as JSON, what openpyxl sees in the workbook at argv[1]: per sheet its name, state, frozen
    /// pane, column widths and formats, data validations, and every cell with a value or a style.
    /// Strings are unescaped (`_xHHHH_`) as Excel reads them; dates become `YYYY-MM-DD`.
    static let openpyxlScript = """
    import datetime, json, sys, openpyxl
    from openpyxl.utils.escape import unescape
    wb = openpyxl.load_workbook(sys.argv[1])
    sheets = []
    for ws in wb.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is None and not c.has_style:
                    continue
                v = c.value
                if isinstance(v, str):
                    v = unescape(v)
                elif isinstance(v, datetime.datetime):
                    v = v.date().isoformat()
                cells[c.coordinate] = {
                    "value": v, "type": c.data_type, "format": c.number_format, "bold": bool(c.font.b),
                    "fill": c.fill.fgColor.rgb if c.fill.fill_type == "solid" else None,
                    "wrap": bool(c.alignment.wrap_text),
                    "comment": [c.comment.text, c.comment.author] if c.comment else None,
                }
        sheets.append({
            "name": ws.title, "state": ws.sheet_state, "freeze": ws.freeze_panes, "maxRow": ws.max_row,
            "widths": {k: d.width for k, d in ws.column_dimensions.items() if d.customWidth},
            "columnFormats": {k: d.number_format for k, d in ws.column_dimensions.items()},
            "validations": [{
                "type": dv.type, "formula1": dv.formula1, "sqref": str(dv.sqref), "promptTitle": dv.promptTitle,
                "prompt": dv.prompt, "showInputMessage": bool(dv.showInputMessage),
            } for dv in ws.data_validations.dataValidation],
            "cells": cells,
        })
    print(json.dumps(sheets, ensure_ascii=False))
    """

    /// What openpyxl reports for one sheet.
    struct SheetSeen {
        var json: [String: Any]
        var name: String? { json["name"] as? String }
        var cells: [String: [String: Any]] { json["cells"] as? [String: [String: Any]] ?? [:] }
        var validations: [[String: Any]] { json["validations"] as? [[String: Any]] ?? [] }

        func value(_ reference: String) -> Any? { cells[reference]?["value"] }
        func string(_ reference: String, _ key: String = "value") -> String? { cells[reference]?[key] as? String }
    }

    static func readWithOpenpyxl(_ path: String) throws -> [SheetSeen] {
        let result = try BinaryRunner.runProgram("/usr/bin/env", ["python3", "-c", openpyxlScript, path])
        try #require(result.status == 0, "openpyxl could not read the workbook (pip install -r Tests/interop-requirements.txt): \(result.stderr)")
        let sheets = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
        return try #require(sheets).map(SheetSeen.init)
    }

    /// A return sheet with what a template and an error report use: text-formatted code columns,
    /// drop-downs with prompts, comments, red cells, a frozen header and 30 columns (to AD).
    static func returnSheet() -> Worksheet {
        var header = (0..<30).map { Cell.string("列\($0 + 1)", style: .bold) }
        header[0] = .string("统一社会信用代码", style: .bold)
        header[1] = .string("企业名称", style: [.bold, .wrapText])
        header[2] = .string("创建等级", style: .bold)
        var row = Array(repeating: Cell.empty, count: 30)
        row[0] = .string("91330206MA2856XX0L")
        row[1] = .string("宁波东岙塑料制品有限公司")
        row[2] = .string("优秀秀", style: .redFill)
        row[3] = .number(42)
        row[4] = .number(-3.25)
        row[5] = .date(year: 2009, month: 6, day: 25)
        row[6] = .empty
        row[7] = .string("=1+1")
        row[8] = .string("  前导空格")
        row[9] = .string("尾随空格 ")
        row[10] = .string("响铃\u{7}与\u{1}控制符")
        row[11] = .string("回车\r换行\n制表\t")
        row[12] = .string("_x0041_ 字面")
        row[13] = .string("<&\"'>")
        row[26] = .string("AA 列")
        row[27] = .number(27)
        row[29] = .string("AD 列")
        var second = Array(repeating: Cell.empty, count: 4)
        second[0] = .string("0574")
        second[3] = Cell(.empty, style: .redFill)
        return Worksheet(
            name: "企业创建情况表",
            columns: [Column(width: 22, isText: true), Column(width: 30), Column(width: 10), Column(), Column(),
                      Column(width: 12.5)],
            rows: [header, row, second],
            frozenRows: 1,
            dataValidations: [
                .init(range: .columns(2...2, fromRow: 1), allowedValues: ["优秀", "良好", "合格", "不合格"],
                      promptTitle: "创建等级", prompt: "从下拉列表中选择"),
                .init(range: .columns(14...15, fromRow: 1), allowedValues: ["是", "否"]),
                .init(range: .init(columns: 0...0, rows: 1...999), promptTitle: "必填", prompt: "18 位代码\n以文本输入"),
            ],
            comments: [
                .init(column: 0, row: 0, author: "huizong", text: "必填"),
                .init(column: 29, row: 0, author: "汇总", text: "第 30 列\n说明"),
            ])
    }

    @Test func openpyxlReadsBackValuesFormatsAndLayout() throws {
        let path = try TestSupport.temporaryFolder() + "/企业.xlsx"
        let notes = Worksheet(name: "说明", rows: [[.string("请按模板填写")]])
        try WorkbookWriter.write(Workbook(sheets: [Self.returnSheet(), notes]), to: path)
        let sheets = try Self.readWithOpenpyxl(path)

        #expect(sheets.map(\.name) == ["企业创建情况表", "说明"])
        let sheet = try #require(sheets.first)
        #expect(sheet.json["freeze"] as? String == "A2")
        #expect(sheets[1].json["freeze"] == nil || sheets[1].json["freeze"] is NSNull)

        #expect(sheet.string("A1") == "统一社会信用代码")
        #expect(sheet.cells["A1"]?["bold"] as? Bool == true)
        #expect(sheet.cells["B1"]?["wrap"] as? Bool == true)
        #expect(sheet.string("A2") == "91330206MA2856XX0L")
        #expect(sheet.string("B2") == "宁波东岙塑料制品有限公司")
        #expect(sheet.value("D2") as? Double == 42)
        #expect(sheet.string("D2", "type") == "n")
        #expect(sheet.value("E2") as? Double == -3.25)
        #expect(sheet.string("F2") == "2009-06-25")
        #expect(sheet.string("F2", "type") == "d")
        #expect(sheet.string("F2", "format") == "yyyy-mm-dd")
        #expect(sheet.cells["G2"] == nil)
        #expect(sheet.string("H2") == "'=1+1")   // defused: text, and Excel would not run it if re-entered
        #expect(sheet.string("H2", "type") == "s")
        #expect(sheet.string("I2") == "  前导空格")
        #expect(sheet.string("J2") == "尾随空格 ")
        #expect(sheet.string("K2") == "响铃\u{7}与\u{1}控制符")
        #expect(sheet.string("L2") == "回车\r换行\n制表\t")
        #expect(sheet.string("M2") == "_x0041_ 字面")
        #expect(sheet.string("N2") == "<&\"'>")
        #expect(sheet.string("AA2") == "AA 列")
        #expect(sheet.value("AB2") as? Double == 27)
        #expect(sheet.cells["AC2"] == nil)
        #expect(sheet.string("AD2") == "AD 列")
        #expect(sheet.string("AD1") == "列30")

        // The code column is text, cell and column alike, so codes typed later keep their zeros.
        #expect(sheet.string("A2", "format") == "@")
        #expect(sheet.string("A3", "format") == "@")
        #expect(sheet.string("B2", "format") == "General")
        let columnFormats = try #require(sheet.json["columnFormats"] as? [String: String])
        #expect(columnFormats["A"] == "@")
        #expect(columnFormats["B"] == "General")
        let widths = try #require(sheet.json["widths"] as? [String: Double])
        #expect(widths == ["A": 22, "B": 30, "C": 10, "F": 12.5])

        let redCells = sheet.cells.filter { $0.value["fill"] is String }
        #expect(Set(redCells.keys) == ["C2", "D3"])
        #expect(sheet.string("C2", "fill") == "FFFFC7CE")

        #expect(sheet.cells["A1"]?["comment"] as? [String] == ["必填", "huizong"])
        #expect(sheet.cells["AD1"]?["comment"] as? [String] == ["第 30 列\n说明", "汇总"])
        #expect(sheet.cells.filter { !($0.value["comment"] is NSNull) }.count == 2)

        let validations = sheet.validations
        #expect(validations.count == 3)
        #expect(validations.first?["type"] as? String == "list")
        #expect(validations.first?["formula1"] as? String == "\"优秀,良好,合格,不合格\"")
        #expect(validations.first?["sqref"] as? String == "C2:C1048576")
        #expect(validations.first?["promptTitle"] as? String == "创建等级")
        #expect(validations.first?["prompt"] as? String == "从下拉列表中选择")
        #expect(validations.first?["showInputMessage"] as? Bool == true)
        #expect(validations.dropFirst().first?["formula1"] as? String == "\"是,否\"")
        #expect(validations.dropFirst().first?["sqref"] as? String == "O2:P1048576")
        #expect(validations.last?["type"] is NSNull)
        #expect(validations.last?["sqref"] as? String == "A2:A1000")
        #expect(validations.last?["prompt"] as? String == "18 位代码\n以文本输入")
    }

    /// An inline list holds at most 255 characters and no commas; longer lists and lists with commas
    /// live on a hidden sheet. Sheet names Excel would refuse are made acceptable.
    @Test func listsThatCannotBeInlineGoToAHiddenSheet() throws {
        let path = try TestSupport.temporaryFolder() + "/lists.xlsx"
        let units = (1...60).map { "单位\($0)号" }
        let sheet = Worksheet(name: "a/b", rows: [[.string("单位"), .string("备注")]], dataValidations: [
            .init(range: .columns(0...0, fromRow: 1), allowedValues: units),
            .init(range: .columns(1...1, fromRow: 1), allowedValues: ["甲,乙", "丙"]),
            .init(range: .columns(2...2, fromRow: 1), allowedValues: units),
        ])
        try WorkbookWriter.write(Workbook(sheets: [sheet, Worksheet(name: "A_B")]), to: path)
        let sheets = try Self.readWithOpenpyxl(path)

        #expect(sheets.map(\.name) == ["a_b", "A_B (2)", "下拉列表"])
        #expect(sheets.map { $0.json["state"] as? String } == ["visible", "visible", "hidden"])
        let formulas = sheets[0].validations.map { $0["formula1"] as? String }
        #expect(formulas == ["'下拉列表'!$A$1:$A$60", "'下拉列表'!$B$1:$B$2", "'下拉列表'!$A$1:$A$60"])
        let lists = sheets[2]
        #expect(lists.string("A1") == "单位1号")
        #expect(lists.string("A60") == "单位60号")
        #expect(lists.string("B1") == "甲,乙")
        #expect(lists.string("B2") == "丙")
        #expect(lists.cells["B3"] == nil)
    }

    /// Excel calls a workbook damaged when a prompt's title passes 32 characters or its text 255.
    @Test func promptsAreCutToExcelsLimits() throws {
        let path = try TestSupport.temporaryFolder() + "/prompts.xlsx"
        let validation = Worksheet.DataValidation(range: .columns(0...0, fromRow: 1),
                                                  promptTitle: String(repeating: "题", count: 40),
                                                  prompt: String(repeating: "示", count: 300))
        try WorkbookWriter.write(Workbook(sheets: [Worksheet(name: "表", dataValidations: [validation])]), to: path)
        let seen = try #require(Self.readWithOpenpyxl(path).first?.validations.first)
        #expect(seen["promptTitle"] as? String == String(repeating: "题", count: 32))
        #expect(seen["prompt"] as? String == String(repeating: "示", count: 255))
    }

    /// Rows come from a lazy sequence and are never all in memory; Excel's row limit is the only bound.
    @Test func rowsAreStreamedFromASequence() throws {
        let path = try TestSupport.temporaryFolder() + "/long.xlsx"
        let rows = (0..<20_000).lazy.map { i -> [Cell] in [.number(Double(i)), .string("第\(i)行")] }
        try WorkbookWriter.write(Workbook(sheets: [Worksheet(name: "长表", rows: rows)]), to: path)
        let script = """
        import sys, openpyxl
        ws = openpyxl.load_workbook(sys.argv[1], read_only=True).worksheets[0]
        rows = list(ws.iter_rows(values_only=True))
        print(len(rows), rows[-1][0], rows[-1][1])
        """
        let result = try BinaryRunner.runProgram("/usr/bin/env", ["python3", "-c", script, path])
        try #require(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "20000 19999 第19999行\n")
    }

    @Test func everyPartIsWellFormedXML() throws {
        let folder = try TestSupport.temporaryFolder()
        let path = folder + "/企业.xlsx"
        var lists = Worksheet(name: "选项")
        lists.dataValidations = [.init(range: .columns(0...0, fromRow: 0), allowedValues: ["甲,乙"])]
        try WorkbookWriter.write(Workbook(sheets: [Self.returnSheet(), lists]), to: path)
        let script = """
        import sys, zipfile
        with zipfile.ZipFile(sys.argv[1]) as z:
            z.extractall(sys.argv[2])
            print("\\n".join(z.namelist()))
        """
        let parts = folder + "/parts"
        let unzip = try BinaryRunner.runProgram("/usr/bin/env", ["python3", "-c", script, path, parts])
        try #require(unzip.status == 0, "\(unzip.stderr)")
        let names = unzip.stdout.split(separator: "\n").map(String.init)
        #expect(names == [
            "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
            "xl/worksheets/sheet1.xml", "xl/worksheets/_rels/sheet1.xml.rels", "xl/worksheets/sheet2.xml",
            "xl/worksheets/sheet3.xml", "xl/styles.xml", "xl/comments1.xml", "xl/drawings/vmlDrawing1.vml",
            "docProps/core.xml", "docProps/app.xml",
        ])
        let lint = try BinaryRunner.runProgram("/usr/bin/env", ["xmllint", "--noout"] + names.map { parts + "/" + $0 })
        #expect(lint.status == 0, "\(lint.stderr)")
    }

    /// No dates in the package: a template written today equals the committed one.
    @Test func theSameWorkbookGivesTheSameBytes() throws {
        let folder = try TestSupport.temporaryFolder()
        try WorkbookWriter.write(Workbook(sheets: [Self.returnSheet()]), to: folder + "/1.xlsx")
        try WorkbookWriter.write(Workbook(sheets: [Self.returnSheet()]), to: folder + "/2.xlsx")
        let first = try #require(FileManager.default.contents(atPath: folder + "/1.xlsx"))
        #expect(first == FileManager.default.contents(atPath: folder + "/2.xlsx"))
    }

    @Test func replacesTheOldFileAndLeavesNoScratchFiles() throws {
        let folder = try TestSupport.temporaryFolder()
        let path = folder + "/outbox/errors/企业-错误.xlsx"
        try AtomicFile.write("old".utf8, to: path)
        try WorkbookWriter.write(Workbook(sheets: [Self.returnSheet()]), to: path)
        let bytes = try #require(FileManager.default.contents(atPath: path))
        #expect(bytes.prefix(4) == Data([0x50, 0x4B, 0x03, 0x04]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/outbox/errors") == ["企业-错误.xlsx"])
    }

    /// Root ignores folder permissions, so an unwritable place is made by putting a file where a folder belongs.
    @Test func anUnwritablePathThrowsOutputError() throws {
        let folder = try TestSupport.temporaryFolder()
        try AtomicFile.write("not a folder".utf8, to: folder + "/outbox")
        let path = folder + "/outbox/企业.xlsx"
        let error = try #require(throws: OutputError.self) {
            try WorkbookWriter.write(Workbook(sheets: [Worksheet(name: "表")]), to: path)
        }
        #expect(error.path == path)
        #expect(error.errorNumber == ENOTDIR)
    }

    @Test(arguments: [(0, "A"), (25, "Z"), (26, "AA"), (27, "AB"), (29, "AD"), (51, "AZ"), (52, "BA"),
                      (701, "ZZ"), (702, "AAA"), (16_383, "XFD")])
    func columnNames(column: Int, name: String) {
        #expect(CellAddress.columnName(column) == name)
    }

    /// Day numbers as Excel shows them, including its phantom 1900-02-29 (serial 60).
    @Test(arguments: [((1900, 1, 1), 1), ((1900, 2, 28), 59), ((1900, 3, 1), 61), ((1970, 1, 1), 25_569),
                      ((2009, 6, 25), 39_989), ((2024, 2, 29), 45_351), ((9999, 12, 31), 2_958_465)])
    func dateSerials(date: (Int, Int, Int), serial: Int) {
        #expect(SheetXML.serial(year: date.0, month: date.1, day: date.2) == serial)
    }

    @Test(arguments: [(1899, 12, 31), (2009, 2, 29), (2009, 13, 1), (10_000, 1, 1)])
    func datesExcelCannotShowHaveNoSerial(date: (Int, Int, Int)) {
        #expect(SheetXML.serial(year: date.0, month: date.1, day: date.2) == nil)
    }

    @Test(arguments: [(42.0, "42"), (-3.25, "-3.25"), (-0.0, "0"), (0.1, "0.1"), (1e20, "1e+20"), (123_456_789_012.5, "123456789012.5")])
    func numberTexts(number: Double, text: String) {
        #expect(SheetXML.numberText(number) == text)
    }

    @Test(arguments: [
        ("a<b>&c", false, "a&lt;b&gt;&amp;c"),
        ("say \"hi\"", true, "say &quot;hi&quot;"),
        ("say \"hi\"", false, "say \"hi\""),
        ("a\u{1}b\u{1F}", false, "a_x0001_b_x001F_"),
        ("\u{FFFE}\u{FFFF}", false, "_xFFFE__xFFFF_"),
        ("_x0041_ _x41_ _xZZZZ_", false, "_x005F_x0041_ _x41_ _xZZZZ_"),
        ("line\r\nnext\ttab", false, "line&#13;\nnext\ttab"),
        ("line\r\nnext\ttab", true, "line&#13;&#10;next&#9;tab"),
        ("统一社会信用代码", false, "统一社会信用代码"),
    ])
    func xmlEscaping(text: String, inAttribute: Bool, escaped: String) {
        #expect(XMLText.escaped(text, inAttribute: inAttribute) == escaped)
    }

    @Test func blanksAtEitherEndArePreserved() {
        #expect(XMLText.textElement(" a") == "<t xml:space=\"preserve\"> a</t>")
        #expect(XMLText.textElement("a\n") == "<t xml:space=\"preserve\">a\n</t>")
        #expect(XMLText.textElement("a b") == "<t>a b</t>")
    }

    @Test func sheetNamesAreMadeAcceptable() {
        var names = SheetNames()
        let given = ["企业", "企业", "[a]:*?/\\", "'quoted'", "''", "HISTORY", String(repeating: "长", count: 40), String(repeating: "长", count: 40)]
        #expect(given.map { names.claim($0) } == [
            "企业", "企业 (2)", "_a______", "quoted", "Sheet", "HISTORY (2)",
            String(repeating: "长", count: 31), String(repeating: "长", count: 27) + " (2)",
        ])
    }
}
