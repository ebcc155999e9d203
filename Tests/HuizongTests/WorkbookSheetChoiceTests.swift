import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// Which sheet of a workbook is read (PRODUCT §5, §12), and the quirks of real producers: a blank
/// first sheet, notes before the return, a sheet named after a type, hidden sheets, Strict OOXML,
/// .xlsm, and formulas whose result was never saved.
@Suite struct WorkbookSheetChoiceTests {
    let validator: ReturnValidator

    init() throws {
        validator = try Workspace(root: TestSupport.repositoryRoot).validator
    }

    /// A sheet of a workbook written by openpyxl: its rows, and whether its tab is hidden.
    struct Sheet: Encodable {
        var name: String
        var rows: [[String]]
        var hidden = false
    }

    /// Writes the sheets with openpyxl to a workbook named `name`, in a folder of its own.
    static func workbook(_ sheets: [Sheet], named name: String = "报表.xlsx") throws -> String {
        let folder = try TestSupport.temporaryFolder()
        let spec = folder + "/sheets.json"
        try JSONEncoder().encode(sheets).write(to: URL(fileURLWithPath: spec))
        let path = folder + "/" + name
        try XLSXReaderTests.python("""
            import json, sys, openpyxl
            wb = openpyxl.Workbook()
            wb.remove(wb.active)
            for sheet in json.load(open(sys.argv[1], encoding="utf-8")):
                ws = wb.create_sheet(sheet["name"])
                for row in sheet["rows"]:
                    ws.append([int(v) if v.isdigit() and len(v) < 6 else (v or None) for v in row])
                if sheet["hidden"]: ws.sheet_state = "hidden"
            wb.save(sys.argv[2])
            """, [spec, path])
        return path
    }

    static let header = EnterpriseReturn.labels
    static let rows = [EnterpriseReturn.row(0), EnterpriseReturn.row(1)]

    func codes(_ report: FileReport) -> [String] {
        report.issues.map(\.code.rawValue)
    }

    @Test func aBlankFirstSheetIsPassedOver() throws {
        let path = try Self.workbook([Sheet(name: "Sheet1", rows: []), Sheet(name: "Sheet2", rows: [Self.header] + Self.rows)])
        let report = validator.validate(path: path, name: "报表.xlsx")
        #expect(codes(report) == [])
        #expect(report.rowsAccepted == 2)
        #expect(report.sheet?.read == "Sheet2" && report.sheet?.others == ["Sheet1"])
    }

    @Test func notesBeforeTheReturnArePassedOver() throws {
        let path = try Self.workbook([
            Sheet(name: "填报说明", rows: [["请在第二张表中填报。"], ["金额单位：元"]]),
            Sheet(name: "数据", rows: [["2009年企业创建情况"], Self.header] + Self.rows),
        ])
        let report = validator.validate(path: path, name: "报表.xlsx")
        #expect(codes(report) == [])
        #expect(report.rowsAccepted == 2)
        #expect(report.sheet?.read == "数据")
    }

    /// A sheet named after a type is read even when another sheet comes first; visible sheets are
    /// looked through before hidden ones.
    @Test func aSheetNamedAfterATypeAndVisibleSheetsComeFirst() throws {
        let named = try Self.workbook([
            Sheet(name: "Sheet1", rows: [Self.header, EnterpriseReturn.row(2)]),
            Sheet(name: "企业创建情况表", rows: [Self.header] + Self.rows),
        ])
        #expect(validator.validate(path: named, name: "报表.xlsx").rowsAccepted == 2)

        let hiddenFirst = try Self.workbook([
            Sheet(name: "旧表", rows: [Self.header, EnterpriseReturn.row(2)], hidden: true),
            Sheet(name: "新表", rows: [Self.header] + Self.rows),
        ])
        let report = validator.validate(path: hiddenFirst, name: "报表.xlsx")
        #expect(report.sheet?.read == "新表")
        #expect(report.rowsAccepted == 2)
    }

