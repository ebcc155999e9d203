import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// Workbooks through the nightly run and back (PRODUCT §5, §7.3, §9), with openpyxl, XlsxWriter
/// and LibreOffice as the real producers and consumers.
@Suite struct WorkbookNightTests {
    /// Runs a Python script with arguments and returns what it printed, failing the test on an error.
    static func python(_ script: String, _ arguments: [String] = []) throws -> String {
        let result = try BinaryRunner.runProgram("/usr/bin/env", ["python3", "-c", script] + arguments)
        guard result.status == 0 else { throw PythonFailed(message: result.stderr) }
        return result.stdout
    }

    struct PythonFailed: Error { var message: String }

    /// An enterprise return in a sheet named 企业创建情况表 with a title row, written by openpyxl:
    /// row 3 (header) then rows 4–6; row 5's code is a number cell, row 6's rating is wrong.
    static let openpyxlReturn = """
        import sys, datetime, openpyxl
        rows = [r.split(",") for r in sys.argv[2].split(";")]
        wb = openpyxl.Workbook(); ws = wb.active; ws.title = "企业创建情况表"
        ws.append(["清溪镇企业创建情况表（2009年6月）"]); ws.merge_cells("A1:S1")
        ws.append(["填报单位：清溪镇企业协会"])
        ws.append(sys.argv[3].split(","))
        for i, r in enumerate(rows):
            values = [int(v) if v.isdigit() and len(v) < 6 else v for v in r]
            values[18] = datetime.date(*map(int, r[18].split("-")))
            if i == 1: values[0] = int(r[0][:17] + "0")
            ws.append(values)
            ws.cell(row=ws.max_row, column=19).number_format = "yyyy-mm-dd"
        wb.save(sys.argv[1])
        """

    static func rows() -> [[String]] {
        var wrong = EnterpriseReturn.row(2)
        wrong[13] = "良好"
        return [EnterpriseReturn.row(0), EnterpriseReturn.row(1), wrong]
    }

