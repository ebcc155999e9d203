import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// A season of the reporting cycle on the built binary (PRODUCT §11): May and June returns, a
/// threefold jump held until the clerk explains it in the error report, on-time and late returns,
/// an approval that locks, a 退回 whose workbook is corrected and sent back, a closed period, and
/// the changes of each night; every outbox is checked against the contract.
@Suite(.serialized) struct ReportingCycleTests {
    /// Shanghai is UTC+8: the May deadline (10 June, end of day) is 2009-06-10T16:00:00Z.
    static func utc(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text)!
    }

    /// Enterprise return rows with a 填报说明 column.
    static func enterpriseCSV(_ rows: [(unit: Int, period: String, employees: Int, explanation: String)]) -> String {
        let header = EnterpriseReturn.labels + ["填报说明"]
        let lines = rows.map { EnterpriseReturn.row($0.unit, period: $0.period, employees: $0.employees) + [$0.explanation] }
        return ([header] + lines).map { $0.joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func drop(_ night: NightWorkspace, _ name: String, _ text: String, receivedAt: String) throws {
        try night.drop(name, text)
        try FileManager.default.setAttributes([.modificationDate: utc(receivedAt)], ofItemAtPath: night.inbox + "/" + name)
    }

    static func review(_ night: NightWorkspace, _ arguments: [String]) throws -> BinaryRunner.Result {
        try BinaryRunner.run(["review"] + arguments + ["--root", night.root, "--by", "张科长"])
    }

    /// The rows of an outbox CSV whose first cell is `first`, header excluded.
    static func rows(_ night: NightWorkspace, _ file: String, where match: ([String]) -> Bool) throws -> [[String]] {
        try night.table("outbox/" + file).dropFirst().filter(match)
    }

    static func issues(_ night: NightWorkspace, code: String) throws -> [[String: Any]] {
        try night.reportedIssues().filter { $0["code"] as? String == code }
    }

    static let units = EnterpriseReturn.units

    @Test func aSeasonOfReturnsReviewsAndCorrections() throws {
        let night = try NightWorkspace()
        defer { try? FileManager.default.removeItem(atPath: night.root) }

        // May: four enterprises on time, one five days late.
        try Self.drop(night, "五月.csv", Self.enterpriseCSV((0...3).map { ($0, "2009-05", 100, "") }), receivedAt: "2009-06-08T02:00:00Z")
        try Self.drop(night, "五月-补报.csv", Self.enterpriseCSV([(4, "2009-05", 100, "")]), receivedAt: "2009-06-15T02:00:00Z")
        #expect(try night.run().status == 0)
        #expect(try night.contract() == NightWorkspace.contractHolds)
        let may = try Self.rows(night, "timeliness.csv") { $0[3] == "2009-05" && $0[1].hasPrefix("9133020") }
        #expect(may.first { $0[1] == Self.units[0].code }?[6] == "按时")
        #expect(may.first { $0[1] == Self.units[0].code }?[5] == "2009-06-08T10:00:00+08:00")
        let late = try #require(may.first { $0[1] == Self.units[4].code })
        #expect(late[4] == "2009-06-10" && late[6] == "逾期" && late[7] == "5")

        // June: unit 0 triples its staff with no word (held), unit 1 files on time at 23:59 of the
        // deadline, and corrects its May figures (a change).
        try Self.drop(night, "六月.csv", Self.enterpriseCSV([(0, "2009-06", 300, ""), (1, "2009-06", 101, "")]),
                      receivedAt: "2009-07-10T15:59:00Z")
        try Self.drop(night, "五月-更正.csv", Self.enterpriseCSV([(1, "2009-05", 104, "")]), receivedAt: "2009-07-01T02:00:00Z")
        #expect(try night.run().status == 0)
        #expect(try night.contract() == NightWorkspace.contractHolds)
        let held = try Self.issues(night, code: "needs-explanation")
        #expect(held.count == 1 && held.first?["rule"] as? String == "employees-change" && held.first?["row"] as? Int == 2)
        #expect(try night.consolidated("enterprise").contains(Self.units[0].code + ",宁波清溪五金制品有限公司,330206110204,2009-06") == false)
        let june = try Self.rows(night, "timeliness.csv") { $0[1] == Self.units[1].code && $0[3] == "2009-06" }
        #expect(june.first?[6] == "按时")
        let changes = try Self.rows(night, "changes.csv") { _ in true }
        #expect(changes.contains { $0[1] == Self.units[1].code && $0[3] == "2009-05" && $0[4] == "职工人数" && $0[5] == "100" && $0[6] == "104" })

        // The clerk writes the reason into the error report's 填报说明 and sends it back.
        let report = try #require(try night.reportedFiles().first { $0["file"] as? String == "六月.csv" }?["errorReport"] as? String)
        var errorRows = try night.table(report)
        let explanationColumn = try #require(errorRows[0].firstIndex(of: "填报说明"))
        #expect(errorRows[0][explanationColumn + 1] == "错误说明")
        errorRows[1][explanationColumn] = "新厂区六月投产 招工二百人"
        try Self.drop(night, "六月-错误.csv", errorRows.map { $0.joined(separator: ",") }.joined(separator: "\r\n") + "\r\n",
                      receivedAt: "2009-07-12T02:00:00Z")
        #expect(try night.run().status == 0)
        #expect(try night.contract() == NightWorkspace.contractHolds)
        let explained = try Self.issues(night, code: "explained")
        #expect(explained.count == 1 && explained.first?["value"] as? String == "新厂区六月投产 招工二百人")
        #expect(try night.consolidated("enterprise").contains("新厂区六月投产 招工二百人,待审核"))
        let list = try Self.review(night, ["list", "--period", "2009-06"])
        #expect(list.status == 0)
        let listed = list.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("  ") && !$0.hasPrefix("      ") }
        #expect(listed.first?.contains(Self.units[0].code) == true, "explained returns come first: \(list.stdout)")
        #expect(list.stdout.contains("新厂区六月投产"))
        // The late explanation makes unit 0 late for June: received 12 July, due 10 July.
        let lateJune = try Self.rows(night, "timeliness.csv") { $0[1] == Self.units[0].code && $0[3] == "2009-06" }
        #expect(lateJune.first?[6] == "逾期" && lateJune.first?[7] == "2")

        // The office approves unit 1's June return; a resubmission is then locked.
        #expect(try Self.review(night, ["approve", Self.units[1].code, "2009-06", "--note", "数据核实无误"]).status == 0)
        let approved = try #require(try Self.rows(night, "review.csv") { $0[1] == Self.units[1].code && $0[3] == "2009-06" }.first)
        #expect(approved[4] == "已审核" && approved[5] == "张科长" && approved[6].hasPrefix("20") && approved[7] == "数据核实无误")
        try Self.drop(night, "六月-再报.csv", Self.enterpriseCSV([(1, "2009-06", 99, "")]), receivedAt: "2009-07-20T02:00:00Z")
        #expect(try night.run().status == 0)
        #expect(try Self.issues(night, code: "locked").count == 1)
        #expect(try night.consolidated("enterprise").contains(Self.units[1].code + ",宁波甬清压铸有限公司,330206110205,2009-06,101,"))

        // The office returns unit 0's June return; the clerk corrects the 退回 workbook and resends it.
        let returned = try Self.review(night, ["return", Self.units[0].code, "2009-06", "--reason", "职工人数与社保人数对不上，请核实"])
        #expect(returned.status == 0, "\(returned.stderr)")
        let day = NightlyRun.day(Date())
        let workbook = night.root + "/outbox/errors/\(day)/宁波清溪五金制品有限公司-2009-06-退回.xlsx"
        #expect(FileManager.default.fileExists(atPath: workbook))
        #expect(try Self.rows(night, "review.csv") { $0[1] == Self.units[0].code && $0[3] == "2009-06" }.first?[4] == "已退回")
        let corrected = night.inbox + "/六月-退回-改.xlsx"
        let fix = try BinaryRunner.runProgram("/usr/bin/env", ["python3", "-c", """
            import sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            ws = wb.active
            header = [c.value for c in ws[1]]
            assert header[-3:] == ["填报说明", "错误说明", "原行号"], header
            assert ws.cell(row=2, column=header.index("错误说明") + 1).value == "职工人数与社保人数对不上，请核实"
            ws.cell(row=2, column=header.index("参加社会保险人数") + 1).value = "290"
            wb.save(sys.argv[2])
            """, workbook, corrected])
        #expect(fix.status == 0, "\(fix.stderr)")
        try FileManager.default.setAttributes([.modificationDate: Self.utc("2009-07-25T02:00:00Z")], ofItemAtPath: corrected)
        #expect(try night.run().status == 0)
        #expect(try night.contract() == NightWorkspace.contractHolds)
        #expect(try Self.rows(night, "review.csv") { $0[1] == Self.units[0].code && $0[3] == "2009-06" }.first?[4] == "待审核")
        #expect(try Self.rows(night, "changes.csv") { _ in true }.contains { $0[1] == Self.units[0].code && $0[4] == "参加社会保险人数" && $0[6] == "290" })

        // May is closed: a late correction for May is locked, and the decision says who closed it.
        #expect(try Self.review(night, ["close", "2009-05", "--reason", "上报县里"]).status == 0)
        try Self.drop(night, "五月-再更正.csv", Self.enterpriseCSV([(2, "2009-05", 103, "")]), receivedAt: "2009-08-01T02:00:00Z")
        #expect(try night.run().status == 0)
        let locked = try Self.issues(night, code: "locked")
        #expect(locked.count == 1 && (locked.first?["message"] as? String)?.contains("关账") == true)
        #expect(try night.contract() == NightWorkspace.contractHolds)

        // Every decision is kept, and the audit finds the versions and decisions consistent.
        let decisions = try Store(path: night.outbox + "/" + Store.fileName).decisions()
        #expect(decisions.map(\.action) == [.approve, .return, .close])
        let audit = try BinaryRunner.run(["audit", "--root", night.root])
        #expect(audit.status == 0, "\(audit.stdout)\(audit.stderr)")
        #expect(audit.stdout.contains("3 项审核决定"))
    }

    @Test func reviewCommandsRefuseBadInputAndChangeNothing() throws {
        let night = try NightWorkspace()
        defer { try? FileManager.default.removeItem(atPath: night.root) }
        try Self.drop(night, "五月.csv", Self.enterpriseCSV([(0, "2009-05", 100, "")]), receivedAt: "2009-06-08T02:00:00Z")
        #expect(try night.run().status == 0)
        let before = try night.text("outbox/review.csv")
        let cases: [([String], Int32, String)] = [
            (["approve", "913302069999999999", "2009-05"], 2, "不在单位名录中"),
            (["approve", Self.units[0].code, "2008-05"], 2, "报送期间"),
            (["approve", Self.units[0].code, "2009-13"], 2, "报送期间"),
            (["approve", Self.units[1].code, "2009-05"], 2, "没有 2009-05 期已采用"),
            (["return", Self.units[0].code, "2009-05"], 2, "--reason"),
            (["return", Self.units[0].code, "2009-05", "--reason", "  "], 2, "--reason"),
            (["reopen", "2009-05", "--reason", "误关"], 1, "没有关账"),
            (["reopen", Self.units[0].code, "2009-05", "--reason", "撤回"], 1, "没有审核通过"),
        ]
        for (arguments, status, words) in cases {
            let result = try Self.review(night, arguments)
            #expect(result.status == status, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(words), "\(arguments): \(result.stderr)")
        }
        #expect(try Store(path: night.outbox + "/" + Store.fileName).decisions().isEmpty)
        #expect(try night.text("outbox/review.csv") == before)

        // A review waits for no night: while one holds the workspace, it exits 3 and decides nothing.
        let lock = try WorkspaceLock.acquire(outbox: night.outbox)
        let blocked = try Self.review(night, ["approve", Self.units[0].code, "2009-05"])
        lock.release()
        #expect(blocked.status == 3)
        #expect(try Store(path: night.outbox + "/" + Store.fileName).decisions().isEmpty)

        #expect(try Self.review(night, ["approve", Self.units[0].code, "2009-05"]).status == 0)
        let twice = try Self.review(night, ["approve", Self.units[0].code, "2009-05"])
        #expect(twice.status == 1 && twice.stderr.contains("已审核通过"))
        #expect(try Store(path: night.outbox + "/" + Store.fileName).decisions().count == 1)
    }

    @Test func aDecisionCannotBeChangedOrRemovedInTheStore() throws {
        let night = try NightWorkspace()
        defer { try? FileManager.default.removeItem(atPath: night.root) }
        try Self.drop(night, "五月.csv", Self.enterpriseCSV([(0, "2009-05", 100, "")]), receivedAt: "2009-06-08T02:00:00Z")
        #expect(try night.run().status == 0)
        #expect(try Self.review(night, ["approve", Self.units[0].code, "2009-05"]).status == 0)
        let store = try Store(path: night.outbox + "/" + Store.fileName)
        #expect(throws: StoreError.self) { try store.write { db in try db.execute(sql: "UPDATE decision SET decidedBy = 'x'") } }
        #expect(throws: StoreError.self) { try store.write { db in try db.execute(sql: "DELETE FROM decision") } }
        #expect(try store.decisions().count == 1)
    }

    @Test func validateChecksHistoryAgainstTheStoreAndTheOtherFiles() throws {
        let night = try NightWorkspace()
        defer { try? FileManager.default.removeItem(atPath: night.root) }
        let folder = night.root + "/unit"
        try TestSupport.write(Self.enterpriseCSV([(0, "2009-05", 100, "")]), to: folder + "/may.csv")
        try TestSupport.write(Self.enterpriseCSV([(0, "2009-06", 300, "")]), to: folder + "/june.csv")
        // The June file alone, with no store: no earlier period, the rule holds.
        let alone = try BinaryRunner.run(["validate", "--root", night.root, "--format", "json", folder + "/june.csv"])
        #expect(alone.status == 0, "\(alone.stdout)")
        // With May in the same command, June is compared with it, whatever the order given.
        let together = try BinaryRunner.run(["validate", "--root", night.root, "--format", "json", folder + "/june.csv", folder + "/may.csv"])
        #expect(together.status == 1)
        #expect(together.stdout.contains("\"needs-explanation\"") && together.stdout.contains("employees-change"))
        // May accepted by a night: June alone is compared with the store, read only.
        try Self.drop(night, "五月.csv", Self.enterpriseCSV([(0, "2009-05", 100, "")]), receivedAt: "2009-06-08T02:00:00Z")
        #expect(try night.run().status == 0)
        let storeBytes = try Data(contentsOf: URL(fileURLWithPath: night.outbox + "/" + Store.fileName))
        let against = try BinaryRunner.run(["validate", "--root", night.root, "--format", "json", folder + "/june.csv"])
        #expect(against.status == 1 && against.stdout.contains("\"needs-explanation\""))
        try TestSupport.write(Self.enterpriseCSV([(0, "2009-06", 300, "扩产")]), to: folder + "/june-explained.csv")
        let explained = try BinaryRunner.run(["validate", "--root", night.root, "--format", "json", folder + "/june-explained.csv"])
        #expect(explained.status == 0 && explained.stdout.contains("\"explained\""))
        #expect(try Data(contentsOf: URL(fileURLWithPath: night.outbox + "/" + Store.fileName)) == storeBytes)
        // An approved return: validate tells the unit before it files.
        #expect(try Self.review(night, ["approve", Self.units[0].code, "2009-05"]).status == 0)
        try TestSupport.write(Self.enterpriseCSV([(0, "2009-05", 101, "")]), to: folder + "/may-again.csv")
        let locked = try BinaryRunner.run(["validate", "--root", night.root, "--format", "json", folder + "/may-again.csv"])
        #expect(locked.status == 1 && locked.stdout.contains("\"locked\""))
    }

    /// The night's result does not depend on the order files are listed in: a May row accepted
    /// tonight is June's previous period, and a held June row is nobody's.
    @Test func historyIsCheckedPeriodByPeriodWhateverTheListing() throws {
        var outcomes: [[String]] = []
        for names in [["a.csv", "b.csv"], ["b.csv", "a.csv"]] {
            let night = try NightWorkspace()
            defer { try? FileManager.default.removeItem(atPath: night.root) }
            // June (300) in the first-listed file, May (100) and July (310) in the other.
            try Self.drop(night, names[0], Self.enterpriseCSV([(0, "2009-06", 300, "")]), receivedAt: "2009-07-05T02:00:00Z")
            try Self.drop(night, names[1], Self.enterpriseCSV([(0, "2009-05", 100, ""), (0, "2009-07", 310, "")]),
                          receivedAt: "2009-07-05T02:00:00Z")
            #expect(try night.run().status == 0)
            let table = try night.consolidated("enterprise")
            // June is held against May; July is then compared with May too, and held.
            #expect(table.contains(",2009-05,100,") && !table.contains(",2009-06,") && !table.contains(",2009-07,"))
            // The figures, without the source file's name, which differs between the two nights.
            let figures = try night.table("outbox/consolidated/enterprise.csv").map { $0.prefix(19).joined(separator: ",") }
            let held = try Self.issues(night, code: "needs-explanation").map { issue in
                "\(issue["file"] as? String == names[0] ? "june" : "may-july") \(issue["row"] ?? "") \(issue["rule"] ?? "")"
            }
            outcomes.append(figures + held.sorted())
        }
        #expect(outcomes[0] == outcomes[1])
    }

    /// A file rejected whole gives validate no rows, as it gives the night none: its May row is
    /// not June's previous period, and it carries no row issue.
    @Test func aFileRejectedWholeIsNobodysPreviousPeriod() throws {
        let night = try NightWorkspace()
        defer { try? FileManager.default.removeItem(atPath: night.root) }
        let folder = night.root + "/unit"
        try TestSupport.write(Self.enterpriseCSV([(0, "2009-05", 100, "")]) + "\"cut short", to: folder + "/may.csv")
        try TestSupport.write(Self.enterpriseCSV([(0, "2009-06", 300, "")]), to: folder + "/june.csv")
        let result = try BinaryRunner.run(["validate", "--root", night.root, "--format", "json", folder + "/may.csv", folder + "/june.csv"])
        #expect(result.status == 1)
        let issues = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])["issues"] as? [[String: Any]]
        #expect(issues?.map { $0["code"] as? String } == ["format-error"], "\(result.stdout)")
    }

    /// The first accepted version decides: a correction whose file carries an older time (copied
    /// with its date kept) does not make a late unit on time.
    @Test func aCorrectionWithAnOlderFileTimeLeavesTheUnitLate() throws {
        let night = try NightWorkspace()
        defer { try? FileManager.default.removeItem(atPath: night.root) }
        try Self.drop(night, "六月.csv", Self.enterpriseCSV([(0, "2009-06", 100, "")]), receivedAt: "2009-07-15T02:00:00Z")
        #expect(try night.run().status == 0)
        try Self.drop(night, "六月-更正.csv", Self.enterpriseCSV([(0, "2009-06", 101, "")]), receivedAt: "2009-07-01T02:00:00Z")
        #expect(try night.run().status == 0)
        let row = try Self.rows(night, "timeliness.csv") { $0[1] == Self.units[0].code && $0[3] == "2009-06" }.first
        #expect(row?[5] == "2009-07-15T10:00:00+08:00" && row?[6] == "逾期" && row?[7] == "5")
    }
}
