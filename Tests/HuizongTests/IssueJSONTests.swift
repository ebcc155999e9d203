import Testing
@testable import Huizong
import HuizongTestSupport

@Suite struct IssueJSONTests {
    /// The document written a piece at a time reads exactly as the whole rendered at once.
    @Test func piecesMakeTheRenderedDocument() {
        let issue = Huizong.Issue(file: "a.csv", row: 3, field: "employees", label: "职工人数", code: .typeError,
                                  value: "十\"二", finding: .notOfType(.integer))
        var report = FileReport(file: "a.csv", format: "csv")
        report.issues = [issue, issue]
        var other = FileReport(file: "b.csv", format: "csv")
        other.issues = [Huizong.Issue(file: "b.csv", row: nil, field: nil, label: nil, code: .unknownReturnType, value: nil,
                                      finding: .unknownReturnType(titles: ["企业创建情况表"]))]
        for reports in [[], [FileReport(file: "c.csv", format: "csv")], [report, other]] {
            var written = ""
            IssueJSON.writeDocument(reports, .zh) { written += $0 }
            let whole = JSONValue.object([("issues", .array(reports.flatMap(\.issues).map { IssueJSON.value($0.record(.zh)) }))])
            #expect(written == whole.rendered() + "\n")
        }
    }

    /// A reader's reason stays out of the message a clerk reads and is kept as `detail`, after the
    /// pinned keys; an issue without one has no `detail` key.
    @Test func detailOnlyWhenAReaderGaveOne() {
        let reason = "xl/sharedStrings.xml is missing"
        let corrupt = Huizong.Issue(file: "a.xlsx", row: nil, field: nil, label: nil, code: .formatError, value: nil,
                                    finding: .unreadable(.corruptWorkbook(reason: reason)))
        #expect(corrupt.detail == reason)
        #expect(!corrupt.message(.zh).contains("sharedStrings") && !corrupt.message(.en).contains("sharedStrings"))
        guard case .object(let pairs) = IssueJSON.value(corrupt.record(.zh)) else { Issue.record("not an object"); return }
        #expect(pairs.map(\.0) == ["file", "row", "field", "code", "severity", "value", "message", "detail"])
        #expect(pairs.last?.1 == .string(reason))

        let cell = Huizong.Issue(file: "a.csv", row: 3, field: "employees", label: "职工人数", code: .typeError,
                                 value: "约120", finding: .notOfType(.integer))
        #expect(cell.detail == nil)
        guard case .object(let cellPairs) = IssueJSON.value(cell.record(.zh)) else { Issue.record("not an object"); return }
        #expect(!cellPairs.contains { $0.0 == "detail" })
    }

    /// expat's reason for malformed XML is the detail; the message keeps the line and column.
    @Test func malformedXMLKeepsItsPlaceAndGivesExpatsReasonAsDetail() throws {
        let report = ReturnValidator(schema: try TestSupport.schema(), registry: Registry(units: []))
            .validate(path: TestSupport.repositoryRoot + "/Tests/HuizongTests/Fixtures/returns/enterprise-malformed.xml",
                      name: "enterprise-malformed.xml")
        let issue = try #require(report.issues.first)
        guard case .unreadable(.malformedXML(let line, let column, let reason)) = issue.finding else {
            Issue.record("not malformed XML: \(issue.finding)")
            return
        }
        #expect(issue.detail == reason)
        #expect(issue.message(.zh).contains("第 \(line) 行第 \(column) 列"))
        #expect(!issue.message(.zh).contains(reason))
    }
}
