import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// `huizong run` end to end: the built binary on scratch workspaces, nights in a row (PRODUCT §7).
@Suite struct RunCommandTests {
    let samples = TestSupport.repositoryRoot + "/samples"

    func dropSamples(_ workspace: NightWorkspace) throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: samples) where name != "README.md" && !name.hasPrefix(".") {
            try workspace.drop(name, Data(contentsOf: URL(fileURLWithPath: samples + "/" + name)))
        }
    }

    @Test func aNightOfSamples() throws {
        let night = try NightWorkspace()
        try dropSamples(night)
        let result = try night.run()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("本次处理 5 个文件：全部通过 3，部分通过 2，退回 0，重复 0。"))
        #expect(result.stdout.contains("数据行：采用 41 行，退回 4 行。"))
        #expect(result.stdout.contains(night.outbox))
        #expect(try night.contract() == NightWorkspace.contractHolds)
        #expect(night.inboxFiles().isEmpty)
        let files = try night.reportedFiles()
        #expect(files.count == 5)
        for file in files {
            let archived = try Data(contentsOf: URL(fileURLWithPath: night.root + "/" + (file["archivedAs"] as! String)))
            let original = try Data(contentsOf: URL(fileURLWithPath: samples + "/" + (file["file"] as! String)))
            #expect(archived == original)
        }
        #expect(try night.table("outbox/consolidated/enterprise.csv").count == 1 + 28)
        let errorReport = try #require(files.first { ($0["file"] as? String)?.contains("五金厂") == true }?["errorReport"] as? String)
        let rows = try night.table(errorReport)
        #expect(rows[0] == EnterpriseReturn.labels + ["填报说明", "错误说明", "原行号"])
        #expect(rows.count == 4)
        #expect(rows.map(\.last) == ["原行号", "3", "4", "5"])
    }

    @Test func newerReturnReplacesOlderAndTheOlderStays() throws {
        let night = try NightWorkspace()
        try night.drop("五金-6月.csv", EnterpriseReturn.csv([EnterpriseReturn.row(0, employees: 100), EnterpriseReturn.row(1)]))
        #expect(try night.run().status == 0)
        try night.drop("五金-6月-更正.csv", EnterpriseReturn.csv([EnterpriseReturn.row(0, employees: 130)]))
        #expect(try night.run().status == 0)
        let table = try night.table("outbox/consolidated/enterprise.csv")
        #expect(table.count == 3)
        let row = try #require(table.first { $0[0] == EnterpriseReturn.units[0].code })
        #expect(row[4] == "130")
        #expect(row[19] == "五金-6月-更正.csv")
        #expect(row[20] == "2")
        let versions = try night.storeFacts().filter { $0.hasPrefix("enterprise") && $0.contains(EnterpriseReturn.units[0].code) }
        #expect(versions.count == 2)
        #expect(versions.filter { $0.hasSuffix(" 1") }.count == 1)
        #expect(try night.contract() == NightWorkspace.contractHolds)
    }

    @Test func conflictInOneNightTakesNeitherAndKeepsTheStoredValue() throws {
        let night = try NightWorkspace()
        try night.drop("协会.csv", EnterpriseReturn.csv([EnterpriseReturn.row(0, employees: 100)]))
        #expect(try night.run().status == 0)
        try night.drop("a.csv", EnterpriseReturn.csv([EnterpriseReturn.row(0, employees: 110), EnterpriseReturn.row(2)]))
        try night.drop("b.csv", EnterpriseReturn.csv([EnterpriseReturn.row(0, employees: 111)]))
        #expect(try night.run().status == 0)
        let conflicts = try night.reportedIssues().filter { $0["code"] as? String == "conflict" }
        #expect(conflicts.map { "\($0["file"]!):\($0["row"]!):\($0["field"]!)" }.sorted() == ["a.csv:2:credit_code", "b.csv:2:credit_code"])
        let row = try #require(try night.table("outbox/consolidated/enterprise.csv").first { $0[0] == EnterpriseReturn.units[0].code })
        #expect(row[4] == "100")
        let statuses = Dictionary(uniqueKeysWithValues: try night.reportedFiles().map { ($0["file"] as! String, $0["status"] as! String) })
        #expect(statuses == ["a.csv": "partial", "b.csv": "rejected"])
        #expect(try night.contract() == NightWorkspace.contractHolds)
    }

    @Test func sameValuesFromTwoFilesAreNoConflict() throws {
        let night = try NightWorkspace()
        try night.drop("a.csv", EnterpriseReturn.csv([EnterpriseReturn.row(3)]))
        try night.drop("b.csv", EnterpriseReturn.csv([EnterpriseReturn.row(3), EnterpriseReturn.row(4)]))
        #expect(try night.run().status == 0)
        #expect(try night.reportedIssues().isEmpty)
        let row = try #require(try night.table("outbox/consolidated/enterprise.csv").first { $0[0] == EnterpriseReturn.units[3].code })
        #expect(row[19] == "a.csv")
    }

    @Test func duplicateFileIsArchivedAndNothingIsAppliedTwice() throws {
        let night = try NightWorkspace()
        let text = EnterpriseReturn.csv([EnterpriseReturn.row(0), EnterpriseReturn.row(1)])
        try night.drop("六月.csv", text)
        #expect(try night.run().status == 0)
        let before = try night.storeFacts().filter { !$0.hasPrefix("file") && !$0.hasPrefix("issue") }
        try night.drop("子目录/六月-再发一次.csv", text)
        #expect(try night.run().status == 0)
        let file = try #require(try night.reportedFiles().first)
        #expect(file["status"] as? String == "duplicate")
        #expect(file["file"] as? String == "子目录/六月-再发一次.csv")
        let issue = try #require(try night.reportedIssues().first)
        #expect(issue["code"] as? String == "duplicate-file")
        #expect(issue["row"] is NSNull)
        #expect((issue["message"] as? String)?.contains("六月.csv") == true)
        #expect(try night.storeFacts().filter { !$0.hasPrefix("file") && !$0.hasPrefix("issue") } == before)
        #expect(night.inboxFiles().isEmpty)
        #expect(try night.contract() == NightWorkspace.contractHolds)
    }

    @Test func correctedErrorReportIsAcceptedTheNextNight() throws {
        let night = try NightWorkspace()
        var bad = EnterpriseReturn.row(1)
        bad[5] = "130"
        var worse = EnterpriseReturn.row(2)
        worse[17] = "86123"
        try night.drop("压铸.csv", EnterpriseReturn.csv([EnterpriseReturn.row(0), bad, worse]))
        #expect(try night.run().status == 0)
        let path = try #require(try night.reportedFiles().first?["errorReport"] as? String)
        var rows = try night.table(path)
        #expect(rows.count == 3)
        rows[1][5] = "110"
        rows[2][17] = "0574-86123456"
        let corrected = "\u{FEFF}" + rows.map { $0.joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
        try night.drop("压铸-错误-已改.csv", corrected)
        let second = try night.run()
        #expect(second.status == 0)
        let file = try #require(try night.reportedFiles().first)
        #expect(file["status"] as? String == "accepted")
        #expect((file["rows"] as? [String: Int]) == ["read": 2, "accepted": 2, "rejected": 0])
        #expect(try night.reportedIssues().isEmpty)
        #expect(try night.table("outbox/consolidated/enterprise.csv").count == 4)
    }

    @Test func deletedConsolidatedTablesAreRestoredIdentically() throws {
        let night = try NightWorkspace()
        try dropSamples(night)
        #expect(try night.run().status == 0)
        let before = try ["enterprise", "village", "summary"].map(night.consolidated)
        try FileManager.default.removeItem(atPath: night.outbox + "/consolidated")
        #expect(try night.run().status == 0)
        #expect(try ["enterprise", "village", "summary"].map(night.consolidated) == before)
    }

    @Test func filesStillBeingCopiedAndTemporaryFilesStayInTheInbox() throws {
        let night = try NightWorkspace()
        try night.drop("报表.csv", EnterpriseReturn.csv([EnterpriseReturn.row(0)]))
        for name in ["~$报表.xlsx", "下载中.part", "保存中.tmp", ".隐藏.csv"] { try night.drop(name, "x") }
        try Data(EnterpriseReturn.csv([EnterpriseReturn.row(1)]).utf8).write(to: URL(fileURLWithPath: night.inbox + "/刚放进来.csv"))
        let result = try BinaryRunner.run(["run", "--root", night.root])
        #expect(result.status == 0)
        #expect(try night.reportedFiles().map { $0["file"] as? String } == ["报表.csv"])
        #expect(night.inboxFiles() == ["~$报表.xlsx", "下载中.part", "保存中.tmp", "刚放进来.csv"])
        #expect(result.stdout.contains("刚放进来.csv"))
    }

    @Test func secondRunWhileLockedExitsThree() throws {
        let night = try NightWorkspace()
        try FileManager.default.createDirectory(atPath: night.outbox, withIntermediateDirectories: true)
        let lock = try WorkspaceLock.acquire(outbox: night.outbox, purpose: "test")
        defer { lock.release() }
        try night.drop("报表.csv", EnterpriseReturn.csv([EnterpriseReturn.row(0)]))
        let result = try night.run()
        #expect(result.status == 3)
        #expect(result.stderr.contains("pid \(getpid())"))
        #expect(night.inboxFiles() == ["报表.csv"])
    }

    @Test func unwritableOutboxFailsAndTheNextRunFinishesTheWork() throws {
        let night = try NightWorkspace()
        try night.drop("报表.csv", EnterpriseReturn.csv([EnterpriseReturn.row(0)]))
        try FileManager.default.createDirectory(atPath: night.outbox, withIntermediateDirectories: true)
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: night.outbox + "/consolidated"))
        let failed = try night.run()
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("consolidated"))
        #expect(night.inboxFiles() == ["报表.csv"])
        try FileManager.default.removeItem(atPath: night.outbox + "/consolidated")
        let next = try night.run()
        #expect(next.status == 0)
        #expect(next.stdout.contains("已先补完上次中断的 1 次汇总"))
        #expect(night.inboxFiles().isEmpty)
        #expect(try night.table("outbox/consolidated/enterprise.csv").count == 2)
    }

    /// The outbox is written on two threads: the consolidated tables beside completeness and the
    /// error reports, then timeliness.csv beside the outputs read from the store. A failure on any
    /// side fails the night, which the next night finishes.
    @Test(arguments: ["consolidated/enterprise.csv", "completeness.csv", "timeliness.csv", "review.csv"])
    func anOutputThatCannotBeWrittenFailsTheNight(name: String) throws {
        let night = try NightWorkspace()
        try night.drop("报表.csv", EnterpriseReturn.csv([EnterpriseReturn.row(0)]))
        try FileManager.default.createDirectory(atPath: night.outbox + "/" + name, withIntermediateDirectories: true)
        let failed = try night.run()
        #expect(failed.status == 1)
        #expect(failed.stderr.contains(name), "\(failed.stderr)")
        #expect(night.inboxFiles() == ["报表.csv"])
        try FileManager.default.removeItem(atPath: night.outbox + "/" + name)
        let next = try night.run()
        #expect(next.status == 0)
        #expect(next.stdout.contains("已先补完上次中断的 1 次汇总"))
        #expect(night.inboxFiles().isEmpty)
        #expect(try night.table("outbox/" + name).count > 1)
    }

    @Test func englishSummary() throws {
        let night = try NightWorkspace()
        try night.drop("报表.csv", EnterpriseReturn.csv([EnterpriseReturn.row(0)]))
        let result = try night.run(["--lang", "en"])
        #expect(result.stdout.contains("Processed 1 file: 1 accepted"))
    }

    /// A subfolder the run cannot list is reported and the rest of the night goes on. Root can list
    /// any folder, so under root the run is made as the unprivileged user `nobody`.
    @Test func unreadableSubfolderIsReportedAndTheNightGoesOn() throws {
        let night = try NightWorkspace()
        try night.drop("报表.csv", EnterpriseReturn.csv([EnterpriseReturn.row(0)]))
        try night.drop("封存/旧报表.csv", EnterpriseReturn.csv([EnterpriseReturn.row(1)]))
        let manager = FileManager.default
        for folder in [night.root, night.inbox] { try manager.setAttributes([.posixPermissions: 0o777], ofItemAtPath: folder) }
        try manager.setAttributes([.posixPermissions: 0], ofItemAtPath: night.inbox + "/封存")
        defer { try? manager.setAttributes([.posixPermissions: 0o755], ofItemAtPath: night.inbox + "/封存") }
        let arguments = ["run", "--root", night.root, "--settle", "0"]
        let result = getuid() == 0
            ? try BinaryRunner.runProgram("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups",
                                                               BinaryRunner.executable] + arguments)
            : try BinaryRunner.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("封存  （无法读取：文件夹没有权限，或文件名的编码无法识别）"), "\(result.stdout)")
        #expect(try night.reportedFiles().map { $0["file"] as? String } == ["报表.csv"])
    }

    /// A file cut short after good rows is rejected whole: none of its rows is taken, all go to its
    /// error report with the reason.
    @Test func fileCutShortTakesNoneOfItsRows() throws {
        let night = try NightWorkspace()
        let text = EnterpriseReturn.csv([EnterpriseReturn.row(0), EnterpriseReturn.row(1)]) + "\"91330206144103797G,宁波三和"
        try night.drop("截断.csv", text)
        #expect(try night.run().status == 0)
        let file = try #require(try night.reportedFiles().first)
        #expect(file["status"] as? String == "rejected")
        #expect((file["rows"] as? [String: Int]) == ["read": 2, "accepted": 0, "rejected": 2])
        #expect(try night.table("outbox/consolidated/enterprise.csv").count == 1)
        let report = try night.table(try #require(file["errorReport"] as? String))
        #expect(report.count == 3)
        let problems = try #require(report[0].firstIndex(of: "错误说明"))
        #expect(report[1][problems].contains("第 4 行开始的带引号的单元格"))
        #expect(try night.contract() == NightWorkspace.contractHolds)
    }

    /// A return with a header and no rows is accepted as before, taking nothing, and carries an
    /// `empty-return` warning in report.json.
    @Test func headerOnlyReturnIsAcceptedWithAWarning() throws {
        let night = try NightWorkspace()
        let fixture = TestSupport.repositoryRoot + "/Tests/HuizongTests/Fixtures/returns/village-header-only.csv"
        try night.drop("河头村.csv", Data(contentsOf: URL(fileURLWithPath: fixture)))
        #expect(try night.run().status == 0)
        let file = try #require(try night.reportedFiles().first)
        #expect(file["status"] as? String == "accepted")
        #expect((file["rows"] as? [String: Int]) == ["read": 0, "accepted": 0, "rejected": 0])
        #expect(file["errorReport"] is NSNull)
        let issues = try night.reportedIssues()
        #expect(issues.map { "\($0["code"]!) \($0["severity"]!) \($0["row"]!)" } == ["empty-return warning <null>"])
        #expect(night.inboxFiles().isEmpty)
        #expect(try night.contract() == NightWorkspace.contractHolds)
    }

    /// A workbook cut short is told to the clerk in plain words; what the reader found is the
    /// issue's `detail` in report.json, and the contract holds.
    @Test func cutShortWorkbookHasItsReasonAsDetail() throws {
        let night = try NightWorkspace()
        try night.drop("五金厂.xlsx", Data([0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0x41, count: 60)))
        #expect(try night.run().status == 0)
        let issue = try #require(try night.reportedIssues().first)
        #expect(issue["code"] as? String == "format-error")
        let message = try #require(issue["message"] as? String)
        #expect(message.hasPrefix("文件已损坏或不完整"))
        #expect(!message.contains("zip"))
        #expect((issue["detail"] as? String)?.contains("zip") == true, "\(issue)")
        #expect(try night.contract() == NightWorkspace.contractHolds)
    }

    /// The README's first command: a night on the samples in a scratch workspace.
    @Test func demoRunsANightOnTheSamplesAndLeavesTheRepositoryAlone() throws {
        let workspace = try TestSupport.temporaryFolder() + "/demo"
        let result = try BinaryRunner.run(["demo", "--workspace", workspace], in: TestSupport.repositoryRoot)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("本次处理 5 个文件"))
        #expect(result.stdout.contains(workspace + "/outbox"))
        #expect(try NightWorkspace.contract(workspace: workspace) == NightWorkspace.contractHolds)
        #expect(!FileManager.default.fileExists(atPath: TestSupport.repositoryRoot + "/outbox/report.json"))
    }

    /// After a crash between the commit and the archive, a clerk takes a file back out of the
    /// inbox: the next run finishes, and the report no longer claims the file was archived.
    @Test func fileTakenBackAfterACrashIsNotClaimedArchived() throws {
        let night = try NightWorkspace()
        try night.drop("a.csv", EnterpriseReturn.csv([EnterpriseReturn.row(0)]))
        try night.drop("b.csv", EnterpriseReturn.csv([EnterpriseReturn.row(1)]))
        let killed = try night.run(environment: ["HUIZONG_FAULT": "commit"])
        #expect(killed.killed)
        try FileManager.default.removeItem(atPath: night.inbox + "/b.csv")
        #expect(try night.run().status == 0)
        #expect(try night.contract() == NightWorkspace.contractHolds)
        let facts = try night.storeFacts().filter { $0.hasPrefix("file b.csv") }
        #expect(facts.count == 1 && facts[0].hasSuffix(" - 1"))
        #expect(try night.table("outbox/consolidated/enterprise.csv").count == 3)
    }

    /// No cell of an output can run as a formula in Excel/WPS; the leading `'` is dropped again
    /// when the error report comes back (PRODUCT §7.3).
    @Test func cellsThatLookLikeFormulasAreDefused() throws {
        let night = try NightWorkspace()
        var accepted = EnterpriseReturn.row(0)
        accepted[16] = "=1+1"
        var rejected = EnterpriseReturn.row(1)
        rejected[16] = "@SUM(A1)"
        rejected[4] = "-12"
        try night.drop("公式.csv", EnterpriseReturn.csv([accepted, rejected]))
        #expect(try night.run().status == 0)
        let enterprise = try night.text("outbox/consolidated/enterprise.csv")
        #expect(enterprise.contains(",'=1+1,"))
        let file = try #require(try night.reportedFiles().first)
        let report = try night.text(try #require(file["errorReport"] as? String))
        #expect(report.contains(",'@SUM(A1),"))
        #expect(report.contains(",-12,"))
        #expect(try night.contract() == NightWorkspace.contractHolds)
    }

    /// A formula-like value goes out defused and comes back as it was: the clerk corrects another
    /// cell of the error report, resends it, and the store holds `@SUM(A1)`, not `'@SUM(A1)`.
    @Test func defusedCellsRoundTripToTheirOriginalValue() throws {
        let night = try NightWorkspace()
        var row = EnterpriseReturn.row(1)
        row[16] = "@SUM(A1)"
        row[4] = "-12"
        try night.drop("公式.csv", EnterpriseReturn.csv([row]))
        #expect(try night.run().status == 0)
        let report = try #require(try night.reportedFiles().first?["errorReport"] as? String)
        var rows = try night.table(report)
        #expect(rows[1][16] == "'@SUM(A1)")
        rows[1][4] = "120"
        try night.drop("公式-改.csv", "\u{FEFF}" + rows.map { $0.joined(separator: ",") }.joined(separator: "\r\n") + "\r\n")
        #expect(try night.run().status == 0)
        #expect(try night.reportedFiles().first?["status"] as? String == "accepted")
        #expect(try night.storeFacts().contains { $0.contains("8:@SUM(A1)") })
        #expect(try night.text("outbox/consolidated/enterprise.csv").contains(",'@SUM(A1),"))
    }

    /// Under cron (no terminal): a few plain log lines on stderr, the message alone with no time,
    /// level or label before it, no progress bar, no escapes.
    @Test func withoutATerminalALogLineAndNoBar() throws {
        let night = try NightWorkspace()
        try night.drop("a.csv", EnterpriseReturn.csv([EnterpriseReturn.row(0)]))
        let result = try night.run()
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("inbox 中有 1 个文件待处理") == true, "\(result.stderr)")
        #expect(!result.stderr.contains("\r") && !result.stderr.contains("\u{1B}"))
        #expect(result.stdout.contains("本次处理 1 个文件"))
    }

    @Test func verboseLogsEachFileAndQuietPrintsNothing() throws {
        let night = try NightWorkspace()
        try night.drop("a.csv", EnterpriseReturn.csv([EnterpriseReturn.row(0)]))
        try night.drop("b.csv", EnterpriseReturn.csv([EnterpriseReturn.row(1)]))
        let verbose = try night.run(["--verbose"])
        #expect(verbose.stderr.contains("a.csv：1 行") && verbose.stderr.contains("b.csv：1 行"))
        try night.drop("c.csv", EnterpriseReturn.csv([EnterpriseReturn.row(2)]))
        let quiet = try night.run(["--quiet"])
        #expect(quiet.status == 0)
        #expect(quiet.stdout.isEmpty && quiet.stderr.isEmpty)
        #expect(night.inboxFiles().isEmpty)
        #expect(try night.run(["--quiet", "--verbose"]).status == 2)
    }

    /// On a terminal (made with script(1)): a progress bar over files and bytes with rows per second,
    /// cleared before the summary.
    @Test func onATerminalAProgressBar() throws {
        let night = try NightWorkspace()
        try night.drop("a.csv", EnterpriseReturn.csv([EnterpriseReturn.row(0), EnterpriseReturn.row(1)]))
        let command = [BinaryRunner.executable, "run", "--root", night.root, "--settle", "0"].map { "'\($0)'" }.joined(separator: " ")
        let result = try BinaryRunner.runProgram("/usr/bin/script", ["-qec", command, "/dev/null"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\r[########################] 1/1 文件"))
        #expect(result.stdout.contains("行/秒"))
        #expect(result.stdout.contains("\r\u{1B}[K"))
        #expect(result.stdout.contains("本次处理 1 个文件"))
    }
}