    /// No sheet holds a return: the message names the sheet read (the first with anything on it)
    /// and the others.
    @Test func noMatchingSheetNamesTheSheets() throws {
        let path = try Self.workbook([
            Sheet(name: "Sheet1", rows: []),
            Sheet(name: "汇总", rows: [["村名", "人数"], ["东岙村", "12"]]),
            Sheet(name: "备注", rows: [["无"]]),
        ])
        let report = validator.validate(path: path, name: "报表.xlsx")
        #expect(codes(report) == ["unknown-return-type"])
        let message = try #require(report.issues.first).message(.zh)
        #expect(message.hasSuffix("读取的是工作表“汇总”，文件中另有工作表“Sheet1”、“备注”。"))
        #expect(try #require(report.issues.first).message(.en)
            .hasSuffix("The sheet read was “汇总”; the workbook also has “Sheet1”, “备注”."))
    }

    @Test func aWorkbookOfEmptySheetsIsEmpty() throws {
        let path = try Self.workbook([Sheet(name: "Sheet1", rows: []), Sheet(name: "Sheet2", rows: [[""]])])
        let report = validator.validate(path: path, name: "报表.xlsx")
        #expect(report.issues.map(\.finding) == [.unreadable(.empty)])
        #expect(report.issues.first?.sheet == nil)
    }

    /// A file-level issue found after the header names the sheet; a one-sheet workbook names it alone.
    @Test func aHeaderIssueNamesTheSheet() throws {
        let header = Self.header.filter { $0 != "企业名称" }
        let path = try Self.workbook([Sheet(name: "企业", rows: [header])])
        let report = validator.validate(path: path, name: "报表.xlsx")
        let missing = try #require(report.issues.first { $0.code == .missingLabel })
        #expect(missing.message(.zh).hasSuffix("读取的是工作表“企业”。"))
    }

    /// Strict OOXML (Excel's "Strict Open XML" format: other namespaces) and a macro
    /// workbook (.xlsm, its macros never run) read as the same rows as the workbook they were made from.
    @Test func strictAndMacroWorkbooksReadLikeTheirTwin() throws {
        let transitional = try Self.workbook([Sheet(name: "企业创建情况表", rows: [Self.header] + Self.rows)])
        let folder = try TestSupport.temporaryFolder()
        try XLSXReaderTests.python("""
            import sys, zipfile
            source, folder = sys.argv[1:3]
            strict = {
                b"http://schemas.openxmlformats.org/spreadsheetml/2006/main": b"http://purl.oclc.org/ooxml/spreadsheetml/main",
                b"http://schemas.openxmlformats.org/officeDocument/2006/relationships": b"http://purl.oclc.org/ooxml/officeDocument/relationships",
            }
            with zipfile.ZipFile(source) as z, zipfile.ZipFile(folder + "/strict.xlsx", "w", zipfile.ZIP_DEFLATED) as s, \\
                 zipfile.ZipFile(folder + "/macro.xlsm", "w", zipfile.ZIP_DEFLATED) as m:
                for item in z.infolist():
                    data = z.read(item)
                    if item.filename == "[Content_Types].xml":
                        m.writestr(item.filename, data.replace(b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml")
                                   .replace(b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'))
                    else:
                        m.writestr(item.filename, data)
                    for old, new in strict.items(): data = data.replace(old, new)
                    s.writestr(item.filename, data)
                m.writestr("xl/vbaProject.bin", b"\\xd0\\xcf\\x11\\xe0 macros that are never run")
            """, [transitional, folder])
        let twin = validator.validate(path: transitional, name: "报表.xlsx")
        #expect(twin.rowsAccepted == 2 && twin.issues.isEmpty)
        for name in ["strict.xlsx", "macro.xlsm"] {
            let report = validator.validate(path: folder + "/" + name, name: name)
            #expect(report.format == "xlsx")
            #expect(report.issues == [], "\(name)")
            #expect(report.rowsAccepted == 2, "\(name)")
        }
        let strictRows = try XLSXReaderTests.rows(of: XLSXReader.opening(path: folder + "/strict.xlsx", preferredSheetNames: []))
        let twinRows = try XLSXReaderTests.rows(of: XLSXReader.opening(path: transitional, preferredSheetNames: []))
        #expect(strictRows.map(\.cells) == twinRows.map(\.cells))
    }

    /// A .zip a clerk packed the return into, renamed .xlsx: the message names what is inside and
    /// asks for the return itself.
    @Test func aZipOfReturnsIsToldToBeUnpacked() throws {
        let folder = try TestSupport.temporaryFolder()
        let path = folder + "/报表.xlsx"
        try XLSXReaderTests.python("""
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[2], "w") as z:
                z.write(sys.argv[1], "六月/企业报表.xlsx")
                z.writestr("六月/说明.txt", "请查收")
            """, [TestSupport.repositoryRoot + "/Tests/HuizongTests/Fixtures/producers/enterprise-openpyxl.xlsx", path])
        let report = validator.validate(path: path, name: "报表.xlsx")
        let issue = try #require(report.issues.first)
        #expect(report.issues.count == 1)
        #expect(issue.finding == .unreadable(.filesInArchive(["企业报表.xlsx", "说明.txt"])))
        #expect(issue.message(.zh) == "这是一个压缩文件，里面装着“企业报表.xlsx”、“说明.txt”，它本身不是报表。请解压后，把其中的报表文件直接报送。")
    }

    /// The column letters of a 0-based column before AA.
    static func letters(_ column: Int) -> String {
        String(UnicodeScalar(UInt8(ascii: "A") + UInt8(column)))
    }

    /// A formula whose result was never saved is not "required": the message says what happened.
    @Test func aFormulaWithoutItsResultSaysSo() throws {
        var cells = EnterpriseReturn.row(0).enumerated().map { column, value in
            "<c r=\"\(Self.letters(column))2\" t=\"inlineStr\"><is><t>\(value)</t></is></c>"
        }
        cells[4] = "<c r=\"E2\"><f>F2+2</f></c>"
        let header = Self.header.enumerated().map { column, label in
            "<c r=\"\(Self.letters(column))1\" t=\"inlineStr\"><is><t>\(label)</t></is></c>"
        }
        let path = try XLSXReaderTests.handBuiltWorkbook(rows: """
            <row r="1">\(header.joined())</row><row r="2">\(cells.joined())</row>
            """)
        let report = validator.validate(path: path, name: "报表.xlsx")
        let issue = try #require(report.issues.first)
        #expect(report.issues.count == 1)
        #expect(issue.code == .typeError)
        #expect(issue.finding == .unsavedFormula)
        #expect(issue.message(.zh).contains("没有保存它的计算结果"))
        #expect(report.rowsRejected == 1)
    }
}
