import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// A run killed at any moment, followed by a clean run, leaves the same store, tables and archive
/// as an uninterrupted run; and the order files are listed in changes nothing (PRODUCT §7.2, §7.4).
@Suite struct CrashSafetyTests {
    /// A realistic night: every shipped sample, a return per month for the town's enterprises, a
    /// conflict pair, a duplicate and a file rejected whole.
    static func fill(_ night: NightWorkspace, reversed: Bool = false) throws {
        let samples = TestSupport.repositoryRoot + "/samples"
        var files: [(String, Data)] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: samples) where name != "README.md" && !name.hasPrefix(".") {
            files.append((name, try Data(contentsOf: URL(fileURLWithPath: samples + "/" + name))))
        }
        for month in 7...12 {
            let period = "2009-" + String.zeroPadded(month, width: 2)
            let rows = (0..<EnterpriseReturn.units.count).map { EnterpriseReturn.row($0, period: period, employees: 100 + month) }
            files.append(("月报/\(period).csv", Data(EnterpriseReturn.csv(rows).utf8)))
        }
        files.append(("冲突-甲.csv", Data(EnterpriseReturn.csv([EnterpriseReturn.row(2, period: "2009-05", employees: 50)]).utf8)))
        files.append(("冲突-乙.csv", Data(EnterpriseReturn.csv([EnterpriseReturn.row(2, period: "2009-05", employees: 51)]).utf8)))
        files.append(("重复.csv", files[files.count - 3].1))
        files.append(("名单.csv", Data("姓名,电话\n张三,13800000000\n".utf8)))
        for (name, bytes) in reversed ? files.reversed() : files {
            try night.drop(name, bytes)
        }
    }

    /// What must come out the same: tables, store facts, archive contents, and an empty inbox.
    static func outcome(_ night: NightWorkspace) throws -> [String] {
        let tables = try ["enterprise", "village", "summary"].map(night.consolidated) + [night.text("outbox/completeness.csv")]
        let archive = night.root + "/outbox/archive"
        let archived = (FileManager.default.enumerator(atPath: archive)?.allObjects as? [String] ?? []).sorted().compactMap { name -> String? in
            guard let digest = try? SHA256.hexDigest(ofFile: archive + "/" + name) else { return nil }
            return name + " " + digest
        }
        return tables + (try night.storeFacts()) + archived + night.inboxFiles()
    }

    /// The outcome of an uninterrupted night of the inbox `fill` makes, and how long that night took.
    static func uninterruptedNight(_ fill: (NightWorkspace) throws -> Void) -> (outcome: [String], seconds: Double)? {
        guard let night = try? NightWorkspace() else { return nil }
        defer { try? FileManager.default.removeItem(atPath: night.root) }
        guard (try? fill(night)) != nil else { return nil }
        let start = Date()
        guard (try? night.run())?.status == 0 else { return nil }
        return (try? outcome(night)).map { ($0, Date().timeIntervalSince(start)) }
    }

    static let uninterrupted = uninterruptedNight { try fill($0) }

    /// Every input file, by name and SHA-256: what must be in the inbox or the archive at any moment.
    static func inputs(_ night: NightWorkspace) throws -> [String: String] {
        var digests: [String: String] = [:]
        for name in night.inboxFiles() { digests[name] = try SHA256.hexDigest(ofFile: night.inbox + "/" + name) }
        return digests
    }

    /// After a kill: each input is still in the inbox with its bytes, or archived with them.
    static func everyInputIsKept(_ night: NightWorkspace, _ inputs: [String: String]) throws -> [String] {
        let archive = night.outbox + "/archive"
        let archived = Set((FileManager.default.enumerator(atPath: archive)?.allObjects as? [String] ?? []).compactMap {
            try? SHA256.hexDigest(ofFile: archive + "/" + $0)
        })
        return inputs.compactMap { name, digest in
            let inInbox = (try? SHA256.hexDigest(ofFile: night.inbox + "/" + name)) == digest
            return inInbox || archived.contains(digest) ? nil : name
        }
    }

    @Test(arguments: ["file:1", "file:7", "commit", "archive:1", "archive:9"])
    func killedAtAFaultPointThenRunAgain(fault: String) throws {
        let expected = try #require(Self.uninterrupted).outcome
        try Self.killAt(fault, fill: { try Self.fill($0) }) { night in
            let outcome = try Self.outcome(night)
            #expect(outcome == expected)
        }
    }

    /// A workspace filled by `fill`, a night killed at `fault`, the check that every input is kept,
    /// a clean night, `check`, and the contract.
    static func killAt(_ fault: String, fill: (NightWorkspace) throws -> Void, check: (NightWorkspace) throws -> Void) throws {
        let night = try NightWorkspace()
        defer { try? FileManager.default.removeItem(atPath: night.root) }
        try fill(night)
        let inputs = try inputs(night)
        let killed = try night.run(environment: ["HUIZONG_FAULT": fault])
        #expect(killed.killed && killed.status == SIGKILL, "the run was not killed at \(fault): \(killed.stderr)")
        #expect(try everyInputIsKept(night, inputs) == [])
        let next = try night.run()
        #expect(next.status == 0, "\(next.stderr)")
        try check(night)
        #expect(try night.contract() == NightWorkspace.contractHolds)
    }

    /// Real SIGKILLs at random moments of a night, each followed by a clean run. `HUIZONG_KILLS`
    /// sets how many (a full run of the harness: `HUIZONG_KILLS=60 swift test --filter killedAtRandomMoments`).
    @Test func killedAtRandomMoments() throws {
        let (expected, seconds) = try #require(Self.uninterrupted)
        let kills = ProcessInfo.processInfo.environment["HUIZONG_KILLS"].flatMap(Int.init) ?? 6
        let killedMidRun = try Self.killAtRandomMoments(kills, within: seconds, fill: { try Self.fill($0) }) { night in
            let outcome = try Self.outcome(night)
            #expect(outcome == expected)
        }
        print("kill harness: \(kills) kills, \(killedMidRun) mid-run, invariants held after each")
        #expect(killedMidRun > 0)
    }

    /// `kills` times: a workspace filled by `fill`, a night killed with SIGKILL at a random moment
    /// within `seconds`, the check that every input is kept, a clean night, then `check`.
    /// - Returns: how many of the kills landed while the night was still running.
    static func killAtRandomMoments(_ kills: Int, within seconds: Double, fill: (NightWorkspace) throws -> Void,
                                    check: (NightWorkspace) throws -> Void) throws -> Int {
        var generator = SystemRandomNumberGenerator()
        var killedMidRun = 0
        for _ in 0..<kills {
            let night = try NightWorkspace()
            defer { try? FileManager.default.removeItem(atPath: night.root) }
            try fill(night)
            let inputs = try inputs(night)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: BinaryRunner.executable)
            process.arguments = ["run", "--root", night.root, "--settle", "0"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(Double.random(in: 0...(seconds * 1.1), using: &generator) * 1_000_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { killedMidRun += 1 }
            #expect(try everyInputIsKept(night, inputs) == [])
            let next = try night.run()
            #expect(next.status == 0, "\(next.stderr)")
            try check(night)
        }
        return killedMidRun
    }

    // MARK: - A night with history rules and decisions

    /// A workspace whose store holds May and the office's decisions (an approval of unit 3's May,
    /// April closed), and whose inbox holds a night where the cycle's checks are at work: a
    /// threefold jump held, one explained, rows locked by the approval and the closing, a change.
    static func fillSeason(_ night: NightWorkspace) throws {
        let may = (0..<EnterpriseReturn.units.count).map { EnterpriseReturn.row($0, period: "2009-05", employees: 100) }
        try night.drop("五月.csv", EnterpriseReturn.csv(may))
        guard try night.run().status == 0 else { throw CocoaError(.fileWriteUnknown) }
        let review = Review(workspace: try Workspace(root: night.root), decidedBy: "张科长")
        try review.approve(unit: EnterpriseReturn.units[3].code, period: "2009-05", note: nil)
        try review.close(period: "2009-04", reason: "上报县里")
        let csv = ReportingCycleTests.enterpriseCSV
        try night.drop("六月.csv", csv([(0, "2009-06", 300, ""), (1, "2009-06", 300, "新厂区投产"), (2, "2009-06", 104, "")]))
        try night.drop("五月-更正.csv", csv([(3, "2009-05", 101, ""), (4, "2009-05", 105, ""), (0, "2009-04", 99, "")]))
        for month in 7...9 {
            let period = "2009-" + String.zeroPadded(month, width: 2)
            try night.drop("月报/\(period).csv", EnterpriseReturn.csv([EnterpriseReturn.row(2, period: period, employees: 100 + 3 * month)]))
        }
    }

    static let uninterruptedSeason = uninterruptedNight { try fillSeason($0) }

    @Test func theSeasonNightChecksHistoryAndDecisions() throws {
        let facts = try #require(Self.uninterruptedSeason).outcome.joined(separator: "\n")
        #expect(facts.contains("六月.csv 2 needs-explanation error employees-change"))
        #expect(facts.contains("六月.csv 3 explained warning employees-change"))
        #expect(facts.contains("五月-更正.csv 2 locked error -"))
        #expect(facts.contains("五月-更正.csv 4 locked error -"))
        #expect(facts.contains("change enterprise \(EnterpriseReturn.units[4].code) 2009-05 employees"))
    }

    @Test(arguments: ["file:1", "file:3", "commit", "archive:1", "archive:4"])
    func aSeasonNightKilledAtAFaultPointThenRunAgain(fault: String) throws {
        let expected = try #require(Self.uninterruptedSeason).outcome
        try Self.killAt(fault, fill: { try Self.fillSeason($0) }) { night in
            let outcome = try Self.outcome(night)
            #expect(outcome == expected)
        }
    }

    /// Random SIGKILLs during the season night (`HUIZONG_KILLS` of them, 3 by default).
    @Test func aSeasonNightKilledAtRandomMoments() throws {
        let (expected, seconds) = try #require(Self.uninterruptedSeason)
        let kills = ProcessInfo.processInfo.environment["HUIZONG_KILLS"].flatMap(Int.init) ?? 3
        _ = try Self.killAtRandomMoments(kills, within: seconds, fill: { try Self.fillSeason($0) }) { night in
            let outcome = try Self.outcome(night)
            #expect(outcome == expected)
        }
    }

    /// The same inbox written in the opposite order gives byte-identical outputs.
    @Test func listingOrderChangesNothing() throws {
        let expected = try #require(Self.uninterrupted).outcome
        let night = try NightWorkspace()
        try Self.fill(night, reversed: true)
        #expect(try night.run().status == 0)
        #expect(try Self.outcome(night) == expected)
    }
}
