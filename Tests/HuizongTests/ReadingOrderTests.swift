import Testing
@testable import Huizong

@Suite struct ReadingOrderTests {
    static func issue(row: Int?, _ value: String) -> Huizong.Issue {
        Huizong.Issue(file: "a.csv", row: row, field: "employees", label: "职工人数", code: .typeError, value: value,
                      finding: .notOfType(.integer))
    }

    /// File-level issues come first, then rows in order; issues of one row keep the order they were
    /// found in, whatever order the rows came in.
    @Test func issuesGoByRowKeepingTheOrderFoundWithinARow() {
        let issues = [Self.issue(row: 7, "a"), Self.issue(row: 3, "b"), Self.issue(row: 7, "c"), Self.issue(row: nil, "d"),
                      Self.issue(row: 3, "e"), Self.issue(row: 5, "f"), Self.issue(row: 7, "g")]
        let ordered = ReturnValidator.inReadingOrder(issues)
        #expect(ordered.map(\.value) == ["d", "b", "e", "f", "a", "c", "g"])
        #expect(ReturnValidator.inReadingOrder(ordered) == ordered)
        #expect(ReturnValidator.inReadingOrder([]).isEmpty)
    }

    /// Ten thousand issues in a shuffled order, from a fixed seed, come out as sorting them by row
    /// and then by their place does.
    @Test func manyShuffledIssuesComeOutAsAStableSortByRow() {
        var random = SplitMix64(seed: 0x4F52_4445)
        let issues = (0..<10_000).map { i in Self.issue(row: random.oneIn(50) ? nil : random.below(500), String(i)) }
        let expected = issues.enumerated().sorted { ($0.element.row ?? 0, $0.offset) < ($1.element.row ?? 0, $1.offset) }.map(\.element)
        #expect(ReturnValidator.inReadingOrder(issues) == expected)
    }
}
