import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// Builds BIFF8 workbook streams record by record, for what no writer produces on demand:
/// strings split across CONTINUE records, every formula result, damaged records.
enum BIFFBuilder {
    static func record(_ type: UInt16, _ payload: [UInt8]) -> [UInt8] {
        CompoundFileBuilder.littleEndian16([type, UInt16(payload.count)]) + payload
    }

    static func bof(_ substream: UInt16, version: UInt16 = 0x0600) -> [UInt8] {
        record(0x0809, CompoundFileBuilder.littleEndian16([version, substream, 0, 0]) + [0, 0, 0, 0, 0, 0, 0, 0])
    }

    static let eof = record(0x000A, [])

    /// An XLUnicodeString: a 2-byte count, the flags, the characters in one or two bytes each.
    static func string(_ text: String, wide: Bool = true) -> [UInt8] {
        let units = Array(text.utf16)
        return CompoundFileBuilder.littleEndian16([UInt16(units.count)]) + [wide ? 1 : 0]
            + (wide ? CompoundFileBuilder.littleEndian16(units) : units.map { UInt8($0) })
    }

    /// A cell record: row and column (0-based) and XF index, then the value's bytes.
    static func cell(_ type: UInt16, _ row: Int, _ column: Int, xf: Int = 0, _ value: [UInt8]) -> [UInt8] {
        record(type, CompoundFileBuilder.littleEndian16([UInt16(row), UInt16(column), UInt16(xf)]) + value)
    }

    static func number(_ row: Int, _ column: Int, xf: Int = 0, _ value: Double) -> [UInt8] {
        cell(0x0203, row, column, xf: xf, (0..<8).map { UInt8(truncatingIfNeeded: value.bitPattern >> (8 * $0)) })
    }

    static func labelSST(_ row: Int, _ column: Int, _ index: Int) -> [UInt8] {
        cell(0x00FD, row, column, CompoundFileBuilder.littleEndian([UInt32(index)]))
    }

    /// XF records: one per number format id, so that XF `n` shows format `formats[n]`.
    static func extendedFormats(_ formats: [Int]) -> [UInt8] {
        formats.flatMap { record(0x00E0, CompoundFileBuilder.littleEndian16([0, UInt16($0)]) + [UInt8](repeating: 0, count: 16)) }
    }

    /// A workbook stream: the globals (their records after BOF, then a BOUNDSHEET8 for each sheet),
    /// then each sheet's substream.
    static func workbook(globals: [UInt8], sheets: [(name: String, state: UInt8, type: UInt8, records: [UInt8])]) -> [UInt8] {
        func boundSheet(_ sheet: (name: String, state: UInt8, type: UInt8, records: [UInt8]), at offset: Int) -> [UInt8] {
            let units = Array(sheet.name.utf16)
            return record(0x0085, CompoundFileBuilder.littleEndian([UInt32(offset)]) + [sheet.state, sheet.type, UInt8(units.count), 1]
                + CompoundFileBuilder.littleEndian16(units))
        }
        let globalsLength = bof(0x0005).count + globals.count + sheets.map { boundSheet($0, at: 0).count }.reduce(0, +) + eof.count
        var offset = globalsLength
        var boundSheets: [UInt8] = []
        var substreams: [UInt8] = []
        for sheet in sheets {
            boundSheets += boundSheet(sheet, at: offset)
            let substream = bof(sheet.type == 2 ? 0x0020 : 0x0010) + sheet.records + eof
            substreams += substream
            offset += substream.count
        }
        return bof(0x0005) + globals + boundSheets + eof + substreams
    }

    static func worksheet(_ name: String, _ records: [UInt8]) -> (name: String, state: UInt8, type: UInt8, records: [UInt8]) {
        (name, 0, 0, records)
    }
}

/// The .xls reader: on workbooks written by LibreOffice and xlwt (Tests/HuizongTests/Fixtures/xls/README.md),
/// each read as xlrd reads it, and on hand-built streams for the cases no writer produces.
@Suite struct XLSReaderTests {
    static let fixtures = ["libreoffice-enterprise.xls", "libreoffice-village.xls", "libreoffice-sheets.xls", "xlwt-variants.xls"]

    static func fixture(_ name: String) -> String {
        TestSupport.repositoryRoot + "/Tests/HuizongTests/Fixtures/xls/" + name
    }

