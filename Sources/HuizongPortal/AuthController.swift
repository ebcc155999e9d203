import Foundation
import Hummingbird
import Huizong

/// `POST /api/login`, `POST /api/logout`, `GET /api/me` (PRODUCT §13).
struct AuthController {
    let portal: Portal

    struct Credentials: Decodable {
        var account: String
        var password: String
    }

    func addRoutes(to router: Router<PortalContext>) {
        router.post("/api/login", use: login)
        router.post("/api/logout", use: logout)
        router.get("/api/me", use: me)
    }

    /// 200 and the session cookie; 401 for a wrong name or password; 429 once an account has
    /// failed five times within fifteen minutes, whatever the password.
    @Sendable func login(_ request: Request, context: PortalContext) async throws -> Response {
        let credentials = try await request.decode(as: Credentials.self, context: context)
        let name = credentials.account
        guard await !portal.throttle.isBlocked(name) else {
            return Answer.problem(.tooManyRequests, portal.say("登录失败次数过多，请 15 分钟后再试。",
                                                               "Too many failed sign-ins; try again in 15 minutes."))
        }
        let account = try? portal.store.account(named: name)
        let password = credentials.password
        let hash = account?.passwordHash ?? Passwords.decoy
        let matches = await Blocking.run { Passwords.verify(password, hash: hash) }
        guard let account, matches else {
            await portal.throttle.failed(name)
            return Answer.problem(.unauthorized, portal.say("账户或密码不对。", "Wrong account or password."))
        }
        await portal.throttle.succeeded(name)
        let session = await portal.sessions.open(account: account.name)
        var response = Answer.json(Self.me(SignedIn(account: account, session: session)))
        response.setCookie(Cookie(name: SessionMiddleware.cookieName, value: session.token, maxAge: Int(Sessions.lifetime),
                                  path: "/", secure: portal.secure, httpOnly: true, sameSite: .strict))
        return response
    }

    @Sendable func logout(_ request: Request, context: PortalContext) async throws -> Response {
        if let user = context.user { await portal.sessions.close(user.session.token) }
        var response = Answer.json(.object([]))
        response.setCookie(Cookie(name: SessionMiddleware.cookieName, value: "", maxAge: 0, path: "/", secure: portal.secure, httpOnly: true,
                                  sameSite: .strict))
        return response
    }

    @Sendable func me(_ request: Request, context: PortalContext) async throws -> Response {
        guard let user = context.user else { return Answer.problem(.unauthorized, "") }
        return Answer.json(Self.me(user))
    }

    static func me(_ user: SignedIn) -> JSONValue {
        .object([
            ("account", .string(user.account.name)),
            ("role", .string(user.account.role.rawValue)),
            ("units", .array(user.account.units.map(JSONValue.string))),
            ("csrfToken", .string(user.session.csrfToken)),
        ])
    }
}
