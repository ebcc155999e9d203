import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// Each check of a row declares the codes it can give (PRODUCT §6), and the declarations cover the
/// catalogue: every row or cell code has a check that gives it, and a check gives no other.
@Suite struct RowCheckCodesTests {
    static let declared = RowChecks.codes.union(HistoryCheck.codes).union(RunMerge.codes).union(FilingAuthority.codes)

    @Test func everyRowOrCellCodeHasACheckAndNoCheckGivesAFileCode() {
        let rowLevel = Set(IssueCode.allCases.filter { [.row, .cell].contains($0.entry.level) })
        #expect(Self.declared == rowLevel)
    }

    @Test func theChecksKeepToTheCodesTheyDeclare() {
        #expect(CellCountCheck.codes.allSatisfy { $0.entry.level == .row })
        #expect(CheckCharacterCheck.codes == [.checksumError])
        #expect(RegistryCheck.codes.isDisjoint(with: RuleCheck.codes))
    }

    /// The fixture returns give, row by row, only codes their checks declare.
    @Test func fixtureRowsGiveOnlyDeclaredCodes() throws {
        let validator = try Workspace(root: TestSupport.repositoryRoot).validator
        let folder = TestSupport.repositoryRoot + "/Tests/HuizongTests/Fixtures/returns"
        var seen: Set<IssueCode> = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() {
            let report = validator.validate(path: folder + "/" + name, name: name)
            for issue in report.issues where issue.row != nil {
                seen.insert(issue.code)
                #expect(RowChecks.codes.contains(issue.code), "\(name) row \(issue.row!): \(issue.code)")
            }
        }
        #expect(seen.isSuperset(of: [.typeError, .constraintError, .checksumError, .foreignKey, .rowConstraint]), "\(seen)")
    }
}
