import Foundation

/// One signed-in browser: the token its cookie carries, the CSRF token its pages send back, and
/// when it ends.
struct Session: Sendable {
    var token: String
    var account: String
    var csrfToken: String
    var expires: Date
}

/// The live sessions, in memory: a restart of the portal signs everyone out, which costs a clerk
/// one sign-in, and no session token is ever written to disk where a copy of the workspace would
/// carry it. A session lasts `lifetime` from sign-in.
actor Sessions {
    static let lifetime: TimeInterval = 8 * 3600

    private var byToken: [String: Session] = [:]

    func open(account: String, now: Date = Date()) -> Session {
        byToken = byToken.filter { $0.value.expires > now }
        let session = Session(token: Self.randomToken(), account: account, csrfToken: Self.randomToken(),
                              expires: now.addingTimeInterval(Self.lifetime))
        byToken[session.token] = session
        return session
    }

    /// The live session of `token`, if any.
    func session(_ token: String, now: Date = Date()) -> Session? {
        guard let session = byToken[token] else { return nil }
        guard session.expires > now else {
            byToken[token] = nil
            return nil
        }
        return session
    }

    func close(_ token: String) {
        byToken[token] = nil
    }

    /// 32 random bytes from the system's generator, as 64 hex digits.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return String(byte >> 4, radix: 16) + String(byte & 0x0F, radix: 16)
        }.joined()
    }
}
