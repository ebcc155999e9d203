import Hummingbird
import Huizong

/// The portal's pages (PRODUCT §13): plain HTML and one style sheet, served by huizong itself,
/// with one small same-origin script that calls the JSON API. Without a session every page
/// redirects to the sign-in page (`SessionMiddleware`).
struct Pages {
    static let signInPath = "/login"
    static let stylePath = "/static/portal.css"
    static let scriptPath = "/static/portal.js"

    let portal: Portal

    func addRoutes(to router: Router<PortalContext>) {
        router.get(RouterPath(Self.signInPath)) { _, _ in Self.html(PageText.signIn) }
        router.get("/") { _, _ in Self.html(PageText.returns) }
        router.get(RouterPath(Self.stylePath)) { _, _ in Self.file(PageText.style, type: "text/css; charset=utf-8") }
        router.get(RouterPath(Self.scriptPath)) { _, _ in Self.file(PageText.script, type: "text/javascript; charset=utf-8") }
    }

    static func html(_ text: String) -> Response {
        file(text, type: "text/html; charset=utf-8")
    }

    static func file(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-store"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
