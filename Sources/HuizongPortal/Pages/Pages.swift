import Foundation
import Hummingbird
import Huizong

/// The portal's pages (PRODUCT §13): plain HTML and one style sheet, served by huizong itself,
/// with one small same-origin script that calls the JSON API. Without a session every page
/// redirects to the sign-in page (`SessionMiddleware`).
///
/// A page is in the server's language (`huizong serve --lang`) until the visitor picks the other
/// with the switch in its header: `?lang=en` or `?lang=zh` on any page, kept in a cookie.
struct Pages {
    static let signInPath = "/login"
    static let dashboardPath = "/dashboard"
    static let stylePath = "/static/portal.css"
    static let scriptPath = "/static/portal.js"
    static let languageCookie = "huizong_lang"

    let portal: Portal

    func addRoutes(to router: Router<PortalContext>) {
        router.get(RouterPath(Self.signInPath)) { request, _ in page(request) { $0.signIn } }
        router.get("/") { request, context in
            page(request) { $0.returns(role: context.user?.account.role ?? .unit) }
        }
        router.get(RouterPath(Self.dashboardPath), use: dashboard)
        router.get(RouterPath(Self.stylePath)) { _, _ in Self.file(PageText.style, type: "text/css; charset=utf-8") }
        router.get(RouterPath(Self.scriptPath)) { request, _ in
            Self.file(PageText(language: portal.language(of: request)).script, type: "text/javascript; charset=utf-8")
        }
    }

    /// The office's overview, drawn from the store; a unit's account gets 403.
    @Sendable func dashboard(_ request: Request, context: PortalContext) async throws -> Response {
        guard context.user?.account.role == .office else {
            var response = page(request) { $0.forbidden }
            response.status = .forbidden
            return response
        }
        let workspace = portal.workspace
        let result = await Blocking.run { () -> Result<[ReturnStatus], StoreError> in
            Result { () throws(StoreError) in try ReturnStatus.list(workspace, units: nil, period: nil) }
        }
        switch result {
        case .success(let returns):
            return page(request) { DashboardPage(text: $0, schema: workspace.schema, returns: returns).html }
        case .failure(let error):
            return Answer.problem(.internalServerError, error.message(portal.language))
        }
    }

    /// A page in the chosen language; a language asked for with `?lang=` is kept in the cookie.
    private func page(_ request: Request, _ body: (PageText) -> String) -> Response {
        let language = portal.language(of: request)
        var response = Self.file(body(PageText(language: language)), type: "text/html; charset=utf-8")
        if request.uri.queryParameters.get("lang") != nil {
            response.setCookie(Cookie(name: Self.languageCookie, value: language.rawValue, maxAge: 365 * 24 * 3600,
                                      path: "/", httpOnly: true, sameSite: .strict))
        }
        return response
    }

    static func file(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-store"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
