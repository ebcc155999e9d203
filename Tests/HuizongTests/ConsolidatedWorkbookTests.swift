import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// The workbook written on its own thread from the versions handed over, read back by openpyxl.
@Suite struct ConsolidatedWorkbookTests {
    static func versions(_ type: ReturnType, count: Int) -> [CurrentVersion] {
        (0..<count).map { i in
            CurrentVersion(values: type.fields.map { $0.type == .integer ? String(i) : "\($0.key)\(i)" }, file: "f.csv", row: i + 2)
        }
    }

    /// Seven enterprise versions over sheets of three, and three village versions filling their one
    /// sheet exactly, then the summary.
    @Test func typesGoOnOverFurtherSheetsAndTheSummaryComesLast() throws {
        let schema = try TestSupport.schema()
        let path = try TestSupport.temporaryFolder() + "/consolidated.xlsx"
        let counts = ["enterprise": 7, "village": 3]
        let workbook = ConsolidatedWorkbook(schema: schema, counts: counts, to: path, perSheet: 3)
        for type in schema.returnTypes {
            for version in Self.versions(type, count: counts[type.name]!) { workbook.add(version) }
            workbook.endType()
        }
        try workbook.finish(summary: [["报送期间", "报表", "等级项目", "优秀"], ["2009-04", "企业创建情况表", "诚信守法等级", "5"]])
        let script = """
        import sys, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
        for ws in wb.worksheets:
            rows = list(ws.iter_rows(values_only=True))
            print(ws.title, len(rows), rows[1][0] if len(rows) > 1 else None, rows[-1][-1])
        """
        let result = try BinaryRunner.runProgram("/usr/bin/env", ["python3", "-c", script, path])
        try #require(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").map(String.init) == [
            "企业创建情况表 4 credit_code0 待审核", "企业创建情况表 (2) 4 credit_code3 待审核", "企业创建情况表 (3) 2 credit_code6 待审核",
            "民主法治村创建情况表 4 village_code0 待审核", "等级汇总 2 2009-04 5",
        ])
    }

    @Test func anAbandonedWorkbookIsNotPutInPlace() throws {
        let schema = try TestSupport.schema()
        let folder = try TestSupport.temporaryFolder()
        let path = folder + "/consolidated.xlsx"
        try Data("the previous workbook".utf8).write(to: URL(fileURLWithPath: path))
        let workbook = ConsolidatedWorkbook(schema: schema, counts: ["enterprise": 5000], to: path, perSheet: 3)
        for version in Self.versions(schema.returnTypes[0], count: 5000) { workbook.add(version) }
        workbook.abandon()
        #expect(FileManager.default.contents(atPath: path) == Data("the previous workbook".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["consolidated.xlsx"])
    }
}
