import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// Workbooks written by real third-party writers (XlsxWriter writes shared strings, openpyxl inline
/// strings; Tests/interop-requirements.txt), and hand-built ones for what no writer library produces.
@Suite struct XLSXReaderTests {
    static let titles = ["民主法治村创建情况表", "企业创建情况表"]

    // MARK: Real writers

    /// Writes an enterprise return with XlsxWriter or openpyxl (argv 1) to argv 2, and the same
    /// return as the clerk sees it, as CSV, to argv 3.
    static let enterpriseReturnScript = """
    import csv, datetime, sys
    writer, xlsx_path, csv_path = sys.argv[1:4]

    class Rich:  # rich text, the middle run bold
        def __init__(self, *runs): self.runs = runs
    class Shown:  # a number as stored, and the text Excel shows for it
        def __init__(self, value, text): self.value, self.text = value, text
    class Formula:
        def __init__(self, formula, result): self.formula, self.result = formula, result

    header = ["统一社会信用代码", "企业名称", "所在村代码", "报送期间", "职工人数", "劳动合同签订人数", "参加社会保险人数",
              "建立职工代表大会", "推行厂务公开", "开展工资集体协商", "拖欠工资金额（元）", "劳动争议件数", "诚信守法自评分",
              "诚信守法等级", "劳动关系和谐自评分", "劳动关系和谐等级", "填报人", "联系电话", "填报日期"]
    rows = [
        ["2009年度企业创建情况表"],
        ["填报说明：金额单位为元，日期请按“年-月-日”填写。"],
        header,
        ["91330206MA2AFB3U5K", Rich("宁波", "东岙", "机械有限公司"), "330206110201", "2009-06", 120, 118, 115,
         "是", "是", "否", 0, 0, 84.5, "良好", 92, "优秀", "李红", "13857400001", datetime.date(2009, 6, 25)],
        [Shown(9.13302061441011E17, "9.133020614410109E+17"), "宁波西岙纺织有限公司", None, "2009-06",
         Formula("=E4+1", 121), 100, 98, True, True, False, Shown(1200.0, "1200"), 1, 76.5, "良好", 60, "合格",
         "王强", "0574-86100002", datetime.date(2009, 7, 1)],
    ]

    def shown(v):
        if v is None: return ""
        if isinstance(v, Rich): return "".join(v.runs)
        if isinstance(v, Shown): return v.text
        if isinstance(v, Formula): return str(v.result)
        if isinstance(v, bool): return "TRUE" if v else "FALSE"
        if isinstance(v, datetime.date): return v.isoformat()
        return str(v)

    with open(csv_path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([[shown(v) for v in row] for row in rows])

    if writer == "xlsxwriter":
        import xlsxwriter
        wb = xlsxwriter.Workbook(xlsx_path)
        ws = wb.add_worksheet("企业创建情况表")
        date, bold = wb.add_format({"num_format": "yyyy-mm-dd"}), wb.add_format({"bold": True})
        ws.merge_range(0, 0, 0, len(header) - 1, rows[0][0])
        for r, row in enumerate(rows[1:], start=1):
            for c, v in enumerate(row):
                if v is None: continue
                elif isinstance(v, Rich): ws.write_rich_string(r, c, v.runs[0], bold, v.runs[1], v.runs[2])
                elif isinstance(v, Shown): ws.write_number(r, c, v.value)
                elif isinstance(v, Formula): ws.write_formula(r, c, v.formula, None, v.result)
                elif isinstance(v, datetime.date): ws.write_datetime(r, c, v, date)
                else: ws.write(r, c, v)
        wb.close()
    else:
        import openpyxl
        from openpyxl.cell.rich_text import CellRichText, TextBlock
        from openpyxl.cell.text import InlineFont
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "企业创建情况表"
        for r, row in enumerate(rows, start=1):
            for c, v in enumerate(row, start=1):
                if v is None: continue
                if isinstance(v, Rich): v = CellRichText([v.runs[0], TextBlock(InlineFont(b=True), v.runs[1]), v.runs[2]])
                elif isinstance(v, Shown): v = v.value
                elif isinstance(v, Formula): v = v.result  # openpyxl cannot store a formula's cached value
                cell = ws.cell(row=r, column=c, value=v)
                if isinstance(v, datetime.date): cell.number_format = "yyyy-mm-dd"
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        wb.save(xlsx_path)
    """

    /// The number cells of the two data rows: the counts, amounts and scores, and in the second
    /// row the credit code Excel turned into a number and the formula's result.
    static let enterpriseNumberCells = [4: [4, 5, 6, 10, 11, 12, 14], 5: [0, 4, 5, 6, 10, 11, 12, 14]]

