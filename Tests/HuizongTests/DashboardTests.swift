import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// `outbox/index.html`: the page a real night of the shipped samples writes.
@Suite struct DashboardTests {
    let samples = TestSupport.repositoryRoot + "/samples"
    /// A unit's file whose name is markup; its only row has a number that is not one, so it is rejected with an error report.
    static let markupName = "<b>五金&报表'.csv"

    /// The samples, plus a file named like markup.
    func night(_ arguments: [String] = []) throws -> (NightWorkspace, String) {
        let night = try NightWorkspace()
        for name in try FileManager.default.contentsOfDirectory(atPath: samples) where name != "README.md" && !name.hasPrefix(".") {
            try night.drop(name, Data(contentsOf: URL(fileURLWithPath: samples + "/" + name)))
        }
        var row = EnterpriseReturn.row(4)
        row[4] = "很多"
        try night.drop(Self.markupName, EnterpriseReturn.csv([row]))
        let result = try night.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        return (night, try night.text("outbox/index.html"))
    }

    /// The text between `start` (first occurrence) and the next `end` after it.
    func slice(_ page: String, from start: String, to end: String) -> String? {
        guard let from = page.range(of: start), let to = page.range(of: end, range: from.upperBound..<page.endIndex) else { return nil }
        return String(page[from.lowerBound..<to.upperBound])
    }

