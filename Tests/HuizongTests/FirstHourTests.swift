import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// The first hour with huizong (PRODUCT §14): making a workspace, being told where there is none,
/// the version, report names that do not stack, and words rather than internal names.
/// The village account `huizong demo --serve` makes (DemoCommand is in the executable).
enum DemoCommandAccount {
    static let village = "330206110201"
}

@Suite struct FirstHourTests {
    /// `huizong demo --serve`, the README's line for the portal: a night on the samples, then the
    /// portal with the two accounts it prints, which sign in.
    @Test func demoServesThePortalWithTheAccountsItPrints() async throws {
        let folder = try TestSupport.temporaryFolder()
        let server = try PortalProcess(root: folder + "/demo", command: ["demo", "--from", TestSupport.repositoryRoot,
                                                                         "--workspace", folder + "/demo", "--serve"])
        defer { server.stop() }
        func password(after account: String) throws -> String {
            let line = try #require(server.announced.split(separator: "\n").first { $0.contains("office，密码") })
            let tail = try #require(line.range(of: account + "，密码 ")).upperBound
            return String(line[tail...].prefix { $0 != "；" && $0 != " " })
        }
        #expect(server.announced.contains("演示工作区"))
        for account in ["office", DemoCommandAccount.village] {
            let client = PortalClient(server)
            #expect(try await client.signIn(account, password(after: account)).status == 200, "\(account)")
        }
        #expect(FileManager.default.fileExists(atPath: folder + "/demo/outbox/report.json"))
    }

    @Test func initMakesAWorkspaceANightCanRunIn() throws {
        let parent = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(parent) }
        let root = parent + "/清溪镇 工作区"
        let made = try BinaryRunner.run(["init", root])
        #expect(made.status == 0, "\(made.stderr)")
        for path in ["seeds/plan.yaml", "seeds/units.csv", "seeds/returns/enterprise.yaml", "inbox", "outbox",
                     "templates/企业创建情况表.xlsx", "templates/民主法治村创建情况表.xml"] {
            #expect(FileManager.default.fileExists(atPath: root + "/" + path), "\(path)")
        }
        #expect(made.stdout.contains("huizong run --root \"\(root)\""), "\(made.stdout)")
        #expect(made.stdout.contains("seeds/units.csv"))

