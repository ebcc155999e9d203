import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// Nights run inside the test process, through the library the command line calls: the summary a
/// night returns, what it leaves in the store and the outbox, a review between nights, and a night
/// with nothing new, without starting the program.
@Suite struct NightInProcessTests {
    static func night(_ root: String, now: Date = Date()) throws -> NightlyRun.Summary {
        let workspace = try Workspace(root: root)
        do {
            return try NightlyRun(workspace: workspace, options: NightlyRun.Options(settle: 0, now: now)).perform()
        } catch {
            Issue.record("the night failed: \(error.message(.en))")
            throw error
        }
    }

    @Test func aNightMergesTheSamplesAndWritesTheOutbox() throws {
        let night = try NightWorkspace()
        for name in try FileManager.default.contentsOfDirectory(atPath: TestSupport.repositoryRoot + "/samples") where ReturnFormat(name: name) != nil {
            try night.drop(name, try Data(contentsOf: URL(fileURLWithPath: TestSupport.repositoryRoot + "/samples/" + name)))
        }
        let summary = try Self.night(night.root)
        #expect(summary.files.count == 5)
        #expect(summary.files.reduce(0) { $0 + $1.rowsAccepted } == 41)
        #expect(summary.files.reduce(0) { $0 + $1.rowsRejected } == 4)
        #expect(Set(summary.issues.map(\.code)) == [.rowConstraint, .typeError])
        #expect(summary.skipped.isEmpty && summary.finishedEarlierRuns == 0)
        #expect(night.inboxFiles().isEmpty, "every processed file is archived")
        #expect(try night.contract() == NightWorkspace.contractHolds)
        #expect(try night.table("outbox/consolidated/enterprise.csv").count > 1)
    }

    /// A decision between nights shows in the next night's review states; a night with nothing new
    /// keeps the versions and the decision as they were.
    @Test func aReviewBetweenNightsAndANightWithNothingNew() throws {
        let night = try NightWorkspace()
        try night.drop("五金厂.csv", EnterpriseReturn.csv([EnterpriseReturn.row(0), EnterpriseReturn.row(1)]))
        _ = try Self.night(night.root)
        let unit = EnterpriseReturn.units[0].code
        let review = Review(workspace: try Workspace(root: night.root), decidedBy: "法治办 王主任")
        try review.approve(unit: unit, period: "2009-06", note: nil)
        let before = try night.storeFacts()

        let quiet = try Self.night(night.root)
        #expect(quiet.files.isEmpty)
        #expect(try night.storeFacts() == before)
        let states = try review.waiting(period: "2009-06").map { "\($0.unit) \($0.state)" }
        #expect(!states.contains { $0.hasPrefix(unit) }, "an approved return is no longer waiting: \(states)")
        #expect(states.contains { $0.hasPrefix(EnterpriseReturn.units[1].code) })
        #expect(try night.contract() == NightWorkspace.contractHolds)
    }
}