    func matches(_ pattern: String, in text: String) throws -> [[String]] {
        let regex = try NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            (0..<match.numberOfRanges).map { Range(match.range(at: $0), in: text).map { String(text[$0]) } ?? "" }
        }
    }

    /// A registry where thousands have not filed: the page names the first of them and counts the
    /// rest, which completeness.csv lists.
    @Test func manyUnitsNotFiledAreCountedBeyondTheFirstNamed() throws {
        let night = try NightWorkspace()
        let village = EnterpriseReturn.units[0].village
        var units = try night.text("seeds/units.csv")
        let extra = DashboardPage.missingNamesShown + 50
        for i in 0..<extra {
            let body = "9133020699" + String(format: "%07d", i)
            let code = body + String(CreditCodeChecksum.expectedCheckCharacter(of: body)!)
            units += "\(code),新企业\(i),企业,\(village)\n"
        }
        try TestSupport.write(units, to: night.root + "/seeds/units.csv")
        try night.drop("五金厂.csv", EnterpriseReturn.csv([EnterpriseReturn.row(0)]))
        #expect(try night.run().status == 0)
        let page = try night.text("outbox/index.html")
        let missing = try night.table("outbox/completeness.csv").dropFirst()
        #expect(missing.count > extra)
        #expect(page.components(separatedBy: "<li data-unit=").count - 1 == DashboardPage.missingNamesShown)
        let row = try #require(slice(page, from: "data-village=\"\(village)\">", to: "</tr>"))
        #expect(row.contains("家未报，名单见 outbox/completeness.csv。"), "\(row.suffix(300))")
    }

    @Test func pageShowsCompletenessPerVillage() throws {
        let (night, page) = try night()
        let completeness = try #require(try night.report()["completeness"] as? [String: Any])
        let period = try #require(completeness["period"] as? String)
        let expected = try #require(completeness["expected"] as? Int)
        let submitted = try #require(completeness["submitted"] as? Int)
        let missing = try night.table("outbox/completeness.csv").dropFirst()
        #expect(missing.count > 0)
        #expect(page.contains("data-period=\"\(period)\" data-expected=\"\(expected)\" data-submitted=\"\(submitted)\" data-missing=\"\(missing.count)\""))
        #expect(page.contains("\(period) 应报 \(expected) 个单位，已报 \(submitted) 个，未报 \(missing.count) 个。"))
        var villagesSeen = 0, enterprisesSeen = 0
        for unit in missing {  // 报送期间, 单位代码, 单位名称, 单位类型, 所在村代码
            let (code, name, type, village) = (unit[1], unit[2], unit[3], unit[4])
            if type == "村" {
                let row = try #require(slice(page, from: "<tr class=\"incomplete\" data-village=\"\(code)\">", to: "</tr>"), "village \(code)")
                #expect(row.contains(name) && row.contains("未报"))
                villagesSeen += 1
            } else {
                let row = try #require(slice(page, from: "data-village=\"\(village)\">", to: "</tr>"), "village of \(code)")
                #expect(row.hasPrefix("data-village") && row.contains("<li data-unit=\"\(code)\">\(name) "), "\(code) under \(village)")
                enterprisesSeen += 1
            }
        }
        #expect(villagesSeen > 0 && enterprisesSeen > 0)
        // A unit that filed is not listed as missing.
        #expect(!page.contains("data-unit=\"\(EnterpriseReturn.units[0].code)\""))
    }

    @Test func chartBarsMatchTheSummary() throws {
        let (night, page) = try night()
        let summary = try night.table("outbox/consolidated/summary.csv")
        let levels = Array(summary[0][3..<(summary[0].count - 1)])
        #expect(summary.count > 1)
        for row in summary.dropFirst() {
            let figure = try #require(slice(page, from: "<figure class=\"chart\" data-period=\"\(row[0])\" data-return=\"\(row[1])\" data-field=\"\(row[2])\">",
                                            to: "</figure>"), "chart for \(row)")
            let bars = try matches(#"<rect [^>]*width="([0-9.]+)"[^>]*data-level="([^"]*)" data-count="([0-9]+)""#, in: figure)
            #expect(bars.map { $0[2] } == levels)
            let counts = bars.map { Int($0[3])! }
            #expect(counts.map(String.init) == Array(row[3..<(row.count - 1)]), "\(row)")
            #expect(figure.contains(row.last!))
            let widths = bars.map { Double($0[1])! }
            let largest = counts.max()!
            for (count, width) in zip(counts, widths) {
                let proportional = largest == 0 ? 0 : Double(count) / Double(largest) * 230
                #expect(abs(width - proportional) < 0.06, "\(row): \(count) drawn \(width)")
            }
        }
    }

    @Test func linksResolveAndNothingIsExternal() throws {
        let (night, page) = try night()
        let links = try matches(#"(?:href|src)\s*=\s*"([^"]*)""#, in: page).map { $0[1] }
        #expect(!links.isEmpty)
        for link in links {
            #expect(!link.contains(":") && !link.hasPrefix("/") && !link.contains(".."), "\(link)")
            let decoded = try #require(link.replacingOccurrences(of: "&amp;", with: "&").removingPercentEncoding)
            #expect(FileManager.default.fileExists(atPath: night.outbox + "/" + decoded), "\(link) → \(decoded)")
        }
        for file in try night.reportedFiles() {
            guard let report = file["errorReport"] as? String else { continue }
            let link = try #require(DashboardSVG.outboxLink(report))
            #expect(links.contains(link.replacingOccurrences(of: "&", with: "&amp;")), "\(report)")
        }
        for external in ["http://", "https://", "//", "<script", "<link", "@import", "url(", "<iframe", "<img"] {
            #expect(!page.lowercased().contains(external), "\(external)")
        }
    }

    @Test func namesFromUnitsShowAsText() throws {
        let (night, page) = try night()
        #expect(try night.reportedFiles().contains { $0["file"] as? String == Self.markupName && $0["status"] as? String == "rejected" })
        #expect(page.contains("<td class=\"name\">&lt;b&gt;五金&amp;报表&#39;.csv</td>"))
        #expect(!page.contains("<b>"))
        #expect(!page.contains("报表'"))
    }

    @Test func glanceAndProblems() throws {
        let (_, page) = try night()
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"zh-CN\">"))
        #expect(page.contains("@media print") && page.contains("size: A4"))
        #expect(page.contains("<div class=\"tile\" data-tile=\"files\"><span class=\"value\">6</span>"))
        #expect(page.contains("<div class=\"tile\" data-tile=\"status-partial\"><span class=\"value\">2</span>"))
        #expect(page.contains("<div class=\"tile\" data-tile=\"rows-accepted\"><span class=\"value\">41</span>"))
        #expect(page.contains("<div class=\"tile\" data-tile=\"rows-rejected\"><span class=\"value\">5</span>"))
        #expect(page.contains("data-code=\"row-constraint\" data-rule=\"integrity-rating-band\""))
        #expect(page.contains("诚信守法等级与自评分不符"))
        #expect(page.contains(IssueCode.typeError.entry.advice.zh))
        // Most frequent first.
        let counts = try matches(#"<tr data-code="[^"]*"(?: data-rule="[^"]*")?><td>.*?</td><td class="num">([0-9]+)</td>"#,
                                 in: slice(page, from: "<section id=\"problems\"", to: "</section>") ?? "").map { Int($0[1])! }
        #expect(!counts.isEmpty && counts == counts.sorted(by: >))
    }

    @Test func englishHeadings() throws {
        let (_, page) = try night(["--lang", "en"])
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        for heading in ["The night at a glance", "Completeness", "Ratings", "Files processed tonight", "Most frequent problems and what to do"] {
            #expect(page.contains("<h2>\(heading)</h2>"), "\(heading)")
        }
        #expect(page.contains(IssueCode.typeError.entry.advice.en))
        for chinese in ["本晚概况", "报送完整性", "等级分布", "最常见的问题"] { #expect(!page.contains(chinese)) }
    }

    @Test func linksAndEscaping() {
        #expect(DashboardSVG.outboxLink("outbox/errors/2026-11-29/x 错误#1?.csv") == "errors/2026-11-29/x%20%E9%94%99%E8%AF%AF%231%3F.csv")
        #expect(DashboardSVG.outboxLink("inbox/x.csv") == nil)
        #expect(DashboardSVG.outboxLink("outbox/../x.csv") == nil)
        #expect(DashboardSVG.escape("<script>alert(\"x\" & 'y')</script>\u{1}") == "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;\u{FFFD}")
    }
}
