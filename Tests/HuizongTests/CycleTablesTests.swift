import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// The cycle's tables from hand-made values, and the run's changes written through `OutboxWriter`
/// from rows put into the store's `change` table.
@Suite struct CycleTablesTests {
    /// The enterprise type with the plan's 填报说明 appended as its last field, as the loader does.
    static func typeWithExplanation() throws -> ReturnType {
        var type = try #require(try TestSupport.schema().returnType(named: "enterprise"))
        if type.explanationField == nil {
            type.fields.append(Field(key: "explanation", label: "填报说明", type: .string, constraints: FieldConstraints(), aliases: ["说明"],
                                     isCode: false, checksum: nil, trueValues: [], falseValues: [], hint: nil))
            type.explanationField = type.fields.count - 1
        }
        return type
    }

    @Test func theExplanationFollowsTheSourceAndAShortStoredRowIsPadded() throws {
        let type = try Self.typeWithExplanation()
        let header = ConsolidatedTable.header(type)
        #expect(header == EnterpriseReturn.labels + ["来源文件", "来源行号", "填报说明", "审核状态"])
        var values = EnterpriseReturn.row(0)
        values.append("新招工人 60 名")
        let explained = CurrentVersion(values: values, file: "六月.csv", row: 2, state: .approved)
        #expect(ConsolidatedTable.cells(type, explained) == EnterpriseReturn.row(0) + ["六月.csv", "2", "新招工人 60 名", "已审核"])
        // Stored before 填报说明 (and 填报日期) existed.
        let short = CurrentVersion(values: Array(EnterpriseReturn.row(1).prefix(18)), file: "五月.csv", row: 3)
        let cells = ConsolidatedTable.cells(type, short)
        #expect(cells.count == header.count)
        #expect(Array(cells.suffix(6)) == ["0574-86123456", "", "五月.csv", "3", "", "待审核"])
    }

    @Test func changesNameTheFieldByItsLabelAndDefuseFormulas() throws {
        let schema = try TestSupport.schema()
        let registry = try Registry.load(path: schema.registryPath)
        let unit = EnterpriseReturn.units[0]
        let changes = [
            FieldChange(returnType: "enterprise", unit: unit.code, period: "2009-06", field: "employees", old: "120", new: "130", file: "改.csv"),
            FieldChange(returnType: "enterprise", unit: unit.code, period: "2009-06", field: "contact", old: "王丽", new: "=HYPERLINK(1)", file: "改.csv"),
        ]
        var table = CSVText(header: ChangeTable.header)
        for change in changes { table.append(ChangeTable.cells(change, schema: schema, registry: registry)) }
        var text = String(decoding: table.bytes, as: UTF8.self)
        #expect(text.hasPrefix("\u{FEFF}"))
        text.removeFirst()
        #expect(text == "报表,单位代码,单位名称,报送期间,字段,原值,新值,来源文件\r\n"
                + "企业创建情况表,\(unit.code),\(unit.name),2009-06,职工人数,120,130,改.csv\r\n"
                + "企业创建情况表,\(unit.code),\(unit.name),2009-06,填报人,王丽,'=HYPERLINK(1),改.csv\r\n")
        let json = JSONValue.array(changes.map(ChangeTable.json)).rendered()
        #expect(json.contains("\"field\": \"employees\"") && json.contains("\"old\": \"120\"") && json.contains("\"new\": \"130\""))
    }

    @Test func aReturnDecidedOnAnOlderVersionShowsNoDecision() {
        let decision = Decision(action: .return, returnType: "enterprise", unit: "X", period: "2009-06", version: 1,
                                decidedBy: "张三", decidedAt: "2009-07-12T09:00:00+08:00", note: "请核实")
        let entry = ReviewEntry(returnType: "enterprise", unit: "X", period: "2009-06", version: 2,
                                state: ReviewState(version: 2, latest: .return, on: 1), decision: decision, values: [],
                                file: "f.csv", row: 2, explainedRules: [])
        #expect(entry.state == .pending)
        #expect(ReviewTable.decision(entry) == nil)
        #expect(ReviewState(version: 1, latest: .return, on: 1) == .returned)
        #expect(ReviewState(version: 2, latest: .approve, on: 1) == .approved)
        #expect(ReviewState(version: 2, latest: .withdraw, on: 2) == .pending)
    }

    /// A night, then the run's changes put into the store as the merge records them, and the outbox
    /// written again: changes.csv, report.json `changes[]`, the 修改记录 sheet and the dashboard.
    @Test func theRunsChangesReachEveryOutput() throws {
        let night = try NightWorkspace()
        defer { try? FileManager.default.removeItem(atPath: night.root) }
        try night.drop("六月.csv", EnterpriseReturn.csv([EnterpriseReturn.row(0), EnterpriseReturn.row(1)]))
        #expect(try night.run().status == 0)
        let unit = EnterpriseReturn.units[1]
        let store = try Store(path: night.outbox + "/" + Store.fileName)
        let run = try #require(try store.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM run") })
        try store.write { db in
            try db.execute(sql: """
                INSERT INTO change (run, returnType, unit, period, field, old, new, file)
                VALUES (?, 'enterprise', ?, '2009-06', 'employees', '100', '120', (SELECT MAX(id) FROM file))
                """, arguments: [run, unit.code])
        }
        let record = try #require(try store.run(run))
        let workspace = try Workspace(root: night.root)
        _ = try OutboxWriter(workspace: workspace, store: store).write(run: record, period: nil, now: Date(), keepsNightPage: true)

        #expect(try night.table("outbox/changes.csv") == [ChangeTable.header,
            ["企业创建情况表", unit.code, unit.name, "2009-06", "职工人数", "100", "120", "六月.csv"]])
        let changes = try #require(try night.report()["changes"] as? [[String: String]])
        #expect(changes == [["returnType": "enterprise", "unit": unit.code, "period": "2009-06", "field": "employees",
                             "old": "100", "new": "120", "file": "六月.csv"]])
        let page = try night.text("outbox/index.html")
        let section = try #require(page.range(of: "<div class=\"unit-changes\" data-changes=\"\(unit.code)\">").map { String(page[$0.upperBound...].prefix(800)) })
        #expect(section.contains(unit.name) && section.contains("<td>职工人数</td><td>100</td><td>120</td>"))
        let sheet = try WorkbookNightTests.python("""
            import sys, openpyxl
            ws = openpyxl.load_workbook(sys.argv[1])["修改记录"]
            print("|".join(str(c.value) for c in ws[2]))
            """, [night.outbox + "/cycle.xlsx"])
        #expect(sheet == "企业创建情况表|\(unit.code)|\(unit.name)|2009-06|职工人数|100|120|六月.csv\n")
        #expect(try night.contract() == NightWorkspace.contractHolds)
    }
}