    // MARK: Real writers, read as xlrd reads them

    /// Prints as JSON each worksheet of the workbook at argv 1 as xlrd reads it, cells shown as
    /// Excel shows them: rows with content only, each ending at its last cell with content.
    static let xlrdScript = """
    import decimal, json, sys, xlrd
    book = xlrd.open_workbook(sys.argv[1])

    def number(v):
        if v == int(v) and abs(v) < 1e15: return str(int(v))
        r = repr(v)
        if "e" in r: return r.upper()
        d = decimal.Decimal(r)
        shown = round(d, 15 - d.adjusted() - 1)
        text = format(shown, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text

    def date(v):
        y, m, d, hh, mm, ss = xlrd.xldate_as_tuple(v, book.datemode)
        text = "%04d-%02d-%02d" % (y, m, d)
        if hh or mm or ss: text += " %02d:%02d" % (hh, mm) + (":%02d" % ss if ss else "")
        return text

    def shown(cell):
        if cell.ctype == xlrd.XL_CELL_TEXT: return cell.value
        if cell.ctype == xlrd.XL_CELL_NUMBER: return number(cell.value)
        if cell.ctype == xlrd.XL_CELL_DATE: return date(cell.value)
        if cell.ctype == xlrd.XL_CELL_BOOLEAN: return "TRUE" if cell.value else "FALSE"
        if cell.ctype == xlrd.XL_CELL_ERROR: return xlrd.error_text_from_code[cell.value]
        return ""

    sheets = []
    for sheet in book.sheets():
        rows = []
        for r in range(sheet.nrows):
            cells = [shown(c) for c in sheet.row(r)]
            while cells and cells[-1] == "": cells.pop()
            if cells:
                numbers = [i for i, c in enumerate(sheet.row(r)[:len(cells)]) if c.ctype == xlrd.XL_CELL_NUMBER]
                rows.append({"number": r + 1, "cells": cells, "numberCells": numbers})
        sheets.append({"name": sheet.name, "isHidden": sheet.visibility != 0, "rows": rows})
    print(json.dumps(sheets, ensure_ascii=False))
    """

    struct SheetRows: Decodable, Equatable {
        struct Row: Decodable, Equatable {
            var number: Int
            var cells: [String]
            var numberCells: [Int]
        }

        var name: String
        var isHidden: Bool
        var rows: [Row]
    }

    @Test(arguments: fixtures)
    func readsAsXlrdReads(fixture: String) throws {
        let path = Self.fixture(fixture)
        let result = try BinaryRunner.runProgram("/usr/bin/env", ["python3", "-c", Self.xlrdScript, path])
        try #require(result.status == 0, "python3 failed (pip install -r Tests/interop-requirements.txt): \(result.stderr)")
        let expected = try JSONDecoder().decode([SheetRows].self, from: Data(result.stdout.utf8))
        #expect(try Self.read(path) == expected)
    }

    /// The enterprise fixture is LibreOffice's .xls of the .xlsx fixture: both read the same, but
    /// for the credit code typed as a number, whose text LibreOffice stored in the .xlsx with a
    /// three-digit exponent (`9.13302061441038E+017`), where the .xls holds the double itself.
    @Test func readsAsTheWorkbookItWasSavedFrom() throws {
        let xlsx = try XLSXReader.opening(path: TestSupport.repositoryRoot + "/Tests/HuizongTests/Fixtures/xlsx/libreoffice-enterprise.xlsx",
                                          preferredSheetNames: [])
        let xls = try Self.read(Self.fixture("libreoffice-enterprise.xls"))
        #expect(xls.map(\.name) == ["企业创建情况表"])
        let rows = try XLSXReaderTests.rows(of: xlsx).map { row in
            SheetRows.Row(number: row.number, cells: row.cells.map { $0.replacing("E+017", with: "E+17") }, numberCells: row.numberCells)
        }
        #expect(xls[0].rows == rows)
        #expect(xls[0].rows.contains { $0.cells.first == "9.13302061441038E+17" && $0.numberCells.first == 0 })
    }

