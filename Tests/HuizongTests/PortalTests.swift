import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import Huizong
@testable import HuizongPortal
import HuizongTestSupport

/// `huizong serve` and `huizong accounts` (PRODUCT §13): each security case of the portal, checking
/// and submitting as the night will see it, and the office's decisions, against the built binary
/// on a free loopback port.
@Suite(.serialized) struct PortalTests {
    static let password = "correct-horse-1"
    static let unitA = EnterpriseReturn.units[0].code
    static let unitB = EnterpriseReturn.units[1].code

    /// A scratch workspace with an office account `wang` and the accounts of two units, served.
    struct Served {
        let ws: NightWorkspace
        let server: PortalProcess

        /// - Parameters:
        ///   - units: the units given accounts.
        ///   - serving: more arguments for `huizong serve`.
        ///   - prepare: changes the workspace before the accounts are added and the server starts.
        init(units: [String] = [PortalTests.unitA, PortalTests.unitB], serving: [String] = [],
             _ prepare: (NightWorkspace) throws -> Void = { _ in }) throws {
            setenv("HUIZONG_BCRYPT_COST", PortalProcess.environment["HUIZONG_BCRYPT_COST"]!, 1)
            ws = try NightWorkspace()
            try prepare(ws)
            let book = try AccountBook(workspace: try Workspace(root: ws.root))
            _ = try book.addOffice("wang", password: PortalTests.password)
            for unit in units {
                _ = try book.addUnit(unit, password: PortalTests.password)
            }
            server = try PortalProcess(root: ws.root, arguments: serving)
        }

        func client(_ account: String? = nil) async throws -> PortalClient {
            let client = PortalClient(server)
            if let account {
                #expect(try await client.signIn(account, PortalTests.password).status == 200)
            }
            return client
        }

        func stop() {
            server.stop()
            TestSupport.remove(ws.root)
        }
    }

    static let apiRoutes: [(String, String)] = [
        ("POST", "/api/logout"), ("GET", "/api/me"), ("POST", "/api/check"), ("POST", "/api/submit"), ("GET", "/api/returns"),
        ("GET", "/api/returns?period=2009-06"), ("GET", "/api/submissions"), ("GET", "/api/submissions/0123/error-report"), ("POST", "/api/check/error-workbook"), ("POST", "/api/review/approve"),
        ("POST", "/api/review/return"), ("POST", "/api/review/close"), ("POST", "/api/review/reopen"), ("GET", "/api/nothing-here"),
    ]

    @Test func withoutASessionEveryAPIRouteIs401AndEveryPageRedirects() async throws {
        let served = try Served()
        defer { served.stop() }
        let client = try await served.client()
        for (method, path) in Self.apiRoutes {
            let answer = method == "GET" ? try await client.get(path) : try await client.post(path)
            #expect(answer.status == 401, "\(method) \(path)")
            #expect(answer.header("Content-Security-Policy")?.hasPrefix("default-src 'self'") == true, "\(method) \(path)")
        }
        for path in ["/", "/returns", "/review"] {
            let answer = try await client.get(path)
            #expect(answer.status == 303 && answer.header("Location") == "/login", "\(path): \(answer.status)")
        }
        let signIn = try await client.get("/login")
        #expect(signIn.status == 200 && String(decoding: signIn.body, as: UTF8.self).contains("登录"))
    }

    @Test func signInGivesAStrictHttpOnlyCookieAndMeTellsTheRole() async throws {
        let served = try Served()
        defer { served.stop() }
        let client = PortalClient(served.server)
        let answer = try await client.signIn(Self.unitA, Self.password)
        let cookie = try #require(answer.header("Set-Cookie"))
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"))
        let token = String(cookie.prefix { $0 != ";" }.dropFirst("huizong_session=".count))
        #expect(token.count == 64 && token.allSatisfy(\.isHexDigit))
        let me = try await client.get("/api/me").json
        #expect(me["account"] as? String == Self.unitA && me["role"] as? String == "unit")
        #expect(me["units"] as? [String] == [Self.unitA] && (me["csrfToken"] as? String)?.count == 64)
        #expect(try await client.post("/api/logout").status == 200)
        #expect(try await client.get("/api/me").status == 401)
    }

