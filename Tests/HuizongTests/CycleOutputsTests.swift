import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// The outputs of the reporting cycle (PRODUCT §11) after real nights: timeliness.csv, review.csv,
/// changes.csv, cycle.xlsx, their parts of report.json and the dashboard, and the consolidated
/// tables' 填报说明 and 审核状态. The run judges timeliness at the real clock, so every 2009
/// deadline has passed.
@Suite struct CycleOutputsTests {
    /// Shanghai time, as the shipped plan's deadlines are.
    static func shanghai(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text + "+08:00")!
    }

    /// Drops a June return of enterprise `unit` as if the unit had copied it in at `received`.
    func dropJune(_ night: NightWorkspace, unit: Int, received: String, employees: Int = 120) throws {
        let name = "企业-\(unit)-\(employees).csv"
        try night.drop(name, EnterpriseReturn.csv([EnterpriseReturn.row(unit, employees: employees)]))
        try FileManager.default.setAttributes([.modificationDate: Self.shanghai(received)], ofItemAtPath: night.inbox + "/" + name)
    }

    /// On time at 23:59 on the due date, late from midnight on; units 0–3 filed June, the rest did not.
    func juneNight() throws -> NightWorkspace {
        let night = try NightWorkspace()
        try dropJune(night, unit: 0, received: "2009-07-10T23:59:00")
        try dropJune(night, unit: 1, received: "2009-07-15T09:30:00")
        try dropJune(night, unit: 2, received: "2009-07-11T00:00:00")
        try dropJune(night, unit: 3, received: "2009-06-28T10:00:00")
        let result = try night.run()
        #expect(result.status == 0, "\(result.stderr)")
        return night
    }

    /// Rows of a CSV output keyed by unit code and period.
    func keyed(_ night: NightWorkspace, _ name: String) throws -> [String: [String]] {
        let table = try night.table("outbox/" + name)
        var byKey: [String: [String]] = [:]
        for row in table.dropFirst() { byKey[row[1] + " " + row[3]] = row }
        return byKey
    }

    @Test func timelinessJudgesTheFirstReceiptAgainstTheDeadlineInShanghai() throws {
        let night = try juneNight()
        defer { try? FileManager.default.removeItem(atPath: night.root) }
        let table = try night.table("outbox/timeliness.csv")
        #expect(table[0] == ["报表", "单位代码", "单位名称", "报送期间", "截止日期", "首次报送时间", "状态", "逾期天数"])
        // Every registered unit for every plan period (all nine have passed): 60 enterprises, 20 villages.
        #expect(table.count - 1 == 9 * 60 + 9 * 20)
        let types = ["企业创建情况表": 0, "民主法治村创建情况表": 1]
        let order = table.dropFirst().map { [String(types[$0[0]]!), $0[3], $0[1]] }
        #expect(order == order.sorted { $0.lexicographicallyPrecedes($1) }, "by return type, period, unit")
        let rows = try keyed(night, "timeliness.csv")
        let units = EnterpriseReturn.units
        #expect(rows[units[0].code + " 2009-06"] == ["企业创建情况表", units[0].code, units[0].name, "2009-06", "2009-07-10",
                                                    "2009-07-10T23:59:00+08:00", "按时", ""])
        #expect(rows[units[1].code + " 2009-06"]?[5...] == ["2009-07-15T09:30:00+08:00", "逾期", "5"])
        #expect(rows[units[2].code + " 2009-06"]?[5...] == ["2009-07-11T00:00:00+08:00", "逾期", "1"])
        #expect(rows[units[3].code + " 2009-06"]?[6] == "按时")
        #expect(rows[units[4].code + " 2009-06"]?[4...] == ["2009-07-10", "", "未报", ""])
        #expect(rows[units[0].code + " 2009-05"]?[6] == "未报")
        #expect(rows[units[0].code + " 2009-12"]?[4] == "2010-01-10")

        let tallies = try #require(try night.report()["timeliness"] as? [[String: Any]])
        #expect(tallies.count == 18)
        let june = try #require(tallies.first { $0["returnType"] as? String == "enterprise" && $0["period"] as? String == "2009-06" })
        #expect(june["deadline"] as? String == "2009-07-10")
        #expect(june["expected"] as? Int == 60 && june["onTime"] as? Int == 2 && june["late"] as? Int == 2 && june["missing"] as? Int == 56)
        #expect(abs((june["onTimeRate"] as? Double ?? -1) - 2.0 / 60) < 1e-12)
        let villages = try #require(tallies.first { $0["returnType"] as? String == "village" && $0["period"] as? String == "2009-06" })
        #expect(villages["onTimeRate"] as? Double == 0 && villages["missing"] as? Int == 20)
        #expect(try night.contract() == NightWorkspace.contractHolds)
    }

    @Test func aLaterCorrectionNeverMakesAUnitLate() throws {
        let night = try juneNight()
        defer { try? FileManager.default.removeItem(atPath: night.root) }
        try dropJune(night, unit: 0, received: "2009-08-01T08:00:00", employees: 130)
        #expect(try night.run().status == 0)
        let row = try #require(try keyed(night, "timeliness.csv")[EnterpriseReturn.units[0].code + " 2009-06"])
        #expect(row[5...] == ["2009-07-10T23:59:00+08:00", "按时", ""])
        #expect(try night.contract() == NightWorkspace.contractHolds)
    }

    /// The plan's `deadlines` sets a period's due date; a period not yet due with no rows is left out.
    @Test func deadlinesOfSinglePeriodsOverrideTheDay() throws {
        let night = try NightWorkspace()
        defer { try? FileManager.default.removeItem(atPath: night.root) }
        let plan = night.root + "/seeds/plan.yaml"
        let text = try String(contentsOfFile: plan, encoding: .utf8)
        try TestSupport.write(text.replacingOccurrences(of: "# deadlines: {\"2009-12\": \"2010-01-15\"}",
                                                        with: "deadlines: {\"2009-06\": \"2009-07-20\", \"2009-12\": \"2999-01-15\"}"), to: plan)
        try dropJune(night, unit: 1, received: "2009-07-15T09:30:00")
        try dropJune(night, unit: 2, received: "2009-07-21T09:30:00")
        #expect(try night.run().status == 0)
        let rows = try keyed(night, "timeliness.csv")
        #expect(rows[EnterpriseReturn.units[1].code + " 2009-06"]?[4...] == ["2009-07-20", "2009-07-15T09:30:00+08:00", "按时", ""])
        #expect(rows[EnterpriseReturn.units[2].code + " 2009-06"]?[6...] == ["逾期", "1"])
        #expect(rows[EnterpriseReturn.units[0].code + " 2009-11"] != nil)
        #expect(rows[EnterpriseReturn.units[0].code + " 2009-12"] == nil, "2009-12 is not due yet and has no rows")
        #expect(try night.contract() == NightWorkspace.contractHolds)
    }

    /// Decisions recorded between nights show in review.csv, report.json and the consolidated table;
    /// a resubmission after a return waits again.
    @Test func reviewStatesFollowTheDecisions() throws {
        let night = try juneNight()
        defer { try? FileManager.default.removeItem(atPath: night.root) }
        let units = EnterpriseReturn.units
        do {
            let store = try Store(path: night.outbox + "/" + Store.fileName)
            for (unit, action, note) in [(0, DecisionAction.approve, "数据无误"), (1, .return, "职工人数请核实")] {
                let version = try store.reviewEntries(period: "2009-06", returnType: "enterprise", unit: units[unit].code).all().first?.version
                try store.record([Decision(action: action, returnType: "enterprise", unit: units[unit].code, period: "2009-06",
                                           version: version, decidedBy: "张三", decidedAt: "2009-07-12T09:00:00+08:00", note: note)])
            }
        }
        #expect(try night.run().status == 0)
        let review = try night.table("outbox/review.csv")
        #expect(review[0] == ["报表", "单位代码", "单位名称", "报送期间", "审核状态", "审核人", "审核时间", "审核意见"])
        #expect(review.dropFirst().map { $0[1] } == units[0...3].map(\.code).sorted())
        let rows = try keyed(night, "review.csv")
        #expect(rows[units[0].code + " 2009-06"] == ["企业创建情况表", units[0].code, units[0].name, "2009-06", "已审核", "张三",
                                                    "2009-07-12T09:00:00+08:00", "数据无误"])
        #expect(rows[units[1].code + " 2009-06"]?[4...] == ["已退回", "张三", "2009-07-12T09:00:00+08:00", "职工人数请核实"])
        #expect(rows[units[2].code + " 2009-06"]?[4...] == ["待审核", "", "", ""])

        let consolidated = try night.table("outbox/consolidated/enterprise.csv")
        #expect(Array(consolidated[0].suffix(4)) == ["来源文件", "来源行号", "填报说明", "审核状态"])
        let states = Dictionary(uniqueKeysWithValues: consolidated.dropFirst().map { ($0[0], $0.last!) })
        #expect(states[units[0].code] == "已审核" && states[units[1].code] == "已退回" && states[units[2].code] == "待审核")

        let json = try #require(try night.report()["review"] as? [[String: Any]])
        #expect(json.count == 4)
        let returned = try #require(json.first { $0["unit"] as? String == units[1].code })
        #expect(Set(returned.keys) == ["returnType", "unit", "name", "period", "state", "decidedBy", "decidedAt", "note", "explanation"])
        #expect(returned["returnType"] as? String == "enterprise" && returned["state"] as? String == "returned")
        #expect(returned["name"] as? String == units[1].name && returned["note"] as? String == "职工人数请核实")

        let page = try night.text("outbox/index.html")
        let section = try #require(page.range(of: "<section id=\"review\"").map { String(page[$0.lowerBound...]) })
        #expect(section.contains("data-review=\"\(units[1].code)\"") && section.contains("退回原因：职工人数请核实"))
        #expect(!section.prefix(upTo: section.range(of: "</section>")!.lowerBound).contains("data-review=\"\(units[0].code)\""))

        // The unit sends a corrected return: it waits for review again.
        try dropJune(night, unit: 1, received: "2009-07-16T09:30:00", employees: 125)
        #expect(try night.run().status == 0)
        #expect(try keyed(night, "review.csv")[units[1].code + " 2009-06"]?[4...] == ["待审核", "", "", ""])
        #expect(try night.contract() == NightWorkspace.contractHolds)
    }

    @Test func theConsolidatedTableWithItsNewColumnsValidatesAsAReturn() throws {
        let night = try juneNight()
        defer { try? FileManager.default.removeItem(atPath: night.root) }
        for type in ["enterprise", "village"] {
            let result = try BinaryRunner.run(["validate", "--root", night.root, night.outbox + "/consolidated/\(type).csv"])
            #expect(result.status == 0, "\(type): \(result.stdout) \(result.stderr)")
        }
    }

    @Test func cycleWorkbookHasTheFourTables() throws {
        let night = try juneNight()
        defer { try? FileManager.default.removeItem(atPath: night.root) }
        let script = """
            import sys, json, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            out = {}
            for ws in wb.worksheets:
                out[ws.title] = {"header": [c.value for c in ws[1]], "bold": all(c.font.b for c in ws[1]), "frozen": ws.freeze_panes,
                                 "rows": ws.max_row, "second": [c.value.isoformat()[:10] if hasattr(c.value, "isoformat") else c.value for c in ws[2]],
                                 "types": [c.data_type for c in ws[2]], "width": ws.column_dimensions["C"].width}
            print(json.dumps(out, ensure_ascii=False))
            """
        let output = try WorkbookNightTests.python(script, [night.outbox + "/cycle.xlsx"])
        let sheets = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: [String: Any]])
        #expect(Set(sheets.keys) == ["审核情况", "报送及时率", "逾期未报", "修改记录"])
        let review = try #require(sheets["审核情况"])
        #expect(review["header"] as? [String] == ReviewTable.header)
        #expect(review["rows"] as? Int == 5 && review["frozen"] as? String == "A2" && review["bold"] as? Bool == true)
        #expect((review["second"] as? [Any])?[1] as? String == EnterpriseReturn.units[0].code)
        #expect((review["width"] as? Double ?? 0) >= 20)
        let rates = try #require(sheets["报送及时率"])
        #expect(rates["header"] as? [String] == CycleWorkbook.ratesHeader)
        #expect(rates["rows"] as? Int == 1 + 9 * 2)
        let june = try #require(try WorkbookNightTests.python("""
            import sys, openpyxl
            ws = openpyxl.load_workbook(sys.argv[1])["报送及时率"]
            print([[c.value for c in row] for row in ws.iter_rows(min_row=2) if row[1].value == "2009-06" and row[0].value == "企业创建情况表"][0][3:])
            """, [night.outbox + "/cycle.xlsx"]) as String?)
        #expect(june.trimmingCharacters(in: .whitespacesAndNewlines) == "[60, 2, 2, 56, \(2.0 / 60)]")
        let chase = try #require(sheets["逾期未报"])
        #expect(chase["header"] as? [String] == Timeliness.header)
        // June is the latest period with returns in: its 2 late and 56 missing enterprises, then
        // the 20 villages, none of which filed.
        #expect(chase["rows"] as? Int == 1 + 2 + 56 + 20)
        let second = try #require(chase["second"] as? [Any])
        #expect(second[4] as? String == "2009-07-10" && second[3] as? String == "2009-06" && (chase["types"] as? [String])?[1] == "s")
        let changes = try #require(sheets["修改记录"])
        #expect(changes["header"] as? [String] == ChangeTable.header && changes["frozen"] as? String == "A2")
    }

    /// The dashboard's cycle sections, in Chinese and in English: the on-time rate per period and
    /// type, and whom to chase for the latest period with returns in, with the contact and phone
    /// of their previous return.
    @Test(arguments: [Language.zh, .en])
    func dashboardShowsTheCycle(language: Language) throws {
        let night = try NightWorkspace()
        defer { try? FileManager.default.removeItem(atPath: night.root) }
        try night.drop("五月.csv", EnterpriseReturn.csv([EnterpriseReturn.row(1, period: "2009-05")]))
        try dropJune(night, unit: 0, received: "2009-07-10T23:59:00")
        #expect(try night.run(["--lang", language.rawValue]).status == 0)
        let page = try night.text("outbox/index.html")
        let en = language == .en
        #expect(page.contains("<section id=\"timeliness\" class=\"major\">\n<h2>\(en ? "On-time rate" : "报送及时率")</h2>"))
        #expect(page.contains("<tr data-period=\"2009-06\" data-return=\"enterprise\" data-rate=\"\(1.0 / 60)\">"))
        #expect(page.contains("<svg class=\"rate\""))
        #expect(page.contains("<section id=\"chase\">\n<h2>\(en ? "Units to chase" : "催报名单")</h2>"))
        let unit = EnterpriseReturn.units[0].code
        #expect(!page.contains("<tr data-chase=\"\(unit)\""))
        let missing = EnterpriseReturn.units[1].code
        let chase = try #require(page.range(of: "<tr data-chase=\"\(missing)\" data-period=\"2009-06\">").map { String(page[$0.upperBound...].prefix(600)) })
        #expect(chase.contains(en ? "填报人: 王丽" : "填报人：王丽") && chase.contains("0574-86123456") && chase.contains("2009-05"))
        #expect(page.contains("<section id=\"review\" class=\"major\">\n<h2>\(en ? "Waiting for review" : "待审核")</h2>"))
        #expect(page.contains("data-review=\"\(unit)\""))
        #expect(page.contains("<section id=\"changes\">\n<h2>\(en ? "What changed tonight" : "本次修改的数据")</h2>"))
    }

    /// A night of every registered enterprise for four months: the files list all 240 returns and
    /// the dashboard the first 200, with a line that says where the rest are.
    @Test func longListsAreWholeInTheFilesAndShortOnThePage() throws {
        let night = try NightWorkspace()
        defer { try? FileManager.default.removeItem(atPath: night.root) }
        let lines = try String(contentsOfFile: night.root + "/seeds/units.csv", encoding: .utf8).components(separatedBy: .newlines)
        let enterprises = lines.map { $0.components(separatedBy: ",") }.filter { $0.count == 4 && $0[2] == "企业" }
        #expect(enterprises.count == 60)
        var rows: [[String]] = []
        for period in ["2009-04", "2009-05", "2009-06", "2009-07"] {
            for unit in enterprises {
                var row = EnterpriseReturn.row(0, period: period)
                row[0] = unit[0]
                row[1] = unit[1]
                row[2] = unit[3]
                rows.append(row)
            }
        }
        try night.drop("全年.csv", EnterpriseReturn.csv(rows))
        #expect(try night.run().status == 0)
        #expect(try night.table("outbox/review.csv").count == 1 + 240)
        #expect((try night.report()["review"] as? [Any])?.count == 240)
        // Read in pages of 7, the 240 returns come once each, in order.
        let store = try Store(path: night.outbox + "/" + Store.fileName)
        let paged = try store.reviewEntries(pageSize: 7).all().map { "\($0.returnType) \($0.period) \($0.unit)" }
        #expect(paged.count == 240 && paged == paged.sorted() && Set(paged).count == 240)
        #expect(try store.reviewEntries(period: "2009-05", pageSize: 7).all().count == 60)
        let one = try store.reviewEntries(period: "2009-05", returnType: "enterprise", unit: enterprises[3][0]).all()
        #expect(one.map(\.unit) == [enterprises[3][0]])
        let page = try night.text("outbox/index.html")
        #expect(page.components(separatedBy: "data-review=").count - 1 == ReportingCycle.shownOnDashboard)
        #expect(page.contains("另有 40 条未在此列出，见 outbox/review.csv。"))
    }

    /// The late and missing units of the chased periods, longer than a sheet, go on over further
    /// sheets, read once in order.
    @Test func timelinessGoesOnOverSheets() throws {
        let night = try juneNight()
        defer { try? FileManager.default.removeItem(atPath: night.root) }
        #expect(try night.run().status == 0)
        let workspace = try Workspace(root: night.root)
        let store = try Store(path: night.outbox + "/" + Store.fileName)
        let run = try #require(try store.latestRun())
        let cycle = try ReportingCycle(store: store, schema: workspace.schema, registry: workspace.registry, run: run, now: Date())
        let workbook = CycleWorkbook.workbook(cycle, schema: workspace.schema, registry: workspace.registry, perSheet: 30)
        let timeliness = workbook.sheets.filter { $0.name.hasPrefix("逾期未报") }
        #expect(timeliness.map(\.name) == ["逾期未报", "逾期未报 (2)", "逾期未报 (3)"])
        let rows = timeliness.map { Array($0.rows) }
        #expect(rows.map(\.count) == [31, 31, 19])
        let csv = try night.table("outbox/timeliness.csv").filter { row in
            row[6] != "按时" && (row[0] == "企业创建情况表" ? row[3] == "2009-06" : row[3] == "2009-12")
        }
        #expect(csv.count == 78)
        func code(_ row: [Worksheet.Cell]) -> String? {
            if case .string(let text) = row[1].value { return text }
            return nil
        }
        #expect(code(rows[1][1]) == csv[30][1] && code(rows[2][18]) == csv[77][1])
    }
}
