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

/// The Chinese messages are sentences a clerk can act on: no reader's, part's, library's or other
/// English words, whatever the finding (PRODUCT §12). Technical detail goes to `Issue.detail`.
@Suite struct ChineseMessageWordsTests {
    /// Latin words a Chinese message may hold besides the codes, numbers, what the issue quotes
    /// (its file, column and value, its finding's arguments) and tags copied from a file or a
    /// template (`<row>`): the names of the file types, programs, save options and encodings a
    /// clerk picks when saving a file.
    static let wordsAClerkKnows: Set = [".xlsx", ".xls", ".csv", ".xml", ".ods", "Excel", "WPS", "CSV", "UTF-8", "UTF-16", "GB18030"]

    /// Every string an issue quotes: its file, label and value and, found by reflection so that no
    /// argument is forgotten, every text and character its finding holds.
    static func quoted(_ issue: Huizong.Issue) -> [String] {
        func texts(_ value: Any) -> [String] {
            if let text = value as? String { return [text] }
            if let character = value as? Character { return [String(character)] }
            return Mirror(reflecting: value).children.flatMap { texts($0.value) }
        }
        return [issue.file, issue.label, issue.value].compactMap { $0 } + texts(issue.finding)
    }

    /// The Latin words of a Chinese `message` that no clerk should have to read.
    static func strayWords(_ message: String, quoting: [String]) -> [String] {
        var text = message
        for quoted in quoting.sorted(by: { $0.count > $1.count }) where !quoted.isEmpty {
            text = text.replacingOccurrences(of: quoted, with: " ")
        }
        text = text.replacing(/<[^<>]*>/, with: " ")
        return IssueCatalogueTests.asciiWords(text).filter { word in
            !wordsAClerkKnows.contains(word) && !IssueCatalogueTests.codesInChinese.contains(word)
                && word.wholeMatch(of: /[0-9][0-9.,:+\-E]*/) == nil
        }
    }

    @Test(arguments: MessageCatalogueTests.examples)
    func chineseMessageHoldsNoStrayLatinWords(issue: Huizong.Issue) {
        let stray = Self.strayWords(issue.message(.zh), quoting: Self.quoted(issue))
        #expect(stray.isEmpty, "\(issue.code.rawValue): \(stray) in \(issue.message(.zh))")
    }

    /// The scan finds what it is for: a reader's reason, were it put into a message.
    @Test func theScanFindsAnEnglishReason() {
        let leaked = "“a.xlsx”已损坏（xl/sharedStrings.xml is missing），第 3 行的 <row> 有 9.13302E+17。请在 Excel 中另存为 .xlsx。"
        #expect(Self.strayWords(leaked, quoting: ["a.xlsx"]) == ["xl/sharedStrings.xml", "is", "missing"])
    }

    /// The catalogue has an example of every finding and every read problem, so the scan above
    /// reads every message there is.
    @Test func theCatalogueShowsEveryCase() {
        let shown = Set(MessageCatalogueTests.examples.map { MessageCase($0.finding) })
        #expect(shown == Set(MessageCase.allCases), "no example of \(Set(MessageCase.allCases).subtracting(shown))")
    }

    /// Which message a finding gets, by the switches of `Messages`. The switches here have no
    /// `default`: a new case of `Finding` or `ReadProblem` does not compile until it is named here,
    /// and then `theCatalogueShowsEveryCase` fails until the catalogue shows it.
    enum MessageCase: CaseIterable {
        case unknownReturnType, unknownXMLType, blankLabel, duplicateLabel, missingLabel, extraLabel, unknownElement
        case repeatedElement, extraCell, missingCell, notOfType, codeTurnedIntoNumber, codeStoredAsNumber, structuredValue
        case unsavedFormula, required, notInEnum, wrongLength, patternMismatch, belowMinimum, aboveMaximum, wrongCheckCharacter
        case unregistered, wrongUnitType, nameDiffers, ruleFailed, duplicateKey, conflict, duplicateFile
        case needsExplanation, explained, approved, closed, emptyReturn, notAuthorised
        case empty, unknownExtension, unreadable, invalidBytes, neitherUTF8NorGB18030, unsupportedEncoding
        case unterminatedQuote, malformedXML, entityAmplification, externalEntity, misplacedElement, textInReturn
        case textInRow, tooDeep, encryptedWorkbook, unsupportedWorkbook, corruptWorkbook, workbookTooLarge, filesInArchive, noWorksheet, unexpectedXMLRoot
        case tooManyRows, tooLarge

        init(_ finding: Finding) {
            self = switch finding {
            case .unreadable(let problem): Self(problem)
            case .unknownReturnType: .unknownReturnType
            case .unknownXMLType: .unknownXMLType
            case .blankLabel: .blankLabel
            case .duplicateLabel: .duplicateLabel
            case .missingLabel: .missingLabel
            case .extraLabel: .extraLabel
            case .unknownElement: .unknownElement
            case .repeatedElement: .repeatedElement
            case .extraCell: .extraCell
            case .missingCell: .missingCell
            case .notOfType: .notOfType
            case .codeTurnedIntoNumber: .codeTurnedIntoNumber
            case .codeStoredAsNumber: .codeStoredAsNumber
            case .structuredValue: .structuredValue
            case .unsavedFormula: .unsavedFormula
            case .required: .required
            case .notInEnum: .notInEnum
            case .wrongLength: .wrongLength
            case .patternMismatch: .patternMismatch
            case .belowMinimum: .belowMinimum
            case .aboveMaximum: .aboveMaximum
            case .wrongCheckCharacter: .wrongCheckCharacter
            case .unregistered: .unregistered
            case .wrongUnitType: .wrongUnitType
            case .nameDiffers: .nameDiffers
            case .ruleFailed: .ruleFailed
            case .duplicateKey: .duplicateKey
            case .conflict: .conflict
            case .duplicateFile: .duplicateFile
            case .needsExplanation: .needsExplanation
            case .explained: .explained
            case .locked(.approved): .approved
            case .locked(.closed): .closed
            case .emptyReturn: .emptyReturn
            case .notAuthorised: .notAuthorised
            }
        }

        init(_ problem: ReadProblem) {
            self = switch problem {
            case .empty: .empty
            case .unknownExtension: .unknownExtension
            case .unreadable: .unreadable
            case .invalidBytes: .invalidBytes
            case .neitherUTF8NorGB18030: .neitherUTF8NorGB18030
            case .unsupportedEncoding: .unsupportedEncoding
            case .unterminatedQuote: .unterminatedQuote
            case .malformedXML: .malformedXML
            case .entityAmplification: .entityAmplification
            case .externalEntity: .externalEntity
            case .misplacedXML(_, _, .element): .misplacedElement
            case .misplacedXML(_, _, .textInReturn): .textInReturn
            case .misplacedXML(_, _, .textInRow): .textInRow
            case .tooDeep: .tooDeep
            case .encryptedWorkbook: .encryptedWorkbook
            case .unsupportedWorkbook: .unsupportedWorkbook
            case .corruptWorkbook: .corruptWorkbook
            case .workbookTooLarge: .workbookTooLarge
            case .filesInArchive: .filesInArchive
            case .noWorksheet: .noWorksheet
            case .unexpectedXMLRoot: .unexpectedXMLRoot
            case .tooManyRows: .tooManyRows
            case .tooLarge: .tooLarge
            }
        }
    }
}