        try Data(EnterpriseReturn.csv([EnterpriseReturn.row(0)]).utf8).write(to: URL(fileURLWithPath: root + "/inbox/五金厂.csv"))
        let night = try BinaryRunner.run(["run", "--root", root, "--settle", "0"])
        #expect(night.status == 0, "\(night.stderr)")
        #expect(FileManager.default.fileExists(atPath: root + "/outbox/index.html"))
    }

    @Test func initNeverOverwritesTheOfficesSeeds() throws {
        let root = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(root) }
        #expect(try BinaryRunner.run(["init", root]).status == 0)
        let units = root + "/seeds/units.csv"
        let own = try String(contentsOfFile: units, encoding: .utf8) + "330206999999,新建村,村,\n"
        try TestSupport.write(own, to: units)
        try FileManager.default.removeItem(atPath: root + "/inbox")
        let again = try BinaryRunner.run(["init", root, "--lang", "en"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("seeds/ kept as it was"))
        #expect(try String(contentsOfFile: units, encoding: .utf8) == own)
        #expect(FileManager.default.fileExists(atPath: root + "/inbox"), "the missing folder is made again")
    }

    /// A folder given with --from that holds no plan is named, and nothing is made.
    @Test func initWithoutAShippedPlanSaysWhereToFindOne() throws {
        let parent = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(parent) }
        let result = try BinaryRunner.run(["init", parent + "/新工作区", "--from", parent])
        #expect(result.status == 2)
        #expect(result.stderr.contains("找不到随附的示例方案") && result.stderr.contains("--from"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: parent + "/新工作区"))
    }

    /// Every command run where there is no workspace says so and how to make one, and never calls
    /// a plan that is not there broken.
    @Test(arguments: [["run"], ["validate", "报表.csv"], ["review", "list"], ["audit"], ["templates"]])
    func noWorkspaceIsToldHowToMakeOne(command: [String]) throws {
        let folder = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(folder) }
        try TestSupport.write("单位代码\n", to: folder + "/报表.csv")
        let result = try BinaryRunner.run(command + ["--root", folder], in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.contains("不是 huizong 工作区"), "\(result.stderr)")
        #expect(result.stderr.contains("huizong init") && result.stderr.contains("--root"))
        #expect(!result.stderr.contains("方案配置有误") && !result.stderr.contains("无法读取"))
    }

    @Test func versionNamesTheReleaseAndThePlan() throws {
        let inWorkspace = try BinaryRunner.run(["--version"], in: TestSupport.repositoryRoot)
        #expect(inWorkspace.status == 0)
        #expect(inWorkspace.stdout.hasPrefix("huizong 1."), "\(inWorkspace.stdout)")
        #expect(inWorkspace.stdout.contains(try TestSupport.schema().title))
        let folder = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(folder) }
        let elsewhere = try BinaryRunner.run(["--version"], in: folder)
        #expect(elsewhere.status == 0 && !elsewhere.stdout.contains("方案"))
    }

    @Test func aMissingFileShowsValidatesOwnUsage() throws {
        let result = try BinaryRunner.run(["validate", "--root", TestSupport.repositoryRoot, "/nonexistent/报表.xlsx"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("找不到文件"))
        #expect(result.stderr.contains("Usage: huizong validate"), "\(result.stderr)")
    }

    @Test(arguments: [("五金厂.csv", "五金厂-错误"), ("五金厂-错误.csv", "五金厂-错误"), ("五金厂-错误.xlsx", "五金厂-错误"),
                      ("宁波清溪五金制品有限公司-2009-06-退回.xlsx", "宁波清溪五金制品有限公司-2009-06-错误"),
                      ("协会/六月-错误.csv", "六月-错误")])
    func errorReportNamesDoNotStack(sent: String, report: String) {
        #expect(ErrorReport.stem(for: sent) == report)
    }

    @Test func aTakenReportNameGetsANumberInBrackets() throws {
        let root = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(root) }
        var paths = UniquePaths(workspace: root)
        let first = paths.claim(folder: "errors", stem: "五金厂-错误", extensions: [".csv", ".xlsx"])
        let second = paths.claim(folder: "errors", stem: "五金厂-错误", extensions: [".csv", ".xlsx"])
        try TestSupport.write("", to: root + "/errors/六月-错误.csv")
        let onDisk = paths.claim(folder: "errors", name: "六月-错误.csv")
        #expect([first, second, onDisk] == ["errors/五金厂-错误", "errors/五金厂-错误 (2)", "errors/六月-错误 (2).csv"])
    }

    /// A corrected error report sent back with mistakes left gets a report of the same name, not
    /// `…-错误-错误`.
    @Test func aCorrectedReportSentBackKeepsItsName() throws {
        let night = try NightWorkspace()
        var wrong = EnterpriseReturn.row(1)
        wrong[4] = "很多"
        try night.drop("五金厂-错误.csv", EnterpriseReturn.csv([EnterpriseReturn.row(0), wrong]))
        #expect(try night.run().status == 0)
        let reports = try night.reportedFiles().compactMap { $0["errorReport"] as? String }
        #expect(reports.count == 1)
        #expect(reports.allSatisfy { $0.hasSuffix("/五金厂-错误.csv") }, "\(reports)")
    }

    /// Entries left in the inbox are named with the reason in words; no log prefix; English counts
    /// agree with their nouns.
    @Test func theSummarySpeaksInWords() throws {
        let night = try NightWorkspace()
        try night.drop("五金厂.csv", EnterpriseReturn.csv([EnterpriseReturn.row(0)]))
        try night.drop("~$五金厂.xlsx", Data([0]))
        try night.drop("下载中.csv.part", Data([0]))
        try Data(EnterpriseReturn.csv([EnterpriseReturn.row(1)]).utf8).write(to: URL(fileURLWithPath: night.inbox + "/刚放进来.csv"))
        let zh = try BinaryRunner.run(["run", "--root", night.root, "--settle", "600"])
        #expect(zh.status == 0, "\(zh.stderr)")
        for words in ["还在复制中", "Excel/WPS 打开文件时的临时文件", "还没下载或复制完的临时文件"] {
            #expect(zh.stdout.contains(words), "\(words): \(zh.stdout)")
        }
        for name in ["stillBeingCopied", "officeLockFile", "partialDownload"] {
            #expect(!zh.stdout.contains(name) && !zh.stderr.contains(name))
        }
        #expect(!zh.stderr.contains("[huizong]") && !zh.stderr.contains("info huizong"), "\(zh.stderr)")

        try night.drop("另一个.csv", EnterpriseReturn.csv([EnterpriseReturn.row(2)]))
        let en = try BinaryRunner.run(["run", "--root", night.root, "--settle", "600", "--lang", "en"])
        #expect(en.stdout.contains("Processed 1 file:"), "\(en.stdout)")
        #expect(en.stdout.contains("(still being copied; the next run takes it)"))
    }

    /// A workbook's line names its return type alone: it has no encoding a clerk chose.
    @Test func aWorkbookIsNotLabelledWithAnEncoding() throws {
        let workbook = TestSupport.repositoryRoot + "/templates/企业创建情况表.xlsx"
        let result = try BinaryRunner.run(["validate", "--root", TestSupport.repositoryRoot, workbook])
        #expect(result.stdout.contains("企业创建情况表.xlsx（企业创建情况表）"), "\(result.stdout)")
        #expect(!result.stdout.contains("UTF-8"))
    }

    @Test func englishCountsAgreeWithTheirNouns() {
        #expect(EnglishCount.of(1, "file") == "1 file")
        #expect(EnglishCount.of(0, "file") == "0 files")
        #expect(EnglishCount.of(2, "entry", "entries") == "2 entries")
    }
}