    @Test func sheetsOfLibreOffice() throws {
        let sheets = try Self.read(Self.fixture("libreoffice-sheets.xls"))
        #expect(sheets.map(\.name) == ["空白", "隐藏的说明", "企业创建情况表", "长文本"])
        #expect(sheets.map(\.isHidden) == [false, true, false, false])
        #expect(sheets[0].rows.isEmpty)
        let rows = sheets[2].rows
        #expect(rows[0] == SheetRows.Row(number: 1, cells: ["2009年度企业创建情况表"], numberCells: []), "the merged title")
        #expect(rows[2] == SheetRows.Row(number: 3, cells: ["宁波东岙机械有限公司", "120", "2009-06-25", "TRUE", "240", "大型"],
                                         numberCells: [1, 4]))
        #expect(rows[3].cells == ["Ningbo Xi'ao Textile Co.", "84.5", "2009-07-01 10:30", "FALSE", "169", "小型"])
        #expect(rows[4] == SheetRows.Row(number: 5, cells: ["", "-3.25", "1900-03-01", "", "", "#DIV/0!"], numberCells: [1]),
                "a formula whose result is the empty string")
        #expect(rows[5].cells == ["1.234567890123457E+19", "0.3", "1E-07"])
        #expect(rows[6].cells.count == 52 && rows[6].cells.last == "最后一列之前")
        #expect(sheets[3].rows.count == 3000)
        #expect(sheets[3].rows.last?.cells.last?.hasPrefix("2999") == true)
    }

    @Test func variantsOfXlwt() throws {
        let sheets = try Self.read(Self.fixture("xlwt-variants.xls"))
        #expect(sheets.map(\.name) == ["民主法治村创建情况表", "Blank sheet", "Sheet3"])
        let rows = sheets[0].rows
        #expect(rows[0].cells == ["村代码", "村名称", "Latin-1 café", "填报日期"])
        #expect(rows[1].cells == ["330206110201", "东岙村", "", "2009-06-25", "0", "1", "-1", "120", "84.5", "0.01", "1234567.89",
                                  "536870912", "-536870913", "1E+300", "3.14159265358979", "100.25"], "the 1904 date system")
        #expect(rows[1].numberCells == Array(4...15))
        #expect(rows[2].cells == ["", "", "", "2009-07-01 08:15"])
        #expect(rows[3].cells == ["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"])
        #expect(rows[4].cells == ["TRUE", "FALSE"])
        #expect(rows[5].cells == ["before blanks", "", "", "", "", "", "after blanks"])
        #expect(rows.map(\.number) == [1, 2, 3, 4, 5, 6, 8], "a row of blank cells only is not yielded")
        #expect(sheets[2].rows == [SheetRows.Row(number: 1, cells: ["ASCII only"], numberCells: []),
                                   SheetRows.Row(number: 3, cells: ["", "全角，UTF-16"], numberCells: [])])
    }

    // MARK: Hand-built streams

    /// The classic trap: a shared string whose characters run into a CONTINUE record that starts
    /// with a flags byte of its own, here switching from one byte per character to two; a rich
    /// string with phonetic data split after its characters; a string that starts a CONTINUE.
    @Test func sharedStringsSplitAcrossContinueRecords() throws {
        let sst = CompoundFileBuilder.littleEndian([5, 4])
            + [3, 0, 0] + Array("abc".utf8)                                      // "abc", whole
            + [6, 0, 0] + Array("xyz".utf8)                                      // "xyz" + …
        let continued = [1] + CompoundFileBuilder.littleEndian16(Array("东岙村".utf16))  // … "东岙村", now UTF-16
            + [2, 0, 0x0C] + CompoundFileBuilder.littleEndian16([1]) + CompoundFileBuilder.littleEndian([3])
            + Array("ok".utf8) + [0, 0]                                          // "ok", its run of 4 bytes…
        let last = [0, 0, 9, 9, 9]                                               // … split, and 3 bytes of phonetic data
            + [2, 0, 1] + CompoundFileBuilder.littleEndian16(Array("村委".utf16))  // a string at the start of a record
        let globals = BIFFBuilder.record(0x00FC, sst) + BIFFBuilder.record(0x003C, continued) + BIFFBuilder.record(0x003C, last)
        let records = (0..<4).map { BIFFBuilder.labelSST(0, $0, $0) }.joined()
        let sheets = try Self.read(Self.file(BIFFBuilder.workbook(globals: Array(globals), sheets: [BIFFBuilder.worksheet("表", Array(records))])))
        #expect(sheets[0].rows == [SheetRows.Row(number: 1, cells: ["abc", "xyz东岙村", "ok", "村委"], numberCells: [])])
    }

    @Test func cellRecordsOfEveryKind() throws {
        let formats = BIFFBuilder.record(0x041E, CompoundFileBuilder.littleEndian16([164]) + BIFFBuilder.string("yyyy\"年\"m\"月\"d\"日\""))
        let globals = formats + BIFFBuilder.extendedFormats([0, 14, 164])
        func formula(_ row: Int, _ column: Int, result: [UInt8]) -> [UInt8] {
            BIFFBuilder.cell(0x0006, row, column, result + [0, 0, 0, 0, 0, 0, 0, 0])
        }
        func rk(_ value: UInt32) -> [UInt8] { CompoundFileBuilder.littleEndian([value]) }
        var records: [UInt8] = []
        records += BIFFBuilder.cell(0x0204, 0, 0, BIFFBuilder.string("LABEL 文本"))
        records += BIFFBuilder.cell(0x00D6, 0, 1, BIFFBuilder.string("rich", wide: false) + [1, 0, 0, 0, 0, 0])
        records += BIFFBuilder.cell(0x0201, 0, 2, [])
        records += BIFFBuilder.cell(0x027E, 0, 3, rk(120 << 2 | 2))                        // integer 120
        records += BIFFBuilder.cell(0x027E, 0, 4, rk(8_450 << 2 | 3))                      // 84.50, a hundredth of 8450
        records += BIFFBuilder.cell(0x027E, 0, 5, rk(UInt32(truncatingIfNeeded: 1.5.bitPattern >> 32)))
        records += BIFFBuilder.record(0x00BD, CompoundFileBuilder.littleEndian16([1, 1]) + CompoundFileBuilder.littleEndian16([1]) + rk(39_989 << 2 | 2)
            + CompoundFileBuilder.littleEndian16([2]) + rk(40_000 << 2 | 2) + CompoundFileBuilder.littleEndian16([0]) + rk(7 << 2 | 2)
            + CompoundFileBuilder.littleEndian16([3]))                                  // MULRK B2:D2
        records += formula(2, 0, result: [0, 0, 0, 0, 0, 0, 0xFF, 0xFF])                   // a string result…
        records += BIFFBuilder.record(0x04BC, [0, 0, 0, 0])                              // … after a SHRFMLA…
        records += BIFFBuilder.record(0x0207, BIFFBuilder.string("大型"))                  // … in the STRING record
        records += formula(2, 1, result: [1, 0, 1, 0, 0, 0, 0xFF, 0xFF])                  // TRUE
        records += formula(2, 2, result: [2, 0, 0x2A, 0, 0, 0, 0xFF, 0xFF])               // #N/A
        records += formula(2, 3, result: [3, 0, 0, 0, 0, 0, 0xFF, 0xFF])                  // ""
        records += BIFFBuilder.number(2, 4, 2.9999999999999996)
        records += BIFFBuilder.cell(0x0205, 2, 5, [0, 1])                                  // #NULL!
        records += BIFFBuilder.cell(0x00BE, 3, 0, CompoundFileBuilder.littleEndian16([0, 0, 5])) // MULBLANK only
        records += BIFFBuilder.bof(0x0020) + BIFFBuilder.number(4, 0, 1) + BIFFBuilder.eof // an embedded chart
        records += BIFFBuilder.number(5, 1, 5) + BIFFBuilder.number(5, 0, 4)             // out of column order

        let sheets = try Self.read(Self.file(BIFFBuilder.workbook(globals: globals, sheets: [BIFFBuilder.worksheet("表", records)])))
        #expect(sheets[0].rows == [
            SheetRows.Row(number: 1, cells: ["LABEL 文本", "rich", "", "120", "84.5", "1.5"], numberCells: [3, 4, 5]),
            SheetRows.Row(number: 2, cells: ["", "2009-06-25", "2009-07-06", "7"], numberCells: [3]),
            SheetRows.Row(number: 3, cells: ["大型", "TRUE", "#N/A", "", "3", "#NULL!"], numberCells: [4]),
            SheetRows.Row(number: 6, cells: ["4", "5"], numberCells: [0, 1]),
        ])
    }

    /// BOUNDSHEET8's states and types: hidden and very hidden sheets are listed as hidden, chart
    /// and macro sheets not at all; the 1904 date system from DATEMODE.
    @Test func sheetsOfTheGlobals() throws {
        let globals = BIFFBuilder.record(0x0022, [1, 0]) + BIFFBuilder.extendedFormats([14])
        let workbook = try XLSWorkbook(path: Self.file(BIFFBuilder.workbook(globals: globals, sheets: [
            ("图表", 0, 2, []), ("隐藏", 1, 0, []), ("宏", 0, 1, []), ("深藏", 2, 0, []),
            BIFFBuilder.worksheet("企业创建情况表", BIFFBuilder.number(0, 0, 0)),
        ])), limits: WorkbookLimits())
        #expect(workbook.sheets == [WorkbookSheet(name: "隐藏", isHidden: true), WorkbookSheet(name: "深藏", isHidden: true),
                                    WorkbookSheet(name: "企业创建情况表", isHidden: false)])
        #expect(try XLSXReaderTests.rows(of: workbook.rows(ofSheet: 2)) == [SourceRow(number: 1, cells: ["1904-01-01"])])
    }

    /// A sheet is streamed: rows come one at a time, and the end stays the end.
    @Test func rowsStreamToTheEnd() throws {
        let records = (0..<2_000).flatMap { BIFFBuilder.number($0 * 2, 0, Double($0)) }
        let workbook = try XLSWorkbook(path: Self.file(BIFFBuilder.workbook(globals: [], sheets: [BIFFBuilder.worksheet("表", records)])),
                                       limits: WorkbookLimits())
        let reader = try workbook.rows(ofSheet: 0)
        #expect(reader.encoding == "UTF-16LE")
        let rows = try XLSXReaderTests.rows(of: reader)
        #expect(rows.map(\.number) == (0..<2_000).map { $0 * 2 + 1 })
        #expect(rows.last?.cells == ["1999"])
        #expect(try reader.nextRow() == nil)
    }

    /// A double reads as the .xlsx reader reads the text writers store for it, their shortest
    /// round-trip text (Python's `repr`, as XlsxWriter and openpyxl write it).
    @Test func numbersAsTheXLSXReaderShowsThem() {
        let stored: [(Double, String)] = [
            (120, "120.0"), (-0.0, "-0.0"), (84.5, "84.5"), (0.1 + 0.2, "0.30000000000000004"), (2.9999999999999996, "2.9999999999999996"),
            (1e15, "1000000000000000.0"), (1_234_567_890_123_456, "1234567890123456.0"), (123_456_789_012_345.6, "123456789012345.6"),
            (1e16, "1e+16"), (9.13302061441038e17, "9.13302061441038e+17"), (1e-5, "1e-05"), (0.0001, "0.0001"), (-536_870_913, "-536870913.0"),
        ]
        for (value, text) in stored {
            #expect(CellText.number(value) == CellText.number(text), "\(text)")
        }
        #expect(CellText.number(1_234_567_890_123_456) == "1234567890123460")
        #expect(BIFFStream.rkValue(120 << 2 | 2) == 120)
        #expect(BIFFStream.rkValue(UInt32(bitPattern: -5 << 2) | 3) == -0.05)
    }

    // MARK: What is refused

    @Test func encryptedWorkbooksAreTold() throws {
        let package = CompoundFileBuilder(streams: [("EncryptionInfo", [4, 0, 4, 0]), ("EncryptedPackage", Array(repeating: 1, count: 5000))])
        #expect(Self.problem(package.build()) == .encryptedWorkbook)
        let filePass = BIFFBuilder.record(0x002F, [1, 0, 1, 0, 2, 0])
        #expect(Self.problem(Self.compound(BIFFBuilder.workbook(globals: filePass, sheets: [BIFFBuilder.worksheet("表", [])]))) == .encryptedWorkbook)
    }

    @Test func compoundFilesWithoutAnExcel97WorkbookAreUnsupported() throws {
        let word = CompoundFileBuilder(streams: [("WordDocument", Array(repeating: 0, count: 600)), ("1Table", [0])])
        #expect(Self.problem(word.build()) == .unsupportedWorkbook(reason: "the compound file holds no Workbook stream, only: WordDocument, 1Table"))
        let excel95 = CompoundFileBuilder(streams: [("Book", BIFFBuilder.bof(0x0005, version: 0x0500) + BIFFBuilder.eof)])
        #expect(Self.problem(excel95.build()) == .unsupportedWorkbook(reason: "an Excel 5.0/95 workbook (BIFF5 “Book” stream)"))
        let biff5 = BIFFBuilder.bof(0x0005, version: 0x0500) + BIFFBuilder.eof
        #expect(Self.problem(Self.compound(biff5)) == .unsupportedWorkbook(reason: "BIFF version 0x500, not BIFF8 (0x600)"))
        let biff4 = BIFFBuilder.record(0x0409, [0, 0, 0x10, 0])
        #expect(Self.problem(Self.compound(biff4)) == .unsupportedWorkbook(reason: "a BIFF2–4 workbook (Excel 2.x–4.0)"))
    }

    @Test func damagedWorkbooksAreRefused() throws {
        let sheet = BIFFBuilder.worksheet("表", BIFFBuilder.labelSST(0, 0, 3))
        #expect(Self.problem(Self.compound(BIFFBuilder.workbook(globals: [], sheets: [sheet])))
            == .corruptWorkbook(reason: "row 1 points to shared string 3 of 0"))
        #expect(Self.problem(Self.compound(BIFFBuilder.workbook(globals: [], sheets: [("图表", 0, 2, [])]))) == .noWorksheet)
        #expect(Self.problem(Self.compound([])) == .corruptWorkbook(reason: "the Workbook stream is empty"))
        var stream = BIFFBuilder.workbook(globals: [], sheets: [BIFFBuilder.worksheet("表", BIFFBuilder.number(0, 300, 1))])
        #expect(Self.problem(Self.compound(stream)) == .corruptWorkbook(reason: "row 1 has a cell in column 301, beyond column IV"))
        stream.removeLast(6)
        #expect(Self.problem(Self.compound(stream)) == .corruptWorkbook(reason: "the record at byte 58 declares 14 bytes, past the end of the workbook stream"))
        var lostSheet = BIFFBuilder.workbook(globals: [], sheets: [BIFFBuilder.worksheet("表", [])])
        CompoundFileBuilder.patch(&lostSheet, 24, 20) // BOUNDSHEET8 points to itself
        #expect(Self.problem(Self.compound(lostSheet)) == .corruptWorkbook(reason: "the sheet “表” does not start with a worksheet's BOF record at byte 20"))
    }

    // MARK: Helpers

    /// A compound file holding `stream` as its Workbook stream.
    static func compound(_ stream: [UInt8]) -> [UInt8] {
        CompoundFileBuilder(streams: [("Workbook", stream)]).build()
    }

    /// `stream` written as the Workbook stream of a compound file in a scratch folder; its path.
    static func file(_ stream: [UInt8]) throws -> String {
        let path = try TestSupport.temporaryFolder() + "/built.xls"
        _ = FileManager.default.createFile(atPath: path, contents: Data(compound(stream)))
        return path
    }

    /// Every worksheet of the workbook at `path`, read to its end.
    static func read(_ path: String) throws -> [SheetRows] {
        let workbook = try XLSWorkbook(path: path, limits: WorkbookLimits())
        return try workbook.sheets.indices.map { index in
            let rows = try XLSXReaderTests.rows(of: workbook.rows(ofSheet: index))
            return SheetRows(name: workbook.sheets[index].name, isHidden: workbook.sheets[index].isHidden,
                             rows: rows.map { SheetRows.Row(number: $0.number, cells: Array($0.cells), numberCells: $0.numberCells) })
        }
    }

    /// The problem that stops reading every sheet of the compound file `bytes`, nil when they read.
    static func problem(_ bytes: [UInt8]) -> ReadProblem? {
        do {
            let path = try TestSupport.temporaryFolder() + "/problem.xls"
            defer { TestSupport.remove((path as NSString).deletingLastPathComponent) }
            _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
            _ = try read(path)
            return nil
        } catch let problem as ReadProblem {
            return problem
        } catch {
            Issue.record("\(error)")
            return nil
        }
    }
}
