import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// The nights kept (PRODUCT §14) on the built binary: a run with nothing new, a second night and a
/// review decision each leave the morning's page as it was, and every night's page stays in
/// `outbox/nights/` with links that resolve from there.
@Suite struct NightPagesTests {
    /// A night whose file is partial: one row taken, one rejected into an error report.
    static func partialNight(_ workspace: NightWorkspace, _ name: String, unit: Int = 0) throws {
        var bad = EnterpriseReturn.row(unit + 1)
        bad[4] = "很多"
        try workspace.drop(name, EnterpriseReturn.csv([EnterpriseReturn.row(unit), bad]))
        let result = try workspace.run()
        #expect(result.status == 0, "\(result.stderr)")
    }

    static func emptyRun(_ workspace: NightWorkspace) throws {
        let result = try workspace.run()
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// The part of a page from `<section id="id"` to its end.
    static func section(_ id: String, of page: String) throws -> String {
        let start = try #require(page.range(of: "<section id=\"\(id)\""), "no section \(id)")
        let end = try #require(page.range(of: "</section>", range: start.upperBound..<page.endIndex))
        return String(page[start.lowerBound..<end.upperBound])
    }

    /// Every link of a page, each checked to lead to a file that exists from the page's folder.
    static func links(of relative: String, in workspace: NightWorkspace) throws -> [String] {
        let page = try workspace.text(relative)
        let folder = URL(fileURLWithPath: workspace.root + "/" + relative).deletingLastPathComponent()
        let regex = try NSRegularExpression(pattern: #"href="([^"]*)""#)
        let links = regex.matches(in: page, range: NSRange(page.startIndex..., in: page)).compactMap { match in
            Range(match.range(at: 1), in: page).map { String(page[$0]) }
        }
        for link in links {
            let decoded = try #require(link.replacingOccurrences(of: "&amp;", with: "&").removingPercentEncoding)
            let target = folder.appendingPathComponent(decoded).standardizedFileURL.path
            #expect(target.hasPrefix(workspace.outbox + "/"), "\(relative): \(link) leaves the outbox")
            #expect(FileManager.default.fileExists(atPath: target), "\(relative): \(link) → \(target)")
        }
        return links
    }

    static func nightPages(_ workspace: NightWorkspace) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: workspace.outbox + "/nights").sorted()
    }

    @Test func aRunWithNothingNewKeepsTheNightAndSaysWhenItLooked() throws {
        let workspace = try NightWorkspace()
        defer { TestSupport.remove(workspace.root) }
        try Self.partialNight(workspace, "五金-6月.csv")
        let morning = try workspace.text("outbox/index.html")
        let errorReport = try #require(try workspace.reportedFiles().first?["errorReport"] as? String)
        #expect(morning.contains("data-new-files=\"true\""))

        try Self.emptyRun(workspace)
        let page = try workspace.text("outbox/index.html")
        for id in ["glance", "files", "problems", "changes"] {
            #expect(try Self.section(id, of: page) == Self.section(id, of: morning), "\(id)")
        }
        #expect(try Self.section("files", of: page).contains("五金-6月.csv"))
        #expect(page.contains("data-new-files=\"false\""))
        #expect(page.contains("最近一次检查收件箱："))
        #expect(page.contains("没有新文件；本页仍是"))
        let links = try Self.links(of: "outbox/index.html", in: workspace)
        #expect(links.contains(try #require(DashboardSVG.outboxLink(errorReport))))
        // report.json is of the latest run only (PRODUCT §7.3), and the contract holds.
        #expect(try workspace.reportedFiles().isEmpty)
        #expect(try workspace.contract() == NightWorkspace.contractHolds)
    }