    @Test(arguments: ["xlsxwriter", "openpyxl"])
    func enterpriseReturnReadsAsItsCSV(writer: String) throws {
        let folder = try TestSupport.temporaryFolder()
        let (xlsx, csv) = (folder + "/return.xlsx", folder + "/return.csv")
        try Self.python(Self.enterpriseReturnScript, [writer, xlsx, csv])

        let reader = try XLSXReader.opening(path: xlsx, preferredSheetNames: Self.titles)
        #expect(reader.sheetName == "企业创建情况表")
        #expect(reader.encoding == "UTF-8")
        let rows = try Self.rows(of: reader)
        let csvRows = try Self.rows(of: CSVReader(path: csv))
        #expect(rows.map(\.number) == [1, 2, 3, 4, 5])
        #expect(rows.map(\.cells) == csvRows.map(\.cells))
        #expect(rows.map(\.numberCells) == rows.map { Self.enterpriseNumberCells[$0.number] ?? [] })

        #expect(rows[0].cells == ["2009年度企业创建情况表"], "the merged title's other cells are empty")
        let data = rows[4].cells
        #expect(data[0] == "9.133020614410109E+17")
        #expect(data[2] == "", "the omitted cell")
        #expect(data[4] == "121")
        #expect(Array(data[7...10]) == ["TRUE", "TRUE", "FALSE", "1200"])
        #expect(rows[3].cells[1] == "宁波东岙机械有限公司")
        #expect(rows[3].cells[12] == "84.5")
        #expect(rows[3].cells[18] == "2009-06-25")
        #expect(try reader.nextRow() == nil)
    }

