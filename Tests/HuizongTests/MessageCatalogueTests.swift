import Testing
@testable import Huizong

/// Every finding's message, in Chinese and in English, names the column (for codes about a column)
/// and quotes the value (for codes about a cell). The findings are the examples of the issue
/// catalogue; the messages are made in `Messages.swift`.
@Suite struct MessageCatalogueTests {
    static let examples = IssueCode.allCases.flatMap { code in code.entry.examples.map { $0.issue(code) } }

    /// Codes whose message is about one column.
    static let aboutAColumn: Set<IssueCode> = [.duplicateLabel, .missingLabel, .extraLabel, .missingCell, .typeError,
                                              .constraintError, .checksumError, .rowConstraint, .primaryKey, .foreignKey,
                                              .conflict, .registryMismatch, .needsExplanation]

    @Test(arguments: examples)
    func bothLanguagesSayWhatAndWhere(issue: Huizong.Issue) {
        let code = issue.code
        let zh = issue.message(.zh)
        let en = issue.message(.en)
        #expect(!zh.isEmpty && !en.isEmpty && zh != en)
        #expect(zh.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF })
        #expect(zh.hasSuffix("。") || zh.hasSuffix("）"), "a Chinese message ends a sentence: \(zh)")
        #expect(en.hasSuffix("."), "an English message ends a sentence: \(en)")
        if let label = issue.label, Self.aboutAColumn.contains(code) {
            #expect(zh.contains(label), "\(code.rawValue) zh names the column: \(zh)")
            #expect(en.contains(label), "\(code.rawValue) en names the column: \(en)")
        }
        if let value = issue.value, code != .rowConstraint, code != .primaryKey, code != .conflict {
            #expect(zh.contains(value) && en.contains(value), "\(code.rawValue) quotes the value")
        }
    }
}
