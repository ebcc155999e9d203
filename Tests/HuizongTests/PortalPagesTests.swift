import Foundation
import Testing
@testable import Huizong
@testable import HuizongPortal
import HuizongTestSupport

/// The portal's pages: the language switch, the office's pages kept from units, the dashboard, and
/// pages that keep to `Content-Security-Policy: default-src 'self'`.
@Suite(.serialized) struct PortalPagesTests {
    typealias Served = PortalTests.Served

    static func text(_ answer: PortalClient.Answer) -> String {
        String(decoding: answer.body, as: UTF8.self)
    }

    @Test func theEnglishSwitchGivesEnglishPagesAndTheCookieKeepsThem() async throws {
        let served = try Served()
        defer { served.stop() }
        let visitor = try await served.client()
        let chinese = Self.text(try await visitor.get("/login"))
        #expect(chinese.contains("<html lang=\"zh-CN\">") && chinese.contains("登录") && chinese.contains("href=\"?lang=en\""))
        let english = try await visitor.get("/login?lang=en")
        #expect(Self.text(english).contains("<html lang=\"en\">") && Self.text(english).contains("Sign in"))
        #expect(english.header("Set-Cookie")?.hasPrefix("huizong_lang=en") == true)

        let unit = try await served.client(PortalTests.unitA)
        unit.cookie = unit.cookie! + "; huizong_lang=en"
        let page = Self.text(try await unit.get("/"))
        #expect(page.contains("Review state") && page.contains("Upload a return") && !page.contains("审核状态"))
        #expect(page.contains("src=\"/static/portal.js?lang=en\""))
        let script = Self.text(try await unit.get("/static/portal.js?lang=en"))
        #expect(script.contains("\"approved\"") && !script.contains("已审核"))
        #expect(Self.text(try await unit.get("/?lang=zh")).contains("审核状态"))
    }

    @Test func aUnitCannotReachTheOfficePages() async throws {
        let served = try Served()
        defer { served.stop() }
        let unit = try await served.client(PortalTests.unitA)
        let dashboard = try await unit.get("/dashboard")
        #expect(dashboard.status == 403 && Self.text(dashboard).contains("无权查看"))
        #expect(!Self.text(dashboard).contains("on-time-rates"))
        let page = Self.text(try await unit.get("/"))
        #expect(!page.contains("period-actions") && !page.contains("decision-reason") && !page.contains("/dashboard"))
        #expect(page.contains("id=\"upload\"") && page.contains("审核状态"))
    }

    @Test func theOfficeDashboardShowsRatesMissingUnitsAndReturnsAwaitingReview() async throws {
        let served = try Served()
        defer { served.stop() }
        try served.ws.drop("june.csv", EnterpriseReturn.csv([EnterpriseReturn.row(0)]))
        #expect(try served.ws.run().status == 0)
        let office = try await served.client("wang")
        let answer = try await office.get("/dashboard")
        let page = Self.text(answer)
        #expect(answer.status == 200)
        #expect(page.contains("各期按时报送率") && page.contains("<td>2009-06</td>") && page.contains("企业创建情况表"))
        let missing = try #require(page.range(of: "id=\"missing-units\"")), awaiting = try #require(page.range(of: "id=\"awaiting-review\""))
        #expect(page[missing.upperBound..<awaiting.lowerBound].contains(PortalTests.unitB))
        #expect(page[awaiting.upperBound...].contains(PortalTests.unitA))
        let review = Self.text(try await office.get("/"))
        #expect(review.contains("id=\"period-actions\"") && review.contains("data-period-action=\"close\"")
            && review.contains("data-period-action=\"reopen\"") && review.contains("id=\"decision-reason\""))
        #expect(review.contains("href=\"/dashboard\""))
    }

    /// The page shows an issue's column by its label, as the clerk's workbook heads it, and its
    /// message in the language picked on the pages.
    @Test func aChecksIssuesNameTheirColumnAndSpeakThePagesLanguage() async throws {
        let served = try Served()
        defer { served.stop() }
        let unit = try await served.client(PortalTests.unitA)
        let file = Data(EnterpriseReturn.csv([EnterpriseReturn.row(0, period: "2009-13")]).utf8)
        let issues = try #require(try await unit.upload("/api/check", fileName: "r.csv", file).json["issues"] as? [[String: Any]])
        let period = try #require(issues.first { $0["field"] as? String == "period" })
        #expect(period["label"] as? String == "报送期间" && period["value"] as? String == "2009-13")
        let chinese = try #require(period["message"] as? String)
        unit.cookie = unit.cookie! + "; huizong_lang=en"
        let english = try #require(try await unit.upload("/api/check", fileName: "r.csv", file).json["issues"] as? [[String: Any]])
        let message = try #require(english.first { $0["field"] as? String == "period" }?["message"] as? String)
        #expect(message != chinese && message.contains("2009-13"), "\(message)")
    }

    @Test func thePagesCarryNoInlineScriptOrStyle() async throws {
        let served = try Served()
        defer { served.stop() }
        let unit = try await served.client(PortalTests.unitA), office = try await served.client("wang")
        let inline = try Regex(#"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=|javascript:"#).ignoresCase()
        for (client, path) in [(unit, "/login"), (unit, "/"), (unit, "/dashboard"), (office, "/"), (office, "/dashboard")] {
            for language in ["zh", "en"] {
                let answer = try await client.get("\(path)?lang=\(language)")
                #expect(!Self.text(answer).contains(inline), "\(path) \(language)")
                #expect(answer.header("Content-Security-Policy")?.hasPrefix("default-src 'self'") == true, "\(path)")
            }
        }
        let style = Self.text(try await unit.get("/static/portal.css"))
        #expect(style.contains("@media print"))
    }

    @Test func everyVisibleTextHasBothLanguages() throws {
        for word in Word.allCases {
            #expect(!word.text(.zh).isEmpty && !word.text(.en).isEmpty, "\(word)")
            let han = word.text(.en).unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
            #expect(han == (word == .switchLanguage), "\(word): \(word.text(.en))")
        }
        let script = PageText(language: .en).script
        let used = Set(script.matches(of: #/\bT\.([A-Za-z]+)/#).map { String($0.1) })
        #expect(!used.isEmpty)
        #expect(used.subtracting(Word.allCases.map(\.rawValue)).isEmpty)
        let body = script[try #require(script.range(of: "const states")).lowerBound...]
        #expect(!body.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "the script's texts all come from T")
    }
}