    @Test func theNightsPageStaysWithLinksThatResolve() throws {
        let workspace = try NightWorkspace()
        defer { TestSupport.remove(workspace.root) }
        try Self.partialNight(workspace, "五金-6月.csv")
        try Self.emptyRun(workspace)
        let pages = try Self.nightPages(workspace)
        #expect(pages.count == 1)
        let name = try #require(pages.first)
        #expect(name.range(of: #"^\d{4}-\d{2}-\d{2}T\d{6}Z\.html$"#, options: .regularExpression) != nil, "\(name)")
        let page = try workspace.text("outbox/nights/" + name)
        #expect(try Self.section("files", of: page).contains("五金-6月.csv"))
        #expect(!page.contains("最近一次检查收件箱"))
        let links = try Self.links(of: "outbox/nights/" + name, in: workspace)
        #expect(links.contains { $0.hasPrefix("../errors/") })
        #expect(links.contains("../index.html"))
        #expect(links.contains { $0.hasPrefix("../archive/") })
    }

    @Test func aSecondNightLinksTheFirst() throws {
        let workspace = try NightWorkspace()
        defer { TestSupport.remove(workspace.root) }
        try Self.partialNight(workspace, "五金-6月.csv")
        try Self.partialNight(workspace, "压铸-6月.csv", unit: 2)
        let pages = try Self.nightPages(workspace)
        #expect(pages.count == 2)
        let page = try workspace.text("outbox/index.html")
        #expect(try Self.section("files", of: page).contains("压铸-6月.csv"))
        #expect(try !Self.section("files", of: page).contains("五金-6月.csv"))
        let earlier = try Self.section("nights", of: page)
        let href = try #require(earlier.range(of: "href=\"nights/"))
        let linked = earlier[href.upperBound...].prefix { $0 != "\"" }
        #expect(earlier.components(separatedBy: "<li ").count == 2)
        #expect(try workspace.text("outbox/nights/" + linked).contains("五金-6月.csv"))
        _ = try Self.links(of: "outbox/index.html", in: workspace)

        try Self.emptyRun(workspace)
        let later = try workspace.text("outbox/index.html")
        #expect(try Self.section("nights", of: later) == earlier)
        #expect(try Self.section("files", of: later) == Self.section("files", of: page))
        #expect(try Self.nightPages(workspace) == pages)
    }

    @Test func aReviewDecisionKeepsTheNightsFiles() throws {
        let workspace = try NightWorkspace()
        defer { TestSupport.remove(workspace.root) }
        try Self.partialNight(workspace, "五金-6月.csv")
        try Self.emptyRun(workspace)
        let before = try workspace.text("outbox/index.html")
        let name = try #require(try Self.nightPages(workspace).first)
        let nightPage = try workspace.text("outbox/nights/" + name)

        let result = try BinaryRunner.run(["review", "approve", EnterpriseReturn.units[0].code, "2009-06", "--root", workspace.root,
                                           "--by", "张科长"])
        #expect(result.status == 0, "\(result.stderr)")
        let after = try workspace.text("outbox/index.html")
        for id in ["glance", "files", "problems"] {
            #expect(try Self.section(id, of: after) == Self.section(id, of: before), "\(id)")
        }
        #expect(try Self.section("review", of: before).contains("data-approved=\"0\""))
        #expect(try Self.section("review", of: after).contains("data-approved=\"1\""))
        #expect(after.contains("data-new-files=\"false\""))
        #expect(try workspace.text("outbox/nights/" + name) == nightPage)
        _ = try Self.links(of: "outbox/index.html", in: workspace)
        #expect(try workspace.contract() == NightWorkspace.contractHolds)
    }

    @Test func nightsStartedInTheSameSecondGetTheirRunNumber() {
        func run(_ id: Int64, _ started: String) -> NightPages.Night {
            (RunRecord(id: id, started: started, day: "2026-12-06", language: .zh, period: nil, isComplete: true), 1)
        }
        let names = NightPages.fileNames([run(9, "2026-12-07T01:30:00Z"), run(8, "2026-12-06T01:30:00Z"), run(7, "2026-12-06T01:30:00Z")])
        #expect(names == [7: "2026-12-06T013000Z.html", 8: "2026-12-06T013000Z-8.html", 9: "2026-12-07T013000Z.html"])
    }
}
