import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// The issue catalogue: true to PRODUCT §6, complete in both languages, and written out as
/// `docs/issue-codes.md`.
@Suite struct IssueCatalogueTests {
    /// PRODUCT §6 pins each code's severity, and which codes concern the file rather than a row.
    @Test func severitiesAndLevelsAreThoseOfTheProduct() {
        let warnings: Set<IssueCode> = [.extraLabel, .registryMismatch, .duplicateFile, .explained, .storedAsNumber, .emptyReturn]
        let aboutTheFile: Set<IssueCode> = [.formatError, .encodingError, .unknownReturnType, .blankLabel, .duplicateLabel,
                                            .missingLabel, .extraLabel, .duplicateFile, .emptyReturn]
        for code in IssueCode.allCases {
            #expect(code.severity == (warnings.contains(code) ? .warning : .error), "\(code.rawValue)")
            #expect(code.isFileLevel == aboutTheFile.contains(code), "\(code.rawValue)")
        }
    }

    /// What may stand in Chinese text in Latin letters: the codes, and the names of formats,
    /// programs and files a clerk types or sees as they are.
    static let codesInChinese = Set(IssueCode.allCases.map(\.rawValue))
        .union(["Excel", "WPS", "CSV", "XML", "UTF-8", ".xlsx", "templates/", "seeds/units.csv"])

    /// The runs of printable ASCII in `text` that hold a letter.
    static func asciiWords(_ text: String) -> [String] {
        text.unicodeScalars.split { !(0x21...0x7E).contains($0.value) }
            .map { String(String.UnicodeScalarView($0)) }
            .filter { $0.unicodeScalars.contains { CharacterSet.letters.contains($0) } }
    }

    @Test(arguments: IssueCode.allCases)
    func everyEntryIsCompleteInBothLanguages(code: IssueCode) {
        let entry = code.entry
        for text in [entry.title, entry.advice, entry.severity.name, entry.level.name] {
            #expect(!text.zh.isEmpty && !text.en.isEmpty && text.zh != text.en, "\(code.rawValue): \(text)")
            #expect(text.zh.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF }, "\(code.rawValue): \(text.zh)")
            let leaked = Self.asciiWords(text.zh).filter { !Self.codesInChinese.contains($0) }
            #expect(leaked.isEmpty, "\(code.rawValue): English in Chinese text: \(leaked) in \(text.zh)")
        }
        #expect(!entry.examples.isEmpty, "\(code.rawValue) has no example finding")
    }

    /// A read problem's code is decided by `ReadProblem.code`; the catalogue lists it under the same one.
    @Test(arguments: IssueCode.allCases)
    func readProblemsAreListedUnderTheirCode(code: IssueCode) {
        for example in code.entry.examples {
            if case .unreadable(let problem) = example.finding {
                #expect(problem.code == code, "\(problem) is listed under \(code.rawValue)")
            }
        }
    }

    /// `docs/issue-codes.md` is what the catalogue writes. `HUIZONG_WRITE_DOCS=1` writes it again.
    @Test func docsPageIsUpToDate() throws {
        let path = TestSupport.repositoryRoot + "/docs/issue-codes.md"
        let page = IssueCodesPage.markdown()
        if ProcessInfo.processInfo.environment["HUIZONG_WRITE_DOCS"] != nil {
            try TestSupport.write(page, to: path)
        }
        let committed = try String(contentsOfFile: path, encoding: .utf8)
        #expect(committed == page, "docs/issue-codes.md is out of date: HUIZONG_WRITE_DOCS=1 swift test --filter IssueCatalogueTests")
    }
}