    @Test func sheetIsChosenByTitleElseTheFirstVisible() throws {
        let path = try TestSupport.temporaryFolder() + "/sheets.xlsx"
        try Self.python("""
            import datetime, sys, xlsxwriter
            wb = xlsxwriter.Workbook(sys.argv[1])
            options = wb.add_worksheet("选项")
            options.write("A1", "是")
            notes = wb.add_worksheet("填报说明")
            notes.write("A1", "请在“企业创建情况表”中填报。")
            sheet = wb.add_worksheet("企业创建情况表")
            date, stamp = wb.add_format({"num_format": "yyyy-mm-dd"}), wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
            sheet.write("A1", "填报日期")
            sheet.write_datetime("A2", datetime.datetime(2009, 6, 15, 10, 30), stamp)
            sheet.write_datetime("B2", datetime.date(1900, 2, 28), date)
            sheet.write_datetime("C2", datetime.date(1900, 3, 1), date)
            notes.activate()
            options.hide()
            wb.close()
            """, [path])

        let byTitle = try XLSXReader.opening(path: path, preferredSheetNames: Self.titles)
        #expect(byTitle.sheetName == "企业创建情况表")
        #expect(try Self.rows(of: byTitle) == [
            SourceRow(number: 1, cells: ["填报日期"]),
            SourceRow(number: 2, cells: ["2009-06-15 10:30", "1900-02-28", "1900-03-01"]),
        ])

        let firstVisible = try XLSXReader.opening(path: path, preferredSheetNames: [])
        #expect(firstVisible.sheetName == "填报说明")
        #expect(try Self.rows(of: firstVisible).map(\.cells) == [["请在“企业创建情况表”中填报。"]])
    }

    /// A sheet of many chunks is read through to its end, and a reader given up halfway stops its
    /// inflating thread rather than blocking it.
    @Test func longSheetStreamsToItsEnd() throws {
        let path = try TestSupport.temporaryFolder() + "/long.xlsx"
        try Self.python("""
            import sys, xlsxwriter
            wb = xlsxwriter.Workbook(sys.argv[1], {"constant_memory": True})
            ws = wb.add_worksheet("企业创建情况表")
            ws.write_row(0, 0, ["统一社会信用代码", "企业名称", "职工人数", "联系电话", "报送期间"])
            for r in range(1, 12001):
                ws.write_row(r, 0, ["91330206MA2AFB%04d" % (r % 10000), "宁波东岙第%d机械有限公司" % r, r, "138574%05d" % r, "2009-06"])
            wb.close()
            """, [path])

        let reader = try XLSXReader.opening(path: path, preferredSheetNames: Self.titles)
        var count = 0
        var last: SourceRow?
        while let row = try reader.nextRow() {
            count += 1
            last = row
        }
        #expect(count == 12_001)
        #expect(last == SourceRow(number: 12_001, cells: ["91330206MA2AFB2000", "宁波东岙第12000机械有限公司", "12000", "13857412000", "2009-06"],
                                  numberCells: [2]))

        var abandoned: XLSXReader? = try XLSXReader.opening(path: path, preferredSheetNames: Self.titles)
        #expect(try abandoned?.nextRow()?.number == 1)
        abandoned = nil
        #expect(try XLSXReader.opening(path: path, preferredSheetNames: Self.titles).nextRow()?.number == 1)
    }

    // MARK: Hand-built workbooks

    @Test func cellTypesAsExcelShowsThem() throws {
        let path = try Self.handBuiltWorkbook(rows: """
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><r><t>西</t></r><r><rPr><b/></rPr>\
            <t xml:space="preserve">岙 </t></r><rPh sb="0" eb="1"><t>にし</t></rPh></is></c>\
            <c r="C1" t="str"><f>A1&amp;"村"</f><v>东岙村村</v></c><c r="D1" t="b"><v>0</v></c>\
            <c r="E1" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="F1" t="n"><v>120.0</v></c><c r="G1"><f>0.1*30</f>\
            <v>2.9999999999999996</v></c><c r="H1"><f>NOW()</f></c><c r="I1" t="s"><v>1</v></c><c r="J1" t="s"/></row>
            <row r="7"/>
            <row><c t="inlineStr"><is><t>甲</t></is></c><c><v>1</v></c></row>
            <row r="10" spans="1:4"><c r="B10" t="inlineStr"><is><t>乙</t></is></c><c r="D10" s="3"/></row>
            """, sharedStrings: [
                #"<si><r><t>东</t></r><r><rPr><b/></rPr><t>岙村</t></r><rPh sb="0" eb="2"><t>ひがし</t></rPh><phoneticPr fontId="1"/></si>"#,
                "<si><t>第一行_x000D_\n第二行_x005F_x0041_</t></si>",
            ])
        #expect(try Self.rows(of: XLSXReader.opening(path: path, preferredSheetNames: Self.titles)) == [
            SourceRow(number: 1, cells: ["东岙村", "西岙 ", "东岙村村", "FALSE", "#DIV/0!", "120", "3", "", "第一行\r\n第二行_x0041_"],
                      numberCells: [5, 6], unsavedFormulaCells: [7]),
            SourceRow(number: 7, cells: []),
            SourceRow(number: 8, cells: ["甲", "1"], numberCells: [1]),
            SourceRow(number: 10, cells: ["", "乙"]),
        ])
    }

    /// The cells written the plainest way, which the reader takes whole, read as they read tag by
    /// tag: row 2 holds the same cells with their attributes in single quotes, which only the
    /// scanner's events read.
    @Test func cellsTakenWholeReadAsTheirTags() throws {
        // `@` stands for the row's number.
        let cells = #"<c r="A@" t="s"><v>1</v></c><c r="B@" t="inlineStr"><is><t>东岙_x000D_村\#tA</t></is></c>"#
            + #"<c r="C@" t="inlineStr"><is><t></t></is></c><c r="D@" t="b"><v>1</v></c><c r="E@" t="e"><v>#N/A</v></c>"#
            + #"<c r="F@" s="1"><v>39979</v></c><c r="G@"><v>1.5E-3</v></c><c r="H@" s="3" t="n"><v>0120</v></c>"#
            + #"<c r="I@" t="d"><v>2009-06-15T00:00:00</v></c><c r="J@" t="s"/><c r="K@" t="str"><v>a b</v></c>"#
            + #"<c t="inlineStr"><is><t>后</t></is></c><c r="M@"><v></v></c><c r="N@" s="0"><v>7</v></c>"#
        let plain = cells.replacingOccurrences(of: "@", with: "1")
        let quoted = cells.replacingOccurrences(of: "@", with: "2").replacingOccurrences(of: "\"", with: "'")
        let path = try Self.handBuiltWorkbook(rows: #"<row r="1">\#(plain)</row><row r="2">\#(quoted)</row>"#,
                                              sharedStrings: ["<si><t>零</t></si>", "<si><t>东岙村</t></si>"])
        let rows = try Self.rows(of: XLSXReader.opening(path: path, preferredSheetNames: Self.titles))
        #expect(rows.count == 2)
        #expect(rows[0].cells == ["东岙村", "东岙\r村\tA", "", "TRUE", "#N/A", "2009-06-15", "1.5E-3", "120", "2009-06-15", "",
                                  "a b", "后", "", "7"])
        #expect(rows[0].numberCells == [6, 7, 13])
        #expect(rows[1].cells == rows[0].cells && rows[1].numberCells == rows[0].numberCells)
    }

    /// What the reader takes whole is still checked as XML: each of these is refused as the
    /// scanner refuses it.
    @Test func cellsTakenWholeAreCheckedAsXML() throws {
        let cases: [(what: String, rows: String, expected: (ReadProblem) -> Bool)] = [
            ("an attribute given twice", #"<row r="1"><c r="A1" r="B1"><v>1</v></c></row>"#, Self.isMalformedXML),
            ("]]> in a value", #"<row r="1"><c r="A1" t="str"><v>1]]>2</v></c></row>"#, Self.isMalformedXML),
            ("U+FFFF in a text", "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>甲\u{FFFF}</t></is></c></row>", Self.isMalformedXML),
            ("a control character", "<row r=\"1\"><c r=\"A1\"><v>1\u{1}</v></c></row>", Self.isMalformedXML),
            ("a cell not closed", #"<row r="1"><c r="A1"><v>1</v></row>"#, Self.isMalformedXML),
            ("a cell cut off", #"<row r="1"><c r="A1"><v>1</v></c"#, Self.isMalformedXML),
            ("a column beyond XFD", #"<row r="1"><c r="XFE1" t="inlineStr"><is><t>甲</t></is></c></row>"#, Self.isCorrupt),
            ("a missing shared string", #"<row r="1"><c r="A1" t="s"><v>9</v></c></row>"#, Self.isCorrupt),
        ]
        let folder = try TestSupport.temporaryFolder()
        try Self.zip(Dictionary(uniqueKeysWithValues: cases.indices.map { index in
            ("\(folder)/\(index).xlsx", Self.entries(Self.workbookParts(rows: cases[index].rows)))
        }))
        for (index, broken) in cases.enumerated() {
            let problem = Self.readingProblem("\(folder)/\(index).xlsx")
            #expect(problem.map(broken.expected) == true, "\(broken.what): \(String(describing: problem))")
        }
        // Six levels to an inline string's text: one level less is refused as too deep, as before.
        let inline = try Self.handBuiltWorkbook(rows: #"<row r="1"><c r="A1" t="inlineStr"><is><t>甲</t></is></c></row>"#)
        #expect(Self.readingProblem(inline, limits: WorkbookLimits(elementDepth: 5)) == .tooDeep(levels: 5))
        #expect(Self.readingProblem(inline, limits: WorkbookLimits(elementDepth: 6)) == nil)
    }

    /// Styles 1 and 2 are date formats (built-in 14, and a custom Chinese one), 0, 3 and 4 are not
    /// (General, the text format `@`, a custom number format with a unit).
    @Test func numbersInDateStylesAreDates() throws {
        let path = try Self.handBuiltWorkbook(rows: """
            <row r="1"><c r="A1" s="1"><v>59</v></c><c r="B1" s="1"><v>60</v></c><c r="C1" s="1"><v>61</v></c>\
            <c r="D1" s="2"><v>39979</v></c><c r="E1" s="1"><v>40009.4375</v></c><c r="F1" s="1"><v>40009.99999999</v></c>\
            <c r="G1" t="d"><v>2009-06-15T00:00:00</v></c><c r="H1" s="1"><v>0</v></c></row>
            <row r="2"><c r="A2"><v>39979</v></c><c r="B2" s="3"><v>39979</v></c><c r="C2" s="4"><v>84.5</v></c></row>
            """)
        #expect(try Self.rows(of: XLSXReader.opening(path: path, preferredSheetNames: Self.titles)) == [
            SourceRow(number: 1, cells: ["1900-02-28", "1900-02-29", "1900-03-01", "2009-06-15", "2009-07-15 10:30",
                                         "2009-07-16", "2009-06-15", "0"], numberCells: [7]),
            SourceRow(number: 2, cells: ["39979", "39979", "84.5"], numberCells: [0, 1, 2]),
        ])
    }

    @Test func workbookWithThe1904DateSystem() throws {
        let path = try Self.handBuiltWorkbook(rows: #"<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="1"><v>38517</v></c></row>"#,
                                              workbookProperties: #"<workbookPr date1904="1"/>"#)
        #expect(try Self.rows(of: XLSXReader.opening(path: path, preferredSheetNames: Self.titles)).map(\.cells) == [["1904-01-01", "2009-06-15"]])
    }

    /// As the Open XML SDK writes: every element prefixed, and the relationship namespace under
    /// another prefix than `r`.
    @Test func prefixedNamespacesReadTheSame() throws {
        let path = try Self.handBuiltWorkbook(rows: "", replacing: [
            "xl/workbook.xml": """
                <x:workbook xmlns:x="\(Self.mainNS)" xmlns:rel="\(Self.relationshipNS)"><x:sheets>\
                <x:sheet name="企业创建情况表" sheetId="1" rel:id="rId1"/></x:sheets></x:workbook>
                """,
            "xl/worksheets/sheet1.xml": """
                <x:worksheet xmlns:x="\(Self.mainNS)"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr">\
                <x:is><x:t>东岙村</x:t></x:is></x:c><x:c r="B1" s="1"><x:v>39979</x:v></x:c></x:row></x:sheetData></x:worksheet>
                """,
        ])
        #expect(try Self.rows(of: XLSXReader.opening(path: path, preferredSheetNames: Self.titles)).map(\.cells) == [["东岙村", "2009-06-15"]])
    }

    @Test func wideRowsUpToColumnXFD() throws {
        let manyCells = String(repeating: "<c><v>1</v></c>", count: 10_000)
        let path = try Self.handBuiltWorkbook(rows: """
            <row r="1">\(manyCells)</row>
            <row r="2"><c r="A2" t="inlineStr"><is><t>首</t></is></c><c r="NTP2" t="inlineStr"><is><t>末</t></is></c></row>
            <row r="3"><c r="XFD3" t="inlineStr"><is><t>尾</t></is></c></row>
            """)
        let rows = try Self.rows(of: XLSXReader.opening(path: path, preferredSheetNames: Self.titles))
        #expect(rows.map(\.cells.count) == [10_000, 10_000, 16_384])
        #expect(rows[0].numberCells == Array(0..<10_000))
        #expect(rows[1].cells.first == "首" && rows[1].cells.last == "末")
        #expect(rows[2].cells.last == "尾")
    }

    /// Workbooks that are broken inside: each is refused with a problem, never a crash.
    @Test func brokenWorkbooksAreRefused() throws {
        let cell = #"<row r="1"><c r="A1" t="inlineStr"><is><t>东岙村</t></is></c></row>"#
        let nested = String(repeating: "<x>", count: 100) + String(repeating: "</x>", count: 100)
        // 4.5 MB of varied ideographs: repeating one would compress past the 200:1 bomb limit.
        let hugeText = String(String.UnicodeScalarView((0..<1_500_000).map { Unicode.Scalar(0x4E00 + UInt32($0 * 7919 % 20_000))! }))
        let cases: [(what: String, rows: String, replacing: [String: String?], expected: (ReadProblem) -> Bool)] = [
            ("no workbook part", cell, ["xl/workbook.xml": nil], Self.isCorrupt),
            ("a sheet relationship pointing nowhere", cell, ["xl/_rels/workbook.xml.rels": """
                <Relationships xmlns="\(Self.packageNS)"><Relationship Id="rId1" Type="\(Self.relationshipNS)/worksheet" \
                Target="worksheets/sheet9.xml"/></Relationships>
                """], Self.isCorrupt),
            ("a sheet without a relationship", cell, ["xl/workbook.xml": """
                <workbook xmlns="\(Self.mainNS)" xmlns:r="\(Self.relationshipNS)"><sheets>\
                <sheet name="企业创建情况表" sheetId="1" r:id="rId9"/></sheets></workbook>
                """], Self.isCorrupt),
            ("no sheets", cell, ["xl/workbook.xml": "<workbook xmlns=\"\(Self.mainNS)\"><sheets/></workbook>"], { $0 == .noWorksheet }),
            ("an empty sheet part", cell, ["xl/worksheets/sheet1.xml": ""], Self.isCorrupt),
            ("invalid XML in the sheet", #"<row r="1"><c r="A1"><v>1</v></row>"#, [:], Self.isMalformedXML),
            ("invalid XML in the shared strings", cell, ["xl/sharedStrings.xml": "<sst><si><t>东</si></sst>"], Self.isMalformedXML),
            ("a column beyond XFD", #"<row r="1"><c r="XFE1"><v>1</v></c></row>"#, [:], Self.isCorrupt),
            ("a cell after XFD", #"<row r="1"><c r="XFD1"><v>1</v></c><c><v>2</v></c></row>"#, [:], Self.isCorrupt),
            ("a missing shared string", #"<row r="1"><c r="A1" t="s"><v>5</v></c></row>"#, [:], Self.isCorrupt),
            ("row number 0", #"<row r="0"><c r="A1"><v>1</v></c></row>"#, [:], Self.isCorrupt),
            ("nesting 100 deep", #"<row r="1"><c r="A1">\#(nested)</c></row>"#, [:], { $0 == .tooDeep(levels: 64) }),
            ("a row over 4 MiB", #"<row r="1"><c r="A1" t="inlineStr"><is><t>\#(hugeText)</t></is></c></row>"#,
             [:], { $0 == .tooLarge(limit: "4 MiB") }),
        ]
        let folder = try TestSupport.temporaryFolder()
        try Self.zip(Dictionary(uniqueKeysWithValues: cases.indices.map { index in
            ("\(folder)/\(index).xlsx", Self.entries(Self.workbookParts(rows: cases[index].rows, replacing: cases[index].replacing)))
        }))
        for (index, broken) in cases.enumerated() {
            let problem = Self.readingProblem("\(folder)/\(index).xlsx")
            #expect(problem.map(broken.expected) == true, "\(broken.what): \(String(describing: problem))")
        }
    }

    // MARK: Files that are no workbook

    @Test func zipBombIsRefusedBeforeItInflates() throws {
        let path = try TestSupport.temporaryFolder() + "/bomb.xlsx"
        try Self.zip([path: Self.entries(Self.workbookParts(rows: "", replacing: ["xl/worksheets/sheet1.xml": nil]))
                      + [["name": "xl/worksheets/sheet1.xml", "zeros": 500 << 20]]])
        #expect(throws: ReadProblem.workbookTooLarge(limit: "200:1 compression")) {
            try XLSXReader.opening(path: path, preferredSheetNames: Self.titles)
        }
    }

    /// The same bomb with a header that claims 1000 bytes: it is stopped at its first chunk.
    @Test func zipBombWithALyingHeaderIsStoppedWhileInflating() throws {
        let path = try TestSupport.temporaryFolder() + "/bomb.xlsx"
        try Self.zip([path: Self.entries(Self.workbookParts(rows: "", replacing: ["xl/worksheets/sheet1.xml": nil]))
                      + [["name": "xl/worksheets/sheet1.xml", "zeros": 500 << 20, "declare": 1000]]])
        let problem = Self.readingProblem(path)
        #expect(problem == .corruptWorkbook(reason: "xl/worksheets/sheet1.xml holds more than the 1000 bytes it declares"))
    }

    @Test func limitsOfAWorkbook() throws {
        let path = try Self.handBuiltWorkbook(rows: #"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#,
                                              sharedStrings: ["<si><t>宁波东岙机械有限公司</t></si>"])
        #expect(Self.readingProblem(path, limits: WorkbookLimits(totalBytes: 1000)) == .workbookTooLarge(limit: "1000 bytes"))
        #expect(Self.readingProblem(path, limits: WorkbookLimits(structurePartBytes: 100)) == .workbookTooLarge(limit: "100 bytes per part"))
        #expect(Self.readingProblem(path, limits: WorkbookLimits(sharedStringBytes: 16)) == .workbookTooLarge(limit: "16 bytes of shared strings"))
        #expect(Self.readingProblem(path) == nil)
    }

    @Test func encryptedWorkbookIsTold() throws {
        let path = try TestSupport.temporaryFolder() + "/encrypted.xlsx"
        let junk = (0..<4000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + junk).write(to: URL(fileURLWithPath: path))
        #expect(throws: ReadProblem.encryptedWorkbook) { try XLSXReader.opening(path: path, preferredSheetNames: Self.titles) }
    }

    @Test func truncatedEmptyAndForeignFilesAreRefused() throws {
        let folder = try TestSupport.temporaryFolder()
        let whole = try Data(contentsOf: URL(fileURLWithPath: Self.handBuiltWorkbook(rows: "")))
        let files: [(name: String, bytes: Data, expected: (ReadProblem) -> Bool)] = [
            ("truncated.xlsx", whole.prefix(whole.count / 2), Self.isCorrupt),
            ("truncated-end.xlsx", whole.dropLast(10), Self.isCorrupt),
            ("empty.xlsx", Data(), { $0 == .empty }),
            ("text.xlsx", Data("统一社会信用代码,企业名称\n".utf8), Self.isCorrupt),
        ]
        for file in files {
            try file.bytes.write(to: URL(fileURLWithPath: folder + "/" + file.name))
            let problem = Self.readingProblem(folder + "/" + file.name)
            #expect(problem.map(file.expected) == true, "\(file.name): \(String(describing: problem))")
        }
        #expect(Self.readingProblem(folder + "/missing.xlsx").map { if case .unreadable = $0 { true } else { false } } == true)
    }

    // MARK: Cell texts, one line per case

    @Test func dateSerials() {
        let cases: [(ExcelDateSystem, Double, String?)] = [
            (.from1900, 1, "1900-01-01"), (.from1900, 59, "1900-02-28"), (.from1900, 60, "1900-02-29"),
            (.from1900, 61, "1900-03-01"), (.from1900, 25_569, "1970-01-01"), (.from1900, 39_979, "2009-06-15"),
            (.from1900, 39_979.5, "2009-06-15 12:00"), (.from1900, 39_979.000_011_574, "2009-06-15 00:00:01"),
            (.from1900, 2_958_465, "9999-12-31"), (.from1900, 2_958_466, nil), (.from1900, 0.5, nil), (.from1900, -1, nil),
            (.from1900, .nan, nil), (.from1904, 0, "1904-01-01"), (.from1904, 38_517, "2009-06-15"),
        ]
        for (system, serial, expected) in cases {
            #expect(system.text(ofSerial: serial) == expected, "\(system) \(serial)")
        }
    }

    @Test func dateFormats() {
        let cases: [(String, Bool)] = [
            ("yyyy-mm-dd", true), ("yyyy/m/d;@", true), (#"yyyy"年"m"月"d"日""#, true), ("[$-804]yyyy年m月", true),
            ("h:mm AM/PM", true), ("[h]:mm:ss", true), ("General", false), ("@", false), ("0.00", false),
            ("#,##0_);[Red](#,##0)", false), (#"0"天""#, false), (#"0.0"元""#, false), (#"\d0"#, false),
            ("[DBNum1]0", false), ("0.00E+00", false), ("_-* #,##0_-", false),
        ]
        for (code, isDate) in cases {
            #expect(ExcelNumberFormat.isDate(code: code) == isDate, "\(code)")
        }
        #expect(ExcelNumberFormat.isDate(id: 14, code: nil))
        #expect(ExcelNumberFormat.isDate(id: 57, code: nil))
        #expect(!ExcelNumberFormat.isDate(id: 49, code: nil))
        #expect(!ExcelNumberFormat.isDate(id: 14, code: "0.00"), "a workbook's own code overrides a built-in id")
    }

    @Test func numbersAsExcelShowsThem() {
        let cases = [
            ("120", "120"), ("120.0", "120"), ("84.5", "84.5"), ("84.50", "84.5"), ("-3.0", "-3"), ("0", "0"),
            ("2.9999999999999996", "3"), ("0.30000000000000004", "0.3"), ("-0.30000000000000004", "-0.3"),
            ("999999999999999.9", "1000000000000000"), ("123456789012345678", "123456789012346000"),
            ("0.000012345678901234567", "0.0000123456789012346"), ("76.59999999999999", "76.6"), ("-0.99999999999999999", "-1"),
            ("99999999999999999", "100000000000000000"), ("9.99999999999999949", "10"), ("12345.678901234549", "12345.6789012345"),
            ("9.1330206144101101E+17", "9.1330206144101101E+17"), ("9.133020614410109e+17", "9.133020614410109E+17"),
            ("1E-3", "1E-3"), ("junk", "junk"),
        ]
        for (stored, shown) in cases {
            #expect(CellText.number(stored) == shown, "\(stored)")
        }
    }

    @Test func cellReferences() {
        let cases: [(String, Int?)] = [
            ("A1", 0), ("Z9", 25), ("AA10", 26), ("ntp2", 9_999), ("XFD1048576", 16_383), ("XFE1", nil),
            ("AAAA1", nil), ("1", nil), ("", nil),
        ]
        for (reference, column) in cases {
            #expect(CellReference.column(of: reference.utf8) == column, "\(reference)")
        }
    }

    @Test func escapesAndISODates() {
        #expect(CellText.unescaped("东岙_x000D_\n村") == "东岙\r\n村")
        #expect(CellText.unescaped("a_x005F_x0041_b") == "a_x0041_b")
        #expect(CellText.unescaped("_x00_ _xZZZZ_ plain_text") == "_x00_ _xZZZZ_ plain_text")
        #expect(CellText.isoDate("2009-06-15T00:00:00") == "2009-06-15")
        #expect(CellText.isoDate("2009-06-15T10:30:00Z") == "2009-06-15 10:30")
        #expect(CellText.isoDate("2009-06-15T10:30:15.000") == "2009-06-15 10:30:15")
        #expect(CellText.isoDate("2009-06-15") == "2009-06-15")
    }

    // MARK: Helpers

    static let mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageNS = "http://schemas.openxmlformats.org/package/2006/relationships"

    /// Cell styles: 0 General, 1 built-in date 14, 2 a custom Chinese date, 3 text `@`, 4 a custom
    /// number with a unit. The date in `<cellStyleXfs>` and the one in `<dxfs>` belong to no cell.
    static let styles = """
        <styleSheet xmlns="\(mainNS)"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>\
        <numFmt numFmtId="165" formatCode="0.0&quot;元&quot;"/></numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>\
        <cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="49"/><xf numFmtId="165"/></cellXfs>\
        <dxfs count="1"><dxf><numFmt numFmtId="165" formatCode="yyyy"/></dxf></dxfs></styleSheet>
        """

    /// The parts of a minimal workbook with one sheet, 企业创建情况表.
    /// - Parameter replacing: parts to replace, or with nil to leave out.
    static func workbookParts(rows: String, sharedStrings: [String] = [], workbookProperties: String = "",
                              replacing: [String: String?] = [:]) -> [String: String] {
        var parts = [
            "_rels/.rels": """
                <Relationships xmlns="\(packageNS)"><Relationship Id="rId1" Type="\(relationshipNS)/officeDocument" \
                Target="xl/workbook.xml"/></Relationships>
                """,
            "xl/workbook.xml": """
                <workbook xmlns="\(mainNS)" xmlns:r="\(relationshipNS)">\(workbookProperties)<sheets>\
                <sheet name="企业创建情况表" sheetId="1" r:id="rId1"/></sheets></workbook>
                """,
            "xl/_rels/workbook.xml.rels": """
                <Relationships xmlns="\(packageNS)"><Relationship Id="rId1" Type="\(relationshipNS)/worksheet" \
                Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="\(relationshipNS)/styles" Target="styles.xml"/>\
                <Relationship Id="rId3" Type="\(relationshipNS)/sharedStrings" Target="/xl/sharedStrings.xml"/></Relationships>
                """,
            "xl/styles.xml": styles,
            "xl/sharedStrings.xml": "<sst xmlns=\"\(mainNS)\">\(sharedStrings.joined())</sst>",
            "xl/worksheets/sheet1.xml": "<worksheet xmlns=\"\(mainNS)\"><sheetData>\(rows)</sheetData></worksheet>",
        ]
        for (name, text) in replacing {
            parts[name] = text
        }
        return parts
    }

    /// Writes a minimal workbook of hand-written parts (`workbookParts`).
    static func handBuiltWorkbook(rows: String, sharedStrings: [String] = [], workbookProperties: String = "",
                                  replacing: [String: String?] = [:]) throws -> String {
        let path = try TestSupport.temporaryFolder() + "/hand-built.xlsx"
        try zip([path: entries(workbookParts(rows: rows, sharedStrings: sharedStrings, workbookProperties: workbookProperties,
                                             replacing: replacing))])
        return path
    }

    /// Zip entries of text parts, for `zip(_:to:)`.
    static func entries(_ parts: [String: String]) -> [[String: Any]] {
        parts.sorted { $0.key < $1.key }.map { ["name": $0.key, "text": $0.value] }
    }

    /// Writes zip archives, by path, of deflated entries: `text`, or `zeros` bytes of zeros (deflated
    /// by repeating one compressed megabyte, so a bomb is built in no time); `declare` makes the
    /// headers claim another uncompressed size. One Python run writes them all.
    static func zip(_ archives: [String: [[String: Any]]]) throws {
        let spec = try TestSupport.temporaryFolder() + "/archives.json"
        try JSONSerialization.data(withJSONObject: archives).write(to: URL(fileURLWithPath: spec))
        try python("""
            import json, struct, sys, zlib
            def deflated(data, flush=zlib.Z_FINISH):
                c = zlib.compressobj(9, zlib.DEFLATED, -15)
                return c.compress(data) + c.flush(flush), c
            for path, entries in json.load(open(sys.argv[1], encoding="utf-8")).items():
                out, central = bytearray(), bytearray()
                for e in entries:
                    name = e["name"].encode()
                    if "zeros" in e:
                        megabyte, c = deflated(bytes(1 << 20), zlib.Z_FULL_FLUSH)
                        size, data, crc = e["zeros"], megabyte * (e["zeros"] >> 20) + c.flush(), 0
                    else:
                        raw = e["text"].encode()
                        size, data, crc = len(raw), deflated(raw)[0], zlib.crc32(raw)
                    declared = e.get("declare", size)
                    central += struct.pack("<I6H3I5H2I", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), declared,
                                           len(name), 0, 0, 0, 0, 0, len(out)) + name
                    out += struct.pack("<I5H3I2H", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), declared, len(name), 0) + name + data
                start = len(out)
                out += central + struct.pack("<I4H2IH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), start, 0)
                open(path, "wb").write(out)
            """, [spec])
    }

    /// Runs a Python script that writes files.
    static func python(_ script: String, _ arguments: [String]) throws {
        let result = try BinaryRunner.runProgram("/usr/bin/env", ["python3", "-c", script] + arguments)
        try #require(result.status == 0, "python3 failed (pip install -r Tests/interop-requirements.txt): \(result.stderr)")
    }

    static func rows(of source: any RowSource) throws -> [SourceRow] {
        var rows: [SourceRow] = []
        while let row = try source.nextRow() {
            rows.append(row)
        }
        return rows
    }

    /// The problem that stops reading the workbook at `path` to its end, nil when it reads.
    static func readingProblem(_ path: String, limits: WorkbookLimits = WorkbookLimits()) -> ReadProblem? {
        do throws(ReadProblem) {
            let reader = try XLSXReader.opening(path: path, preferredSheetNames: titles, limits: limits)
            while try reader.nextRow() != nil {}
            return nil
        } catch {
            return error
        }
    }

    static func isCorrupt(_ problem: ReadProblem) -> Bool {
        if case .corruptWorkbook = problem { true } else { false }
    }

    static func isMalformedXML(_ problem: ReadProblem) -> Bool {
        if case .malformedXML = problem { true } else { false }
    }
}

extension XLSXReader {
    /// The reader of the sheet named one of `preferredSheetNames`, else of the first visible sheet:
    /// the sheet the validator reads in a workbook whose header it finds on that sheet.
    static func opening(path: String, preferredSheetNames: [String],
                        limits: WorkbookLimits = WorkbookLimits()) throws(ReadProblem) -> XLSXReader {
        let workbook = try XLSXWorkbook(path: path, limits: limits)
        let index = workbook.sheet(namedOneOf: preferredSheetNames) ?? workbook.searchOrder[0]
        guard let reader = try workbook.rows(ofSheet: index) as? XLSXReader else { throw .noWorksheet }
        return reader
    }
}