    func dropWorkbook(_ night: NightWorkspace, _ name: String) throws {
        let rows = Self.rows().map { $0.joined(separator: ",") }.joined(separator: ";")
        _ = try Self.python(Self.openpyxlReturn, [night.inbox + "/" + name, rows, EnterpriseReturn.labels.joined(separator: ",")])
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: night.inbox + "/" + name)
    }

    /// What openpyxl sees in a workbook: per cell value, red fill and comment.
    static let inspect = """
        import sys, json, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        out = {"sheets": wb.sheetnames}
        ws = wb[wb.sheetnames[0]]
        out["freeze"] = ws.freeze_panes
        out["rows"] = [[c.value if not hasattr(c.value, "isoformat") else c.value.isoformat()[:10] for c in row] for row in ws.iter_rows()]
        out["red"] = [c.coordinate for row in ws.iter_rows() for c in row if c.fill and c.fill.fgColor and str(c.fill.fgColor.rgb).endswith("FFC7CE")]
        out["comments"] = {c.coordinate: c.comment.text for row in ws.iter_rows() for c in row if c.comment}
        out["types"] = [c.data_type for c in ws[2]] if ws.max_row > 1 else []
        print(json.dumps(out, ensure_ascii=False))
        """

    static func inspect(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(try python(inspect, [path]).utf8)) as? [String: Any] ?? [:]
    }

    @Test func workbookReturnGetsAnErrorWorkbookAndIsAcceptedOnceCorrected() throws {
        let night = try NightWorkspace()
        try dropWorkbook(night, "协会-6月.xlsx")
        #expect(try night.run().status == 0)
        #expect(try night.contract() == NightWorkspace.contractHolds)
        let file = try #require(try night.reportedFiles().first)
        #expect(file["format"] as? String == "xlsx")
        #expect(file["status"] as? String == "partial")
        let issues = try night.reportedIssues().map { "\($0["row"] as? Int ?? 0) \($0["field"] as? String ?? "-") \($0["code"] as? String ?? "")" }
        #expect(issues == ["5 credit_code type-error", "6 integrity_rating row-constraint"])
        let report = try #require(file["errorReport"] as? String)
        #expect(report.hasSuffix("协会-6月-错误.xlsx"))
        let seen = try Self.inspect(night.root + "/" + report)
        #expect(seen["sheets"] as? [String] == ["企业创建情况表"])
        #expect(seen["freeze"] as? String == "A2")
        let rows = try #require(seen["rows"] as? [[Any]])
        #expect(rows[0].compactMap { $0 as? String } == EnterpriseReturn.labels + ["填报说明", "错误说明", "原行号"])
        #expect(rows.count == 3)
        #expect(rows.map { $0.last as? Int } == [nil, 5, 6])
        #expect(seen["red"] as? [String] == ["A2", "N3"])
        let comments = try #require(seen["comments"] as? [String: String])
        #expect(comments["A2"]?.contains("文本") == true)
        #expect(comments["N3"]?.contains("诚信守法等级") == true)

        // The clerk types the code as text and fixes the rating, saves, and drops the file back.
        let corrected = night.inbox + "/协会-6月-错误-已改.xlsx"
        _ = try Self.python("""
            import sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1]); ws = wb.active
            ws["A2"].value = sys.argv[3]; ws["A2"].number_format = "@"
            ws["N3"].value = "优秀"
            wb.save(sys.argv[2])
            """, [night.root + "/" + report, corrected, EnterpriseReturn.units[1].code])
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: corrected)
        #expect(try night.run().status == 0)
        let second = try #require(try night.reportedFiles().first)
        #expect(second["status"] as? String == "accepted")
        #expect((second["rows"] as? [String: Int]) == ["read": 2, "accepted": 2, "rejected": 0])
        #expect(try night.table("outbox/consolidated/enterprise.csv").count == 4)
        #expect(try night.contract() == NightWorkspace.contractHolds)
    }

    @Test func consolidatedWorkbookHasTypedSheets() throws {
        let night = try NightWorkspace()
        try night.drop("六月.csv", EnterpriseReturn.csv([EnterpriseReturn.row(0), EnterpriseReturn.row(1)]))
        #expect(try night.run().status == 0)
        let script = """
            import sys, json, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1]); ws = wb["企业创建情况表"]
            row = [c.value.isoformat()[:10] if hasattr(c.value, "isoformat") else c.value for c in ws[2]]
            print(json.dumps({"sheets": wb.sheetnames, "header": [c.value for c in ws[1]], "row": row,
                              "types": [c.data_type for c in ws[2]], "summary": [[c.value for c in r] for r in wb["等级汇总"].iter_rows()]},
                             ensure_ascii=False))
            """
        let seen = try JSONSerialization.jsonObject(with: Data(try Self.python(script, [night.outbox + "/consolidated/consolidated.xlsx"]).utf8)) as? [String: Any] ?? [:]
        #expect(seen["sheets"] as? [String] == ["企业创建情况表", "民主法治村创建情况表", "等级汇总"])
        #expect(seen["header"] as? [String] == EnterpriseReturn.labels + ["来源文件", "来源行号", "填报说明", "审核状态"])
        let row = try #require(seen["row"] as? [Any])
        #expect(row[0] as? String == EnterpriseReturn.units[0].code)
        #expect(row[4] as? Int == 120)
        #expect(row[18] as? String == "2009-06-20")
        #expect(row[19] as? String == "六月.csv")
        let types = try #require(seen["types"] as? [String])
        #expect(types[0] == "s" && types[4] == "n" && types[18] == "d")
        let summary = try #require(seen["summary"] as? [[Any]])
        #expect(summary.count == 3)
        #expect(summary[1].last as? Int == 2)
    }

    @Test func csvReturnGetsTheWorkbookBesideItsCSVReport() throws {
        let night = try NightWorkspace()
        var bad = EnterpriseReturn.row(1)
        bad[5] = "500"
        try night.drop("压铸.csv", EnterpriseReturn.csv([EnterpriseReturn.row(0), bad]))
        #expect(try night.run().status == 0)
        let report = try #require(try night.reportedFiles().first?["errorReport"] as? String)
        #expect(report.hasSuffix("压铸-错误.csv"))
        let workbook = String(report.dropLast(4)) + ".xlsx"
        let seen = try Self.inspect(night.root + "/" + workbook)
        #expect(seen["red"] as? [String] == ["F2"])
        #expect((seen["rows"] as? [[Any]])?.count == 2)
    }

    /// Returns written by openpyxl (inline strings), XlsxWriter (shared strings) and LibreOffice
    /// read to the same values as the same return in CSV.
    @Test func workbooksFromThreeWritersReadLikeTheCSV() throws {
        let validator = try Workspace(root: TestSupport.repositoryRoot).validator
        let folder = try TestSupport.temporaryFolder()
        func values(_ path: String) -> [[String]] {
            var rows: [[String]] = []
            _ = validator.validate(path: path, name: (path as NSString).lastPathComponent) { rows.append($0.values.map { $0?.canonical ?? "" }) }
            return rows
        }
        let rows = [EnterpriseReturn.row(0), EnterpriseReturn.row(1)]
        try TestSupport.write(EnterpriseReturn.csv(rows), to: folder + "/return.csv")
        let expected = values(folder + "/return.csv")
        #expect(expected.count == 2)
        let joined = rows.map { $0.joined(separator: ",") }.joined(separator: ";")
        _ = try Self.python("""
            import sys, openpyxl, xlsxwriter, datetime
            rows = [r.split(",") for r in sys.argv[3].split(";")]
            labels = sys.argv[4].split(",")
            def typed(r):
                v = [int(x) if x.isdigit() and len(x) < 6 else x for x in r]
                v[18] = datetime.date(*map(int, r[18].split("-")))
                return v
            wb = openpyxl.Workbook(); ws = wb.active; ws.title = "企业创建情况表"; ws.append(labels)
            for r in rows: ws.append(typed(r)); ws.cell(row=ws.max_row, column=19).number_format = "yyyy/m/d"
            wb.save(sys.argv[1])
            book = xlsxwriter.Workbook(sys.argv[2]); sheet = book.add_worksheet("企业创建情况表")
            date = book.add_format({"num_format": "yyyy-mm-dd"})
            sheet.write_row(0, 0, labels)
            for i, r in enumerate(rows):
                for j, v in enumerate(typed(r)):
                    if j == 18: sheet.write_datetime(i + 1, j, datetime.datetime.combine(v, datetime.time()), date)
                    elif j == 5: sheet.write_formula(i + 1, j, "=E%d-2" % (i + 2), None, v)
                    else: sheet.write(i + 1, j, v)
            book.close()
            """, [folder + "/openpyxl.xlsx", folder + "/xlsxwriter.xlsx", joined, EnterpriseReturn.labels.joined(separator: ",")])
        #expect(values(folder + "/openpyxl.xlsx") == expected)
        #expect(values(folder + "/xlsxwriter.xlsx") == expected)
    }

    /// A return LibreOffice wrote (Fixtures/xlsx/README.md): title rows, dates, a formula with its
    /// cached value, TRUE() booleans, and a code typed as a number.
    @Test func libreOfficeWorkbook() throws {
        let validator = try Workspace(root: TestSupport.repositoryRoot).validator
        let path = TestSupport.repositoryRoot + "/Tests/HuizongTests/Fixtures/xlsx/libreoffice-enterprise.xlsx"
        var rows: [RowOutcome] = []
        let report = validator.validate(path: path, name: "libreoffice-enterprise.xlsx") { rows.append($0) }
        #expect(report.returnType == "enterprise")
        #expect(report.issues.map { "\($0.row ?? 0) \($0.field ?? "-") \($0.code.rawValue)" } == ["6 credit_code type-error"])
        #expect(report.issues.first?.value == "9.13302061441038E+017")
        #expect(rows.map(\.row) == [4, 5, 6])
        let second = rows[1].values.map { $0?.canonical ?? "" }
        #expect(second[5] == "78")
        #expect(second[10] == "1200.5")
        #expect(second[18] == "2009-06-22")
        #expect(rows[2].values[7]?.canonical == "是")
        #expect(rows[2].values[9]?.canonical == "否")
    }

    /// The committed .xlsx template as Excel/WPS users meet it (PRODUCT §9).
    @Test func templateWorkbookHasDropDownsHintsAndTextCodeColumns() throws {
        let script = """
            import sys, json, openpyxl
            ws = openpyxl.load_workbook(sys.argv[1]).active
            print(json.dumps({
                "title": ws.title, "freeze": ws.freeze_panes, "header": [c.value for c in ws[1]],
                "codeFormat": [ws.column_dimensions[c].number_format for c in ("A", "C")],
                "widthA": ws.column_dimensions["A"].width,
                "lists": {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"},
                "prompts": {str(dv.sqref): dv.prompt for dv in ws.data_validations.dataValidation}}, ensure_ascii=False))
            """
        let path = TestSupport.repositoryRoot + "/templates/企业创建情况表.xlsx"
        let seen = try JSONSerialization.jsonObject(with: Data(try Self.python(script, [path]).utf8)) as? [String: Any] ?? [:]
        #expect(seen["title"] as? String == "企业创建情况表")
        #expect(seen["freeze"] as? String == "A2")
        #expect(seen["header"] as? [String] == EnterpriseReturn.labels + ["填报说明"])
        #expect(seen["codeFormat"] as? [String] == ["@", "@"])
        #expect((seen["widthA"] as? Double ?? 0) >= 18)
        let lists = try #require(seen["lists"] as? [String: String])
        #expect(lists["H2:H1048576"] == "\"是,否\"")
        #expect(lists["N2:N1048576"] == "\"优秀,良好,合格,不合格\"")
        #expect(lists.count == 5)
        let prompts = try #require(seen["prompts"] as? [String: String])
        #expect(prompts.count == 20)
        #expect(prompts["T2:T1048576"]?.hasPrefix("选填。数据需要核实时") == true)
        #expect(prompts["A2:A1048576"]?.hasPrefix("必填。18位代码") == true)
        #expect(prompts["C2:C1048576"]?.hasPrefix("选填。") == true)
    }
}
