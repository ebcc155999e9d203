#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// PRODUCT §7.4: one run at a time per workspace.
@Suite struct WorkspaceLockTests {
    let outbox: String

    init() throws {
        outbox = try TestSupport.temporaryFolder() + "/outbox"
    }

    /// Who holds the outbox's lock, or nil when it was free (then it is taken and at once dropped again).
    private func currentHolder() -> WorkspaceLockError.Holder? {
        do {
            _ = try WorkspaceLock.acquire(outbox: outbox)
            return nil
        } catch {
            guard case .heldBy(let holder) = error else { return nil }
            return holder
        }
    }

    @Test func secondLockWaitsForTheFirstAndNamesIt() throws {
        let first = try WorkspaceLock.acquire(outbox: outbox, purpose: "夜间汇总")
        #expect(first.path == outbox + "/.huizong.lock")
        let holder = try #require(currentHolder())
        #expect(holder.pid == getpid())
        #expect(!holder.host.isEmpty)
        #expect(holder.host == WorkspaceLock.hostName())
        #expect(holder.purpose == "夜间汇总")
        #expect(try Date(holder.started, strategy: .iso8601).timeIntervalSinceNow > -60)
        first.release()
        first.release()
        let second = try WorkspaceLock.acquire(outbox: outbox)
        second.release()
    }

    @Test func droppingTheLockReleasesIt() throws {
        _ = try WorkspaceLock.acquire(outbox: outbox)
        let again = try WorkspaceLock.acquire(outbox: outbox)
        again.release()
    }

    /// The kernel frees a `flock` when its holder dies, even by SIGKILL, so no stale lock is left behind.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/flock")))
    func lockOfAKilledProcessIsTakenOver() async throws {
        try FileManager.default.createDirectory(atPath: outbox, withIntermediateDirectories: true)
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        // --no-fork: the process we kill is the one holding the lock, not a parent of it.
        child.arguments = ["--no-fork", outbox + "/" + WorkspaceLock.fileName, "sleep", "30"]
        try child.run()
        defer {
            if child.isRunning { kill(child.processIdentifier, SIGKILL) }
        }
        // Wait by watching the kernel's lock table, not by trying the lock: trying would compete with
        // flock(1) for it. The table is read once more after each wait, however late this task wakes:
        // on a loaded machine a wait of 20 ms may outlast the deadline.
        let deadline = Date().addingTimeInterval(10)
        var held = false
        while true {
            let locks = (try? String(contentsOfFile: "/proc/locks", encoding: .utf8)) ?? ""
            held = locks.split(separator: "\n").contains { $0.contains("FLOCK") && $0.contains(" \(child.processIdentifier) ") }
            if held || Date() >= deadline { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        try #require(held, "flock(1) did not take the lock within 10 seconds")
        #expect(currentHolder() != nil)
        #expect(kill(child.processIdentifier, SIGKILL) == 0)
        child.waitUntilExit()
        #expect(child.terminationReason == .uncaughtSignal)
        let lock = try WorkspaceLock.acquire(outbox: outbox)
        lock.release()
    }

    @Test func holderFactsSurviveANewlineAndAHalfWrittenFile() {
        let holder = WorkspaceLockError.Holder(pid: 4242, host: "fazhiban", started: "2009-06-30T22:00:00Z",
                                               purpose: "第一行\n第二行")
        #expect(holder.fileContents == "pid=4242\nhost=fazhiban\nstarted=2009-06-30T22:00:00Z\npurpose=第一行 第二行\n")
        #expect(WorkspaceLockError.Holder(parsing: holder.fileContents).purpose == "第一行 第二行")
        #expect(WorkspaceLockError.Holder(parsing: "pid=4242\nhost=fazh")
                == WorkspaceLockError.Holder(pid: 4242, host: "fazh", started: "", purpose: ""))
        #expect(WorkspaceLockError.Holder(parsing: "pi") == WorkspaceLockError.Holder(pid: 0, host: "", started: "", purpose: ""))
    }

    @Test func outboxThatCannotBeMadeIsReported() throws {
        let file = try TestSupport.temporaryFolder() + "/file"
        try TestSupport.write("x", to: file)
        #expect {
            try WorkspaceLock.acquire(outbox: file + "/outbox")
        } throws: { error in
            guard case .cannotCreate(let path, let reason) = error as? WorkspaceLockError else { return false }
            return path == file + "/outbox" && !reason.isEmpty
        }
    }
}
