import Testing
@testable import Huizong

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
}
