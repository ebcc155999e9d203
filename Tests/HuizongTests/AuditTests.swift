import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// `huizong audit`: after real nights the audit finds nothing; each kind of tampering with the
/// archive, the store or the consolidated tables is found.
@Suite struct AuditTests {
    /// Two nights: a partial file, a replacement, a conflict (neither taken), equal values from two
    /// files (the first by path taken) and a duplicate file.
    func twoNights() throws -> NightWorkspace {
        let night = try NightWorkspace()
        var bad = EnterpriseReturn.row(4)
        bad[5] = "999"
        try night.drop("五金-6月.csv", EnterpriseReturn.csv([EnterpriseReturn.row(0, employees: 100), EnterpriseReturn.row(1), bad]))
        let first = try night.run()
        #expect(first.status == 0, "\(first.stderr)")
        try night.drop("五金-6月-更正.csv", EnterpriseReturn.csv([EnterpriseReturn.row(0, employees: 130)]))
        try night.drop("c.csv", EnterpriseReturn.csv([EnterpriseReturn.row(2, employees: 110), EnterpriseReturn.row(3)]))
        try night.drop("d.csv", EnterpriseReturn.csv([EnterpriseReturn.row(2, employees: 111), EnterpriseReturn.row(3)]))
        try night.drop("子目录/再发一次.csv", EnterpriseReturn.csv([EnterpriseReturn.row(0, employees: 100), EnterpriseReturn.row(1), bad]))
        let second = try night.run()
        #expect(second.status == 0, "\(second.stderr)")
        return night
    }

    func audit(_ night: NightWorkspace) throws -> AuditReport {
        try Audit.perform(workspace: Workspace(root: night.root))
    }

    /// The archived copy of an inbox file, relative to the workspace.
    func archived(_ night: NightWorkspace, _ name: String) throws -> String {
        let store = try Store(readOnlyAt: night.outbox + "/" + Store.fileName)
        var paths: [String] = []
        for run in try store.allRuns() {
            paths += try store.files(run: run.id).compactMap { $0.record.name == name ? $0.record.archivedAs : nil }
        }
        return try #require(paths.first)
    }

    /// Replaces bytes in a file, as an editor that keeps the BOM would.
    func edit(_ path: String, _ old: String, _ new: String) throws {
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let range = try #require(bytes.range(of: Data(old.utf8)))
        bytes.replaceSubrange(range, with: Data(new.utf8))
        try bytes.write(to: URL(fileURLWithPath: path))
    }

    func sha256(_ path: String) throws -> String {
        try SHA256.hexDigest(ofFile: path)
    }

    @Test func twoNightsAuditClean() throws {
        let night = try twoNights()
        let table = try night.table("outbox/consolidated/enterprise.csv")
        #expect(table.first { $0[0] == EnterpriseReturn.units[0].code }?[4] == "130")
        #expect(!table.contains { $0[0] == EnterpriseReturn.units[2].code })
        #expect(table.first { $0[0] == EnterpriseReturn.units[3].code }?[19] == "c.csv")
        let report = try audit(night)
        #expect(report.findings.map { $0.message(.en) } == [])
        #expect(report.isClean)
        #expect(report.runs == 2)
        #expect(report.archivedFiles == 5)
        #expect(report.versions == 3)
        #expect(report.tables == 3)
        #expect(report.summary(.zh).contains("未发现差异"))
    }

