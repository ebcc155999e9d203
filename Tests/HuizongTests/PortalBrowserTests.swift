import Foundation
import Testing
import HuizongTestSupport

/// The portal in a real browser (issue 17): `Tests/browser/portal_walkthrough.py` drives headless
/// Chromium through Selenium over a reporting cycle on a scratch workspace served by the built
/// binary, with `huizong run` between the visits. The screenshots it takes stay in a folder of
/// TMPDIR that the test prints when the walk fails or `HUIZONG_KEEP_SCREENSHOTS` is set; otherwise
/// they are removed with everything else it makes.
@Suite struct PortalBrowserTests {
    static let password = "correct-horse-1"
    static let unit = EnterpriseReturn.units[0].code
    static let office = "wang"
    static let script = TestSupport.repositoryRoot + "/Tests/browser/portal_walkthrough.py"
    static let screenshots = NSTemporaryDirectory() + "huizong-portal-screenshots-\(getpid())"

    /// What the walkthrough needs that `bash .ci/run` installs, or nil when all is there.
    static func missingTools() throws -> String? {
        var missing = ["/usr/bin/chromium", "/usr/bin/chromedriver"].filter { !FileManager.default.isExecutableFile(atPath: $0) }
        if try BinaryRunner.runProgram("/usr/bin/env", ["python3", "-c", "import selenium, openpyxl"]).status != 0 {
            missing.append("the Python packages selenium and openpyxl")
        }
        return missing.isEmpty ? nil : missing.joined(separator: ", ")
    }

    @Test func aUnitFilesIsReturnedWithAReasonResubmitsAndIsApproved() throws {
        let missing = try Self.missingTools()
        try #require(missing == nil, "The browser test needs \(missing ?? ""): `bash .ci/run` installs them.")
        let ws = try NightWorkspace()
        defer { TestSupport.remove(ws.root) }
        try addAccount(["add", Self.unit], in: ws)
        try addAccount(["add-office", Self.office], in: ws)
        let server = try PortalProcess(root: ws.root)
        defer {
            server.stop()
            TestSupport.remove(server.temporary)
        }
        // Chromium's profile and the downloads go to a scratch folder of their own, with a short
        // name: Chromium's TMPDIR holds its singleton socket.
        let scratch = try TestSupport.shortTemporaryFolder()
        defer { TestSupport.remove(scratch) }
        try FileManager.default.createDirectory(atPath: scratch + "/downloads", withIntermediateDirectories: true)

        let walk = try BinaryRunner.runProgram("/usr/bin/env", [
            "python3", Self.script, "--url", server.base, "--huizong", BinaryRunner.executable, "--workspace", ws.root,
            "--unit", Self.unit, "--office", Self.office, "--password", Self.password,
            "--downloads", scratch + "/downloads", "--screenshots", Self.screenshots,
        ], environment: ["TMPDIR": scratch + "/"])
        let walked = walk.status == 0 && walk.stdout.hasSuffix("walkthrough: done\n")
        if walked && ProcessInfo.processInfo.environment["HUIZONG_KEEP_SCREENSHOTS"] == nil {
            TestSupport.remove(Self.screenshots)
        } else {
            print("The portal's pages in the browser: \(Self.screenshots)/")
        }
        #expect(walk.status == 0, "\(walk.stdout)\n\(walk.stderr)")
        #expect(walk.stdout.hasSuffix("walkthrough: done\n"), "\(walk.stdout)")
    }

    /// `huizong accounts … --password-stdin` with the tests' fast bcrypt.
    private func addAccount(_ arguments: [String], in ws: NightWorkspace) throws {
        let command = ([BinaryRunner.executable, "accounts"] + arguments + ["--root", ws.root, "--password-stdin"])
            .map { "'\($0)'" }.joined(separator: " ")
        let added = try BinaryRunner.runProgram("/bin/sh", ["-c", "printf '%s\\n' '\(Self.password)' | \(command)"],
                                                environment: PortalProcess.environment)
        #expect(added.status == 0, "\(arguments): \(added.stdout)\(added.stderr)")
    }
}
