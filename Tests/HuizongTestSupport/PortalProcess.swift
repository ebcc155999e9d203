import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A `huizong serve` of the built binary on a free loopback port (the system picks it), with a
/// small HTTP client that keeps the session cookie and CSRF token of one sign-in.
public final class PortalProcess: @unchecked Sendable {
    public let process = Process()
    public let port: Int
    /// The server's TMPDIR, where it keeps uploads while it checks them: a scratch folder, so that
    /// a server killed in a test leaves nothing behind.
    public let temporary: String
    /// `http://127.0.0.1:PORT`, or `https://` when the command announced HTTPS.
    public let base: String
    /// Fast bcrypt for tests (`HUIZONG_BCRYPT_COST`); production keeps the default 12.
    public static let environment = ["HUIZONG_BCRYPT_COST": "4"]

    /// What the command printed up to the line that names the port.
    public let announced: String

    /// Starts the server on the workspace at `root` and waits until it listens.
    ///
    /// - Parameter command: the command that ends up serving, `serve --root ROOT` unless another
    ///   (such as `demo --serve`) is given; `--listen` with a free port is added to it.
    /// - Parameter arguments: more arguments for the command, such as `--tls-cert` and `--tls-key`.
    public init(root: String, command: [String]? = nil, arguments: [String] = []) throws {
        process.executableURL = URL(fileURLWithPath: BinaryRunner.executable)
        process.arguments = (command ?? ["serve", "--root", root]) + arguments + ["--listen", "127.0.0.1:0"]
        temporary = try TestSupport.temporaryFolder()
        process.environment = ProcessInfo.processInfo.environment.merging(Self.environment) { $1 }
            .merging(["TMPDIR": temporary + "/"]) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var seen = Data()
        var found: Int?
        while found == nil {
            let chunk = out.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            seen += chunk
            let text = String(decoding: seen, as: UTF8.self)
            if let range = text.range(of: #"127\.0\.0\.1:[0-9]+/"#, options: .regularExpression) {
                found = Int(text[range].dropFirst("127.0.0.1:".count).dropLast())
            }
        }
        guard let found else {
            process.terminate()
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "huizong serve did not start: \(String(decoding: seen, as: UTF8.self))"])
        }
        port = found
        announced = String(decoding: seen, as: UTF8.self)
        base = (announced.contains("https://127.0.0.1:") ? "https" : "http") + "://127.0.0.1:\(found)"
    }

    /// Stops the server (SIGTERM) and waits for it.
    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit {
        stop()
    }
}

/// One browser's side of the portal: its cookie and CSRF token after `signIn`.
public final class PortalClient: @unchecked Sendable {
    public struct Answer: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: Data

        public var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
        }

        public var array: [[String: Any]] {
            (try? JSONSerialization.jsonObject(with: body)) as? [[String: Any]] ?? []
        }

        public func header(_ name: String) -> String? {
            headers.first { $0.key.lowercased() == name.lowercased() }?.value
        }
    }

    public let base: String
    public var cookie: String?
    public var csrfToken: String?
    private let session: URLSession

    public init(_ server: PortalProcess) {
        base = server.base
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        configuration.timeoutIntervalForRequest = 300
        session = URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
    }

    /// Signs in; the answer of `POST /api/login`.
    @discardableResult
    public func signIn(_ account: String, _ password: String) async throws -> Answer {
        let body = try JSONSerialization.data(withJSONObject: ["account": account, "password": password])
        let answer = try await send("POST", "/api/login", body: body, contentType: "application/json")
        if answer.status == 200, let setCookie = answer.header("Set-Cookie") {
            cookie = String(setCookie.prefix { $0 != ";" })
            csrfToken = answer.json["csrfToken"] as? String
        }
        return answer
    }

    public func get(_ path: String) async throws -> Answer {
        try await send("GET", path)
    }

    /// A POST of JSON, with the CSRF token unless `csrf` is false.
    public func post(_ path: String, json: [String: Any] = [:], csrf: Bool = true) async throws -> Answer {
        try await send("POST", path, body: try JSONSerialization.data(withJSONObject: json), contentType: "application/json", csrf: csrf)
    }

    /// A POST of a multipart form whose field `file` holds `bytes` named `fileName`.
    public func upload(_ path: String, fileName: String, _ bytes: Data, csrf: Bool = true) async throws -> Answer {
        let boundary = "huizong-test-" + UUID().uuidString
        var body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"".utf8)
        body += Data(fileName.utf8)
        body += Data("\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8) + bytes + Data("\r\n--\(boundary)--\r\n".utf8)
        return try await send("POST", path, body: body, contentType: "multipart/form-data; boundary=\(boundary)", csrf: csrf)
    }

    public func send(_ method: String, _ path: String, body: Data? = nil, contentType: String? = nil, csrf: Bool = true) async throws -> Answer {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = method
        request.httpBody = body
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        if let cookie { request.setValue(cookie, forHTTPHeaderField: "Cookie") }
        if csrf, let csrfToken { request.setValue(csrfToken, forHTTPHeaderField: "X-CSRF-Token") }
        let (data, response) = try await session.data(for: request)
        let http = response as? HTTPURLResponse
        let headers = (http?.allHeaderFields ?? [:]).reduce(into: [String: String]()) { $0["\($1.key)"] = "\($1.value)" }
        return Answer(status: http?.statusCode ?? 0, headers: headers, body: data)
    }
}

/// Lets a test see a redirect instead of following it.
private final class NoRedirects: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}