    @Test func theSixthSignInWithinFifteenMinutesIs429EvenWithTheRightPassword() async throws {
        let served = try Served()
        defer { served.stop() }
        let client = try await served.client()
        for _ in 0..<5 {
            #expect(try await client.signIn(Self.unitA, "wrong-password").status == 401)
        }
        #expect(try await client.signIn(Self.unitA, Self.password).status == 429)
        // Another account is not held back by guesses at this one.
        #expect(try await client.signIn(Self.unitB, Self.password).status == 200)
    }

    @Test func aPostWithoutTheCSRFTokenIs403() async throws {
        let served = try Served()
        defer { served.stop() }
        let office = try await served.client("wang")
        #expect(try await office.post("/api/review/close", json: ["period": "2009-06"], csrf: false).status == 403)
        #expect(try await office.post("/api/logout", csrf: false).status == 403)
        let unit = try await served.client(Self.unitA)
        let file = Data(EnterpriseReturn.csv([EnterpriseReturn.row(0)]).utf8)
        #expect(try await unit.upload("/api/submit", fileName: "r.csv", file, csrf: false).status == 403)
        unit.csrfToken = String(repeating: "0", count: 64)
        #expect(try await unit.upload("/api/check", fileName: "r.csv", file).status == 403)
        #expect(try await unit.upload("/api/check/error-workbook", fileName: "r.csv", file).status == 403)
        #expect(served.ws.inboxFiles().isEmpty)
    }

    @Test func aUnitCallingAnOfficeActionIs403() async throws {
        let served = try Served()
        defer { served.stop() }
        let unit = try await served.client(Self.unitA)
        for action in ["approve", "return", "close", "reopen"] {
            let answer = try await unit.post("/api/review/" + action, json: ["unit": Self.unitA, "period": "2009-06", "reason": "x"])
            #expect(answer.status == 403, "\(action)")
        }
        #expect(try await unit.get("/api/me").status == 200)
    }

    @Test func anUploadOverFileMBIs413AndTheServerGoesOn() async throws {
        let served = try Served { ws in
            let plan = ws.root + "/seeds/plan.yaml"
            try TestSupport.write(try String(contentsOfFile: plan, encoding: .utf8).replacingOccurrences(of: "fileMB: 2048", with: "fileMB: 1"),
                                  to: plan)
        }
        defer { served.stop() }
        let unit = try await served.client(Self.unitA)
        let row = EnterpriseReturn.row(0)
        let big = Data(EnterpriseReturn.csv(Array(repeating: row, count: 12_000)).utf8)
        #expect(big.count > 1 << 20)
        for path in ["/api/check", "/api/submit"] {
            #expect(try await unit.upload(path, fileName: "big.csv", big).status == 413, "\(path)")
        }
        #expect(served.ws.inboxFiles().isEmpty)
        #expect(try await unit.get("/api/me").status == 200)

        // A body sent in chunks declares no length: it is counted as it comes, and refused at the
        // first chunk over the limit.
        let socket = try RawConnection(port: served.server.port)
        defer { socket.close() }
        let head = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n\r\n"
        try socket.send(Data("""
            POST /api/check HTTP/1.1\r
            Host: 127.0.0.1\r
            Cookie: \(unit.cookie ?? "")\r
            X-CSRF-Token: \(unit.csrfToken ?? "")\r
            Content-Type: multipart/form-data; boundary=b\r
            Transfer-Encoding: chunked\r
            \r
            \(String(head.utf8.count, radix: 16))\r
            \(head)\r

            """.utf8))
        let chunk = Data(String(big.count, radix: 16).utf8) + Data("\r\n".utf8) + big + Data("\r\n".utf8)
        try? socket.send(chunk)
        #expect(socket.receiveStatusLine().hasPrefix("HTTP/1.1 413"))
        #expect(try await unit.get("/api/me").status == 200)
    }

