import Foundation
import Testing
import HuizongTestSupport

/// `huizong serve --tls-cert FILE --tls-key FILE` (PRODUCT §13): HTTPS only on the address, a
/// `Secure` session cookie, and the usage and file errors, with a self-signed certificate that
/// openssl makes for the test.
@Suite(.serialized) struct PortalTLSTests {
    /// A scratch folder with a self-signed certificate for 127.0.0.1 and its key, as PEM.
    struct SelfSigned {
        let folder: String
        var cert: String { folder + "/cert.pem" }
        var key: String { folder + "/key.pem" }

        init() throws {
            folder = try TestSupport.temporaryFolder()
            let made = try BinaryRunner.runProgram("/usr/bin/env", ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                                                                    "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1"])
            try #require(made.status == 0, "openssl: \(made.stderr)")
        }
    }

    /// curl, told to accept the self-signed certificate and to give up after ten seconds.
    static func curl(_ arguments: [String]) throws -> BinaryRunner.Result {
        try BinaryRunner.runProgram("/usr/bin/env", ["curl", "-k", "-s", "--max-time", "10"] + arguments)
    }

    @Test func withACertificateTheServerSpeaksHTTPSOnlyAndTheCookieIsSecure() async throws {
        let tls = try SelfSigned()
        defer { TestSupport.remove(tls.folder) }
        let served = try PortalTests.Served(serving: ["--tls-cert", tls.cert, "--tls-key", tls.key])
        defer { served.stop() }
        #expect(served.server.announced.contains("https://127.0.0.1:\(served.server.port)/"))
        #expect(served.server.base.hasPrefix("https://"))
        let page = try Self.curl(["-o", "/dev/null", "-w", "%{http_code}", served.server.base + "/login"])
        #expect(page.stdout == "200")
        let login = try Self.curl(["-D", "-", "-o", "/dev/null", "-H", "Content-Type: application/json", "-d",
                                   #"{"account":"\#(PortalTests.unitA)","password":"\#(PortalTests.password)"}"#,
                                   served.server.base + "/api/login"])
        let cookie = try #require(login.stdout.split(separator: "\r\n").first { $0.lowercased().hasPrefix("set-cookie: huizong_session=") })
        #expect(login.stdout.hasPrefix("HTTP/1.1 200"))
        #expect(cookie.contains("; Secure") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
        let plain = try Self.curl(["-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(served.server.port)/login"])
        #expect(plain.status != 0 && plain.stdout == "000", "plain HTTP: \(plain.status) \(plain.stdout)")
    }

    @Test func withoutTLSTheCookieIsNotSecure() async throws {
        let served = try PortalTests.Served()
        defer { served.stop() }
        let answer = try await served.client().signIn(PortalTests.unitA, PortalTests.password)
        let cookie = try #require(answer.header("Set-Cookie"))
        #expect(served.server.announced.contains("http://127.0.0.1:") && !cookie.contains("Secure"))
    }

    @Test(arguments: [["--tls-cert", "cert.pem"], ["--tls-key", "key.pem"]])
    func oneTLSFlagAloneIsAUsageError(_ flag: [String]) throws {
        let result = try BinaryRunner.run(["serve", "--root", NSTemporaryDirectory()] + flag)
        #expect(result.status == 2 && !result.killed)
        #expect(result.stderr.contains("--tls-cert 与 --tls-key 须一起给出。Give --tls-cert and --tls-key together."), "\(result.stderr)")
    }

    @Test func aMissingKeyOrACertificateThatIsNotPEMIsExit1WithTheMessage() throws {
        let tls = try SelfSigned()
        defer { TestSupport.remove(tls.folder) }
        let ws = try NightWorkspace()
        defer { TestSupport.remove(ws.root) }
        let missing = tls.folder + "/no-such-key.pem"
        let noKey = try BinaryRunner.run(["serve", "--root", ws.root, "--tls-cert", tls.cert, "--tls-key", missing])
        #expect(noKey.status == 1 && !noKey.killed)
        #expect(noKey.stderr.contains("无法读取 TLS 私钥文件“\(missing)”：文件不存在或没有读取权限。"), "\(noKey.stderr)")
        let notPEM = tls.folder + "/not.pem"
        try Data("not a certificate\n".utf8).write(to: URL(fileURLWithPath: notPEM))
        let badCert = try BinaryRunner.run(["serve", "--root", ws.root, "--tls-cert", notPEM, "--tls-key", tls.key, "--lang", "en"])
        #expect(badCert.status == 1 && !badCert.killed)
        #expect(badCert.stderr.contains("The TLS certificate file “\(notPEM)” does not hold a valid PEM certificate."), "\(badCert.stderr)")
    }
}
