import Foundation
import HTTPTypes
import Hummingbird
import Huizong

/// Lets a request through only with a live session (PRODUCT §13): without one, every API route
/// answers 401 and every page redirects to the sign-in page. A POST must also carry the session's
/// CSRF token in `X-CSRF-Token` (403 otherwise). Signing in, the sign-in page and its styles and
/// script need no session.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = PortalContext

    static let cookieName = "huizong_session"
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!
    static let open: Set<String> = ["/api/login", Pages.signInPath, Pages.stylePath, Pages.scriptPath]

    let portal: Portal

    func handle(_ request: Request, context: PortalContext, next: (Request, PortalContext) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard !Self.open.contains(path) else { return try await next(request, context) }
        let isAPI = path.hasPrefix("/api/")
        guard let token = request.cookies[Self.cookieName]?.value, let session = await portal.sessions.session(token),
              let account = try? portal.store.account(named: session.account) else {
            return isAPI ? Answer.problem(.unauthorized, portal.say("请先登录。", "Sign in first."))
                : Response(status: .seeOther, headers: [.location: Pages.signInPath])
        }
        if request.method == .post, !Self.same(request.headers[Self.csrfHeader] ?? "", session.csrfToken) {
            return Answer.problem(.forbidden, portal.say("请求缺少有效的 CSRF 令牌，请刷新页面后重试。",
                                                         "The request lacks a valid CSRF token; reload the page and try again."))
        }
        var context = context
        context.user = SignedIn(account: account, session: session)
        return try await next(request, context)
    }

    /// Compares in time that does not depend on where the texts differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