    @Test func aClientsFileNameNeverBecomesAPath() async throws {
        let served = try Served()
        defer { served.stop() }
        let unit = try await served.client(Self.unitA)
        let names = ["../../../escaped.csv", "..\\..\\escaped.csv", "a\u{0}b.csv", String(repeating: "长", count: 300) + ".csv", "/etc/passwd.csv"]
        for (n, name) in names.enumerated() {
            let file = Data(EnterpriseReturn.csv([EnterpriseReturn.row(0, employees: 100 + n)]).utf8)
            let answer = try await unit.upload("/api/submit", fileName: name, file)
            #expect(answer.status == 201, "\(name.prefix(20))")
            let shown = try #require(answer.json["file"] as? String)
            #expect(!shown.contains("/") && !shown.contains("\\") && !shown.contains("\u{0}") && shown.count <= 100)
        }
        let inbox = served.ws.inboxFiles()
        #expect(inbox.count == names.count)
        #expect(inbox.allSatisfy { $0.hasPrefix("portal-\(Self.unitA)-") && $0.hasSuffix(".csv") && !$0.contains("/") }, "\(inbox)")
        let root = try FileManager.default.contentsOfDirectory(atPath: served.ws.root).sorted()
        #expect(root == ["inbox", "outbox", "seeds"])
        #expect(!FileManager.default.fileExists(atPath: served.ws.root + "/../escaped.csv"))
    }

    /// The server is killed while a file is still arriving: nothing of it is in the inbox, and a
    /// server started again takes the next upload whole.
    @Test func aServerKilledMidUploadLeavesNoPartialFileInTheInbox() async throws {
        let served = try Served()
        defer { served.stop() }
        let unit = try await served.client(Self.unitA)
        let boundary = "partial-upload"
        let head = "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.csv\"\r\n\r\n"
            + EnterpriseReturn.csv([EnterpriseReturn.row(0)])
        let request = """
            POST /api/submit HTTP/1.1\r
            Host: 127.0.0.1\r
            Cookie: \(unit.cookie ?? "")\r
            X-CSRF-Token: \(unit.csrfToken ?? "")\r
            Content-Type: multipart/form-data; boundary=\(boundary)\r
            Content-Length: 1000000\r
            \r
            \(head)
            """
        let socket = try RawConnection(port: served.server.port)
        defer { socket.close() }
        try socket.send(Data(request.utf8) + Data(repeating: UInt8(ascii: "1"), count: 200_000))
        try await Task.sleep(for: .milliseconds(300))
        kill(served.server.process.processIdentifier, SIGKILL)
        served.server.process.waitUntilExit()
        #expect(try FileManager.default.contentsOfDirectory(atPath: served.ws.inbox).isEmpty)

        let again = try PortalProcess(root: served.ws.root)
        defer { again.stop() }
        let client = PortalClient(again)
        #expect(try await client.signIn(Self.unitA, Self.password).status == 200)
        let file = Data(EnterpriseReturn.csv([EnterpriseReturn.row(0)]).utf8)
        #expect(try await client.upload("/api/submit", fileName: "r.csv", file).status == 201)
        #expect(served.ws.inboxFiles().count == 1)
    }

