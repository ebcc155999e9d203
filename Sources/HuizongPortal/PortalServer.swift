import Foundation
import Hummingbird
import Huizong
import HummingbirdTLS

/// `huizong serve` (PRODUCT §13): the portal over a workspace, on Hummingbird 2.
public struct PortalServer: Sendable {
    let portal: Portal
    let tls: PortalTLS?

    /// - Parameter tls: the certificate and key to answer HTTPS with; plain HTTP without them.
    /// - Throws: when the store cannot be opened or the folder for uploads made.
    public init(workspace: Workspace, language: Language, tls: PortalTLS? = nil) throws {
        portal = Portal(workspace: workspace, store: try AccountBook.openStore(workspace), uploads: try UploadFolder(),
                        language: language, secure: tls != nil)
        self.tls = tls
    }

    /// The router with its middleware and every route; the tests build it too.
    func router() -> Router<PortalContext> {
        let router = Router(context: PortalContext.self)
        router.add(middleware: SecurityHeaders())
        router.add(middleware: SessionMiddleware(portal: portal))
        AuthController(portal: portal).addRoutes(to: router)
        FilingController(portal: portal).addRoutes(to: router)
        ReturnsController(portal: portal).addRoutes(to: router)
        ReviewController(portal: portal).addRoutes(to: router)
        TemplateController(portal: portal).addRoutes(to: router)
        Pages(portal: portal).addRoutes(to: router)
        return router
    }

    /// Serves until SIGINT or SIGTERM.
    /// - Parameter listening: told the port once the server listens (the one asked for, or the
    ///   one the system chose for port 0).
    public func run(host: String, port: Int, listening: @escaping @Sendable (Int) -> Void) async throws {
        let app = Application(
            router: router(),
            server: try tls.map { try .tls(.http1(), tlsConfiguration: $0.configuration) } ?? .http1(),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "huizong"),
            onServerRunning: { channel in listening(channel.localAddress?.port ?? port) })
        defer { portal.uploads.remove() }
        try await app.runService()
    }
}
