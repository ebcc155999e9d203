import Testing
@testable import Huizong

/// Every issue code has a message in Chinese and in English that names the column (for codes about
/// a column) and quotes the value (for codes about a cell) — the catalogue is `Messages.swift`.
@Suite struct MessageCatalogueTests {
    static let label = "职工人数"
    static let value = "约120"
    static let explanation = "新厂区投产，新招职工200人"
    static let verifyRule = LocalizedText(zh: "职工人数与上期相比变化超过一半，如数据无误请在“填报说明”中说明原因",
                                          en: "the number of employees changed by more than half since the previous period")

    /// A representative finding for each code of §6.
    static func sample(_ code: IssueCode) -> Huizong.Issue {
        let finding: Finding = switch code {
        case .formatError: .unreadable(.empty)
        case .encodingError: .unreadable(.invalidBytes(encoding: "UTF-8", offset: 10))
        case .unknownReturnType: .unknownReturnType(titles: ["企业创建情况表"])
        case .blankLabel: .blankLabel(column: 3)
        case .duplicateLabel: .duplicateLabel(column: 7, firstColumn: 5, firstLabel: label)
        case .missingLabel: .missingLabel
        case .extraLabel: .extraLabel
        case .extraCell: .extraCell(expected: 19, found: 20)
        case .missingCell: .missingCell(expected: 19, found: 10)
        case .typeError: .notOfType(.integer)
        case .constraintError: .belowMinimum(Bound(value: .number(0)))
        case .checksumError: .wrongCheckCharacter(expected: "R")
        case .rowConstraint: .ruleFailed(LocalizedText(zh: "劳动合同签订人数不能多于职工人数", en: "contracts cannot exceed employees"),
                                         values: [LabeledValue(label: label, value: value)], bands: [])
        case .primaryKey: .duplicateKey(firstRow: 3, labels: [label, "报送期间"])
        case .foreignKey: .unregistered(unitType: "企业")
        case .conflict: .conflict(otherFile: "乙.csv", otherRow: 4, labels: [label, "报送期间"])
        case .registryMismatch: .nameDiffers(registered: "宁波清溪五金制品有限公司")
        case .duplicateFile: .duplicateFile(firstName: "甲.csv", firstSeen: "2009-06-30")
        case .needsExplanation: .needsExplanation(verifyRule, values: [LabeledValue(label: label, value: value)],
                                                  previous: [LabeledValue(label: label, value: "40")], previousPeriod: "2009-05")
        case .explained: .explained(verifyRule, previousPeriod: "2009-05")
        case .locked: .locked(.approved(by: "王科员", at: "2009-07-02T09:30:00+08:00"))
        }
        let sampleValue: String? = switch code {
        case .typeError, .constraintError, .checksumError, .rowConstraint, .primaryKey, .foreignKey, .conflict, .registryMismatch,
             .needsExplanation: value
        case .explained: explanation
        default: nil
        }
        return Huizong.Issue(file: "报表.csv", row: code.isFileLevel ? nil : 2, field: "employees", label: label, code: code,
                     value: sampleValue, finding: finding)
    }

    /// Codes whose message is about one column.
    static let aboutAColumn: Set<IssueCode> = [.duplicateLabel, .missingLabel, .extraLabel, .missingCell, .typeError,
                                              .constraintError, .checksumError, .rowConstraint, .primaryKey, .foreignKey,
                                              .conflict, .registryMismatch, .needsExplanation]

    @Test(arguments: IssueCode.allCases)
    func bothLanguagesSayWhatAndWhere(code: IssueCode) {
        let issue = Self.sample(code)
        let zh = issue.message(.zh)
        let en = issue.message(.en)
        #expect(!zh.isEmpty && !en.isEmpty && zh != en)
        #expect(zh.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF })
        #expect(zh.hasSuffix("。") || zh.hasSuffix("）"), "a Chinese message ends a sentence: \(zh)")
        #expect(en.hasSuffix("."), "an English message ends a sentence: \(en)")
        if Self.aboutAColumn.contains(code) {
            #expect(zh.contains(Self.label), "\(code.rawValue) zh names the column: \(zh)")
            #expect(en.contains(Self.label), "\(code.rawValue) en names the column: \(en)")
        }
        if let value = issue.value, code != .rowConstraint, code != .primaryKey, code != .conflict {
            #expect(zh.contains(value) && en.contains(value), "\(code.rawValue) quotes the value")
        }
    }

    @Test func everyCodeHasASample() {
        #expect(Set(IssueCode.allCases.map { Self.sample($0).code }) == Set(IssueCode.allCases))
    }
}