    /// Every file and folder of the outbox with its SHA-256, the lock file aside.
    func snapshot(_ night: NightWorkspace) throws -> [String] {
        let names = FileManager.default.enumerator(atPath: night.outbox)?.allObjects as? [String] ?? []
        return try names.filter { $0 != WorkspaceLock.fileName }.sorted().map { name in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: night.outbox + "/" + name, isDirectory: &isDirectory)
            return name + " " + (isDirectory.boolValue ? "/" : try sha256(night.outbox + "/" + name))
        }
    }

    @Test func auditChangesNothing() throws {
        let night = try twoNights()
        let before = try snapshot(night)
        _ = try audit(night)
        #expect(try snapshot(night) == before)
    }

    @Test func editedTableCellIsFound() throws {
        let night = try twoNights()
        try edit(night.outbox + "/consolidated/enterprise.csv", ",130,", ",131,")
        let report = try audit(night)
        #expect(report.findings.map(\.kind) == [.tableDiffers])
        let finding = try #require(report.findings.first)
        #expect(finding.subject == "outbox/consolidated/enterprise.csv")
        #expect(finding.message(.zh).contains("第 2 行"))
        #expect(finding.message(.zh).contains(EnterpriseReturn.units[0].code))
        #expect(finding.message(.en).contains(",131,"))
        #expect(finding.message(.en).contains(",130,"))
    }

    @Test func missingTableAndExtraLineAreFound() throws {
        let night = try twoNights()
        try FileManager.default.removeItem(atPath: night.outbox + "/consolidated/village.csv")
        let path = night.outbox + "/consolidated/enterprise.csv"
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("多出来的一行\r\n".utf8))
        try handle.close()
        let report = try audit(night)
        #expect(report.findings.map(\.kind) == [.tableDiffers, .tableMissing])
        #expect(report.findings[0].message(.zh).contains("多出来的一行"))
        #expect(report.findings[1].subject == "outbox/consolidated/village.csv")
    }

    @Test func deletedArchivedFileIsFound() throws {
        let night = try twoNights()
        let archivedAs = try archived(night, "五金-6月-更正.csv")
        try FileManager.default.removeItem(atPath: night.root + "/" + archivedAs)
        let report = try audit(night)
        // Its version cannot be recomputed: the missing archive is the one finding, not a second.
        #expect(report.findings.map(\.kind) == [.archiveMissing])
        #expect(report.findings.first?.subject == archivedAs)
        #expect(report.findings.first?.message(.zh).contains("五金-6月-更正.csv") == true)
    }

    @Test func changedArchivedFileIsFound() throws {
        let night = try twoNights()
        let archivedAs = try archived(night, "c.csv")
        try Data(EnterpriseReturn.csv([EnterpriseReturn.row(2, employees: 110)]).utf8)
            .write(to: URL(fileURLWithPath: night.root + "/" + archivedAs))
        let report = try audit(night)
        #expect(report.findings.map(\.kind) == [.archiveChanged])
        #expect(report.findings.first?.subject == archivedAs)
    }

    @Test func changedStoreValuesAreFound() throws {
        let night = try twoNights()
        let store = try Store(path: night.outbox + "/" + Store.fileName)
        try store.write { db in
            let id = try #require(try Int64.fetchOne(db, sql: "SELECT id FROM version WHERE current = 1 AND CAST(vals AS TEXT) LIKE '%:130%'"))
            let vals = try #require(try Data.fetchOne(db, sql: "SELECT vals FROM version WHERE id = ?", arguments: [id]))
            var values = try #require(PackedStrings.decode(vals))
            values[4] = "131"
            try db.execute(sql: "UPDATE version SET vals = ? WHERE id = ?", arguments: [PackedStrings.encode(values), id])
        }
        let report = try audit(night)
        #expect(report.findings.map(\.kind) == [.versionValues, .tableDiffers])
        let finding = report.findings[0]
        #expect(finding.message(.zh).contains("职工人数 库中为“131”，原件为“130”"))
        #expect(finding.message(.zh).contains("方案或单位名录改过"))
        #expect(finding.message(.en).contains("seeds/"))
    }

    @Test func deletedVersionIsFound() throws {
        let night = try twoNights()
        let store = try Store(path: night.outbox + "/" + Store.fileName)
        try store.write { db in
            try db.execute(sql: "DELETE FROM version WHERE current = 1 AND CAST(vals AS TEXT) LIKE ?", arguments: ["%" + EnterpriseReturn.units[3].code + "%"])
        }
        let report = try audit(night)
        #expect(report.findings.map(\.kind) == [.versionMissing, .tableDiffers, .tableDiffers])
        #expect(report.findings.map(\.subject).dropFirst() == ["outbox/consolidated/enterprise.csv", "outbox/consolidated/summary.csv"])
        #expect(report.findings[0].message(.en).contains("c.csv"))
        #expect(report.findings[0].message(.en).contains(EnterpriseReturn.units[3].code))
    }

    @Test func changedSourceIsFound() throws {
        let night = try twoNights()
        let store = try Store(path: night.outbox + "/" + Store.fileName)
        try store.write { db in
            try db.execute(sql: "UPDATE version SET row = row + 1 WHERE current = 1 AND CAST(vals AS TEXT) LIKE ?",
                           arguments: ["%" + EnterpriseReturn.units[3].code + "%"])
        }
        let report = try audit(night)
        #expect(report.findings.map(\.kind) == [.versionSource, .tableDiffers])
    }

    @Test func lockedWorkspaceIsReported() throws {
        let night = try twoNights()
        let lock = try WorkspaceLock.acquire(outbox: night.outbox)
        defer { lock.release() }
        #expect {
            try audit(night)
        } throws: { error in
            guard let error = error as? AuditError, case .locked = error else { return false }
            return true
        }
    }

    @Test func workspaceWithoutStoreCannotBeAudited() throws {
        let night = try NightWorkspace()
        #expect {
            try audit(night)
        } throws: { error in
            guard let error = error as? AuditError, case .noStore = error else { return false }
            return true
        }
    }

    /// Needs `AuditCommand.self` among the subcommands of `Sources/huizong/Huizong.swift`.
    @Test func commandExitsOneOnADifference() throws {
        let night = try twoNights()
        let clean = try BinaryRunner.run(["audit", "--root", night.root, "--lang", "en"])
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.stdout.contains("No differences."))
        try edit(night.outbox + "/consolidated/enterprise.csv", ",130,", ",131,")
        let dirty = try BinaryRunner.run(["audit", "--root", night.root])
        #expect(dirty.status == 1)
        let lines = dirty.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("table-differs: ") == true)
        #expect(lines.last?.contains("发现 1 处差异") == true)
        let lock = try WorkspaceLock.acquire(outbox: night.outbox)
        defer { lock.release() }
        #expect(try BinaryRunner.run(["audit", "--root", night.root]).status == 3)
    }
}
