import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

struct AtomicFileTests {
    @Test func replacesOnlyOnCommit() throws {
        let folder = try TestSupport.temporaryFolder()
        let path = folder + "/out.csv"
        try AtomicFile.write("old".utf8, to: path)

        let writer = try AtomicFile.create(path)
        try writer.append("new".utf8)
        try writer.append(" content".utf8)
        #expect(try text(at: path) == "old")
        #expect(try entries(folder) == [".out.csv.tmp-\(getpid())", "out.csv"])

        try writer.commit()
        #expect(try text(at: path) == "new content")
        #expect(try entries(folder) == ["out.csv"])
    }

    @Test func createsMissingFolders() throws {
        let path = try TestSupport.temporaryFolder() + "/outbox/consolidated/village.csv"
        try AtomicFile.write([0xEF, 0xBB, 0xBF], to: path)
        #expect(FileManager.default.contents(atPath: path) == Data([0xEF, 0xBB, 0xBF]))
    }

    @Test func discardKeepsTheOldFile() throws {
        let folder = try TestSupport.temporaryFolder()
        let path = folder + "/out.csv"
        try AtomicFile.write("old".utf8, to: path)

        let writer = try AtomicFile.create(path)
        try writer.append("new".utf8)
        writer.discard()
        writer.discard()
        #expect(try text(at: path) == "old")
        #expect(try entries(folder) == ["out.csv"])
    }

    @Test func droppedWriterLeavesNoTemporaryFile() throws {
        let folder = try TestSupport.temporaryFolder()
        let path = folder + "/out.csv"
        try AtomicFile.write("old".utf8, to: path)
        do {
            let writer = try AtomicFile.create(path)
            try writer.append(Array(repeating: 1, count: 100_000))
        }
        #expect(try text(at: path) == "old")
        #expect(try entries(folder) == ["out.csv"])
    }

    /// Root ignores folder permissions, so an unwritable place is made by putting a file where a folder belongs.
    @Test func unwritableFolderNamesThePath() throws {
        let folder = try TestSupport.temporaryFolder()
        try AtomicFile.write("not a folder".utf8, to: folder + "/outbox")
        let path = folder + "/outbox/enterprise.csv"

        let error = try #require(throws: OutputError.self) { try AtomicFile.write("x".utf8, to: path) }
        #expect(error == OutputError(path: path, reason: "Not a directory", errorNumber: ENOTDIR))
        #expect(error.message(.zh).contains(path))
        #expect(error.message(.en).contains(path))
        #expect(error.message(.en).contains("wrong kind"))
    }

    @Test func fullDiskFailsAndKeepsTheOldFile() throws {
        let folder = try TestSupport.temporaryFolder()
        let path = folder + "/out.csv"
        try AtomicFile.write("old".utf8, to: path)

        for size in [10, 200_000] {
            let writer = AtomicFileWriter(path: path, temporaryPath: folder + "/.out.csv.tmp",
                                          descriptor: open("/dev/full", O_WRONLY | O_CLOEXEC))
            let error = try #require(throws: OutputError.self) {
                try writer.append(Array(repeating: 0x41, count: size))
                try writer.commit()
            }
            #expect(error == OutputError(path: path, reason: "No space left on device", errorNumber: ENOSPC))
            #expect(error.message(.zh).contains(path) && error.message(.zh).contains("清理出空间"))
            #expect(error.message(.en).contains("free some space"))
        }
        #expect(try text(at: path) == "old")
        #expect(try entries(folder) == ["out.csv"])
    }

    @Test(arguments: [
        (EACCES, "permissions of the outbox folder"),
        (EROFS, "read-only"),
        (EDQUOT, "free some space"),
        (EIO, "Check the disk"),
    ])
    func adviceFollowsTheCause(errorNumber: Int32, advice: String) {
        let error = OutputError(path: "/ws/outbox/report.json", errorNumber: errorNumber)
        #expect(error.message(.en).contains(advice))
        #expect(error.message(.en).hasPrefix("Could not write /ws/outbox/report.json: \(error.reason)."))
    }

    /// Small and large appends mixed, so both the buffer and the direct writes are used.
    @Test func streamsALargeFile() throws {
        let path = try TestSupport.temporaryFolder() + "/large.csv"
        let pattern = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
        let sizes = [1, 97, 4096, 65_535, 65_536, 300_000, 1 << 20]
        let writer = try AtomicFile.create(path)
        var expected = SHA256()
        var total = 0
        var step = 0
        while total < 50_000_000 {
            let piece = pattern[..<sizes[step % sizes.count]]
            try writer.append(piece)
            expected.update(piece)
            total += piece.count
            step += 1
        }
        try writer.commit()

        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
        #expect(size == total)
        #expect(try SHA256.hexDigest(ofFile: path) == expected.finalizeHex())
    }

    @Test func movesAndCreatesFolders() throws {
        let folder = try TestSupport.temporaryFolder()
        try AtomicFile.write("return".utf8, to: folder + "/inbox/a.csv")
        try AtomicFile.move(from: folder + "/inbox/a.csv", to: folder + "/outbox/archive/2009-06-30/a.csv")
        #expect(try entries(folder + "/inbox") == [])
        #expect(try text(at: folder + "/outbox/archive/2009-06-30/a.csv") == "return")
    }

    @Test func moveByCopyingLeavesOneWholeFile() throws {
        let folder = try TestSupport.temporaryFolder()
        let bytes = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 % 251) }
        try AtomicFile.write(bytes, to: folder + "/inbox/a.csv")
        try AtomicFile.write("older".utf8, to: folder + "/archive/a.csv")
        try AtomicFile.moveByCopying(from: folder + "/inbox/a.csv", to: folder + "/archive/a.csv")
        #expect(try entries(folder + "/inbox") == [])
        #expect(try entries(folder + "/archive") == ["a.csv"])
        #expect(FileManager.default.contents(atPath: folder + "/archive/a.csv") == Data(bytes))
    }

    @Test(.enabled(if: FileManager.default.isWritableFile(atPath: "/dev/shm"), "needs a second file system"))
    func movesAcrossFileSystems() throws {
        let source = "/dev/shm/huizong-test-" + UUID().uuidString
        try AtomicFile.write("return".utf8, to: source)
        let destination = try TestSupport.temporaryFolder() + "/archive/a.csv"
        try AtomicFile.move(from: source, to: destination)
        #expect(!FileManager.default.fileExists(atPath: source))
        #expect(try text(at: destination) == "return")
    }

    @Test func failedMoveKeepsTheDestination() throws {
        let folder = try TestSupport.temporaryFolder()
        let destination = folder + "/archive/a.csv"
        try AtomicFile.write("older".utf8, to: destination)
        let missing = OutputError(path: destination, errorNumber: ENOENT)
        #expect(throws: missing) { try AtomicFile.move(from: folder + "/missing.csv", to: destination) }
        #expect(throws: missing) { try AtomicFile.moveByCopying(from: folder + "/missing.csv", to: destination) }
        #expect(try text(at: destination) == "older")
        #expect(try entries(folder + "/archive") == ["a.csv"])
    }

    private func text(at path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    private func entries(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }
}