    @Test func aZipBombGetsTheNightsIssueAndTheServerKeepsServing() async throws {
        let served = try Served()
        defer { served.stop() }
        let folder = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(folder) }
        let bomb = folder + "/bomb.xlsx"
        try XLSXReaderTests.zip([bomb: XLSXReaderTests.entries(XLSXReaderTests.workbookParts(rows: "", replacing: ["xl/worksheets/sheet1.xml": nil]))
                                   + [["name": "xl/worksheets/sheet1.xml", "zeros": 500 << 20]]])
        let unit = try await served.client(Self.unitA)
        async let other = unit.get("/api/me")
        let answer = try await unit.upload("/api/check", fileName: "bomb.xlsx", try Data(contentsOf: URL(fileURLWithPath: bomb)))
        #expect(answer.status == 200)
        #expect(try await other.status == 200)
        let issues = answer.json["issues"] as? [[String: Any]] ?? []
        #expect(answer.json["status"] as? String == "rejected")
        let validate = try BinaryRunner.run(["validate", "--root", served.ws.root, "--format", "json", bomb])
        let expected = (try JSONSerialization.jsonObject(with: Data(validate.stdout.utf8)) as? [String: Any])?["issues"] as? [[String: Any]] ?? []
        #expect(issues.map { $0["code"] as? String } == expected.map { $0["code"] as? String })
        #expect(issues.map { $0["message"] as? String } == expected.map { $0["message"] as? String })
        #expect(issues.first?["code"] as? String == "format-error")
        #expect(try await unit.get("/api/returns").status == 200)
    }

    @Test func submitPutsOneWholeFileInTheInboxAndTheNightRefusesAForeignUnit() async throws {
        let served = try Served()
        defer { served.stop() }
        let unit = try await served.client(Self.unitA)
        let file = Data(EnterpriseReturn.csv([EnterpriseReturn.row(0), EnterpriseReturn.row(1)]).utf8)
        #expect(try await unit.get("/api/submissions").array.isEmpty)
        let check = try await unit.upload("/api/check", fileName: "六月.csv", file)
        #expect(check.status == 200)
        #expect(served.ws.inboxFiles().isEmpty)
        #expect(check.json["status"] as? String == "partial")
        #expect((check.json["issues"] as? [[String: Any]])?.map { $0["code"] as? String } == ["not-authorised"])
        #expect((check.json["issues"] as? [[String: Any]])?.first?["row"] as? Int == 3)
        let submit = try await unit.upload("/api/submit", fileName: "六月.csv", file)
        #expect(submit.status == 201)
        #expect(submit.json["file"] as? String == "六月.csv" && (submit.json["id"] as? String)?.count == 32)
        #expect((submit.json["receivedAt"] as? String)?.hasSuffix("Z") == true)
        #expect(submit.json["rows"] as? [String: Int] == ["read": 2, "accepted": 1, "rejected": 1])
        let waiting = try await unit.get("/api/submissions").array
        #expect(waiting.first?["status"] as? String == "waiting" && waiting.first?["errorReport"] as? Bool == false)
        let inbox = served.ws.inboxFiles()
        #expect(inbox.count == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: served.ws.inbox + "/" + inbox[0])) == file)
        let hidden = try FileManager.default.contentsOfDirectory(atPath: served.ws.inbox).filter { $0.hasPrefix(".") }
        #expect(hidden.isEmpty, "\(hidden)")

        #expect(try served.ws.run().status == 0)
        let issues = try served.ws.reportedIssues()
        #expect(issues.map { $0["code"] as? String } == ["not-authorised"])
        #expect(issues.first?["file"] as? String == inbox[0] && issues.first?["row"] as? Int == 3)
        #expect(try served.ws.reportedFiles().first?["status"] as? String == "partial")
        let consolidated = try served.ws.consolidated("enterprise")
        #expect(consolidated.contains(Self.unitA) && !consolidated.contains(Self.unitB))
        #expect(try served.ws.contract() == NightWorkspace.contractHolds)

        // The unit sees what the night made of its file and downloads its error workbook; another
        // unit, and the office, get 404.
        let id = try #require(submit.json["id"] as? String)
        let mine = try await unit.get("/api/submissions").array
        #expect(mine.count == 1 && mine.first?["id"] as? String == id && mine.first?["status"] as? String == "partial")
        #expect(mine.first?["errorReport"] as? Bool == true)
        let workbook = try await unit.get("/api/submissions/\(id)/error-report")
        #expect(workbook.status == 200 && workbook.body.starts(with: Data("PK".utf8)))
        let other = try await served.client(Self.unitB)
        #expect(try await other.get("/api/submissions/\(id)/error-report").status == 404)
        #expect(try await served.client("wang").get("/api/submissions/\(id)/error-report").status == 404)
        #expect(try await unit.get("/api/submissions/ffff/error-report").status == 404)
        #expect(try await served.client(Self.unitB).get("/api/submissions").array.isEmpty)
    }

    @Test func theOfficeReturnsAReturnAndTheUnitSeesTheReason() async throws {
        let served = try Served()
        defer { served.stop() }
        try served.ws.drop("june.csv", EnterpriseReturn.csv([EnterpriseReturn.row(0), EnterpriseReturn.row(1)]))
        #expect(try served.ws.run().status == 0)
        let unit = try await served.client(Self.unitA)
        let mine = try await unit.get("/api/returns?period=2009-06").array
        #expect(mine.map { $0["unit"] as? String } == [Self.unitA])
        #expect(mine.first?["state"] as? String == "pending" && mine.first?["timeliness"] as? String == "late")
        let office = try await served.client("wang")
        let all = try await office.get("/api/returns?period=2009-06").array
        #expect(Set(all.compactMap { $0["unit"] as? String }).isSuperset(of: [Self.unitA, Self.unitB]) && all.count > 2)
        #expect(all.first { $0["unit"] as? String == Self.unitB }?["state"] as? String == "pending")
        let sent = try await office.post("/api/review/return", json: ["unit": Self.unitA, "period": "2009-06", "reason": "职工人数有误"])
        #expect(sent.status == 200)
        #expect(try await office.post("/api/review/approve", json: ["unit": Self.unitB, "period": "2009-06"]).status == 200)
        #expect(try await office.post("/api/review/approve", json: ["unit": Self.unitB, "period": "2009-06"]).status == 409)
        #expect(try await office.post("/api/review/return", json: ["unit": Self.unitB, "period": "2009-06"]).status == 400)
        let after = try await unit.get("/api/returns?period=2009-06").array
        #expect(after.first?["state"] as? String == "returned" && after.first?["reason"] as? String == "职工人数有误")
        let review = try served.ws.text("outbox/review.csv")
        #expect(review.contains("已退回") && review.contains("已审核") && review.contains("wang"))
        #expect(try await office.post("/api/review/close", json: ["period": "2009-06", "reason": "关账"]).status == 200)
        #expect(try await office.post("/api/review/reopen", json: ["period": "2009-06", "reason": "补报"]).status == 200)
    }

    /// A unit downloads the template of its return with its code, name and village filled in;
    /// another unit's is 404.
    @Test func theErrorWorkbookOfACheckHoldsTheRejectedRowsAsWrittenAndNothingIsWritten() async throws {
        let served = try Served()
        defer { served.stop() }
        let unit = try await served.client(Self.unitA)
        let outbox = try FileManager.default.contentsOfDirectory(atPath: served.ws.outbox)
        let file = Data(EnterpriseReturn.csv([EnterpriseReturn.row(0), EnterpriseReturn.row(1)]).utf8)
        let answer = try await unit.upload("/api/check/error-workbook", fileName: "六月.csv", file)
        #expect(answer.status == 200)
        #expect(answer.header("Content-Disposition")?.hasSuffix("filename*=UTF-8''" + ("六月-错误.xlsx".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")) == true)
        let path = try TestSupport.temporaryFolder() + "/errors.xlsx"
        defer { TestSupport.remove((path as NSString).deletingLastPathComponent) }
        try answer.body.write(to: URL(fileURLWithPath: path))
        let read = try BinaryRunner.runProgram("/usr/bin/env", ["python3", "-c", """
            import openpyxl, sys
            rows = list(openpyxl.load_workbook(sys.argv[1]).active.iter_rows(values_only=True))
            explanation = rows[0].index("错误说明")
            print(len(rows) - 1, rows[1][0], rows[1][explanation] or "", sep="|")
            """, path])
        #expect(read.stdout.hasPrefix("1|\(Self.unitB)|") && read.stdout.count > "1|\(Self.unitB)|\n".count, "\(read.stdout)\(read.stderr)")
        let clean = Data(EnterpriseReturn.csv([EnterpriseReturn.row(0)]).utf8)
        let none = try await unit.upload("/api/check/error-workbook", fileName: "r.csv", clean)
        #expect(none.status == 422 && (none.json["error"] as? String)?.isEmpty == false)
        #expect(served.ws.inboxFiles().isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: served.ws.outbox) == outbox)
    }

    @Test func aUnitDownloadsItsPrefilledTemplate() async throws {
        let served = try Served()
        defer { served.stop() }
        let unit = try await served.client(Self.unitA)
        let answer = try await unit.get("/api/template/\(Self.unitA)")
        #expect(answer.status == 200 && answer.header("Content-Disposition")?.contains("filename*=UTF-8''") == true)
        let path = try TestSupport.temporaryFolder() + "/template.xlsx"
        defer { TestSupport.remove((path as NSString).deletingLastPathComponent) }
        try answer.body.write(to: URL(fileURLWithPath: path))
        let read = try BinaryRunner.runProgram("/usr/bin/env", ["python3", "-c", """
            import openpyxl, sys
            sheet = openpyxl.load_workbook(sys.argv[1]).active
            print(sheet.title, *[cell.value or "" for cell in sheet[2]][:3], sep="|")
            """, path])
        let expected = EnterpriseReturn.units[0]
        #expect(read.stdout == "企业创建情况表|\(expected.code)|\(expected.name)|\(expected.village)\n", "\(read.stderr)")
        #expect(try await unit.get("/api/template/\(Self.unitB)").status == 404)
        #expect(try await unit.get("/api/template/nobody").status == 404)
    }

    /// A store no portal has opened yet has no accounts: `huizong validate` still reads its
    /// decisions (here a lock) until the next run brings it up to date.
    @Test func validateReadsAStoreWithoutTheAccountsTables() throws {
        let ws = try NightWorkspace()
        defer { TestSupport.remove(ws.root) }
        try ws.drop("june.csv", EnterpriseReturn.csv([EnterpriseReturn.row(0)]))
        #expect(try ws.run().status == 0)
        #expect(try BinaryRunner.run(["review", "approve", Self.unitA, "2009-06", "--root", ws.root]).status == 0)
        let dropped = try BinaryRunner.runProgram("/usr/bin/env", ["python3", "-c", """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.executescript("DROP TABLE accountUnit; DROP TABLE account; DROP TABLE submission; "
                             "DELETE FROM grdb_migrations WHERE identifier LIKE 'v3:%';")
            db.commit()
            """, ws.outbox + "/" + Store.fileName])
        #expect(dropped.status == 0, "\(dropped.stderr)")
        let file = ws.root + "/again.csv"
        try TestSupport.write(EnterpriseReturn.csv([EnterpriseReturn.row(0, employees: 130)]), to: file)
        let validate = try BinaryRunner.run(["validate", "--root", ws.root, "--format", "json", file])
        #expect(validate.stdout.contains("\"code\": \"locked\""), "\(validate.stdout)")
    }

    @Test func accountsAreAddedGrantedResetListedAndRemoved() throws {
        let ws = try NightWorkspace()
        defer { TestSupport.remove(ws.root) }
        let huizong = BinaryRunner.executable
        func accounts(_ arguments: String, stdin: String? = nil) throws -> BinaryRunner.Result {
            let pipe = stdin.map { "printf '%s\\n' '\($0)' | " } ?? ""
            return try BinaryRunner.runProgram("/bin/sh", ["-c", "\(pipe)'\(huizong)' accounts \(arguments) --root '\(ws.root)'"],
                                               environment: PortalProcess.environment)
        }
        let added = try accounts("add \(Self.unitA)")
        #expect(added.status == 0 && added.stdout.contains("一次性密码"), "\(added)")
        let oneTime = try #require(added.stdout.split(separator: "：").last?.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(oneTime.count == 12)
        #expect(try accounts("add \(Self.unitA)").status == 1)
        #expect(try accounts("add 000000000000000000").status == 2)
        let office = try accounts("add-office wang --password-stdin", stdin: "office-secret-1")
        #expect(office.status == 0 && !office.stdout.contains("一次性密码"))
        #expect(try accounts("add-office 'wang li' --password-stdin", stdin: "office-secret-1").status == 2)
        #expect(try accounts("add \(Self.unitB) --password-stdin", stdin: "short").status == 2)
        #expect(try accounts("grant \(Self.unitA) \(Self.unitB)").status == 0)
        #expect(try accounts("grant wang \(Self.unitB)").status == 1)
        #expect(try accounts("grant \(Self.unitA) 000000000000000000").status == 2)
        #expect(try accounts("reset wang --password-stdin", stdin: "office-secret-2").status == 0)
        #expect(try accounts("reset nobody").status == 1)
        let list = try accounts("list --lang en")
        #expect(list.stdout == "\(Self.unitA)\tunit\t\(Self.unitA) \(Self.unitB)\nwang\toffice\t\n", "\(list.stdout)")

        let store = try Store(path: ws.outbox + "/" + Store.fileName)
        let wang = try #require(try store.account(named: "wang"))
        #expect(wang.passwordHash.hasPrefix("$2") && !wang.passwordHash.contains("office-secret"))
        #expect(Passwords.verify("office-secret-2", hash: wang.passwordHash))
        #expect(try Passwords.verify(oneTime, hash: #require(try store.account(named: Self.unitA)).passwordHash))
        #expect(try accounts("remove wang").status == 0)
        #expect(try accounts("remove wang").status == 1)
        #expect(try store.accounts().map(\.name) == [Self.unitA])
    }

    /// Fifty clerks check a 10,000-row return at once (the benchmark's generator makes it, 2 % of
    /// its rows wrong, over a registry of 3,000 units): every answer is whole and the same as one
    /// check alone. It takes a few minutes in a debug build (each check some seconds there); the
    /// times it prints are for a person, the benchmark (Benchmarks/portal_checks.py) measures them.
    @Test func fiftyConcurrentChecksOfATenThousandRowReturnAllAnswerCorrectly() async throws {
        let served = try Served(units: []) { ws in
            let generator = TestSupport.repositoryRoot + "/Benchmarks/make_large_inbox.py"
            let made = try BinaryRunner.runProgram("/usr/bin/env", ["python3", generator, ws.root, "--units", "3000", "--villages", "100",
                                                                    "--enterprises", "1200", "--rows", "10000"])
            #expect(made.status == 0, "\(made.stderr)")
        }
        defer { served.stop() }
        let large = served.ws.inbox + "/enterprise-large.csv"
        let file = try Data(contentsOf: URL(fileURLWithPath: large))
        try FileManager.default.removeItem(atPath: large)
        let office = try await served.client("wang")
        let alone = Date()
        let first = try await office.upload("/api/check", fileName: "enterprise-large.csv", file)
        let oneCheck = Date().timeIntervalSince(alone)
        #expect(first.json["rows"] as? [String: Int] == ["read": 10_000, "accepted": 9_800, "rejected": 200])
        let started = Date()
        let answers = try await withThrowingTaskGroup(of: PortalClient.Answer.self) { group in
            for _ in 0..<50 {
                group.addTask { try await office.upload("/api/check", fileName: "enterprise-large.csv", file) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let seconds = Date().timeIntervalSince(started)
        #expect(answers.count == 50)
        #expect(answers.allSatisfy { $0.status == 200 && $0.body == first.body })
        print("/api/check of 10,000 rows: \(String(format: "%.2f", oneCheck)) s alone; 50 at once: \(String(format: "%.1f", seconds)) s")
    }
}

/// A TCP connection to the server on the loopback, for a request a URL session would not send: one
/// cut off in the middle.
private final class RawConnection {
    private let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard descriptor >= 0, connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    func send(_ data: Data) throws {
        let sent = data.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard sent == data.count else { throw POSIXError(.EPIPE) }
    }

    /// The first line of the answer.
    func receiveStatusLine() -> String {
        var bytes = [UInt8](repeating: 0, count: 4096)
        let count = recv(descriptor, &bytes, bytes.count, 0)
        let text = String(decoding: bytes.prefix(max(0, count)), as: UTF8.self)
        return String(text.prefix { $0 != "\r" && $0 != "\n" })
    }

    func close() {
        _ = Glibc.close(descriptor)
    }
}
