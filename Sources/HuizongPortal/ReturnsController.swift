import Foundation
import Hummingbird
import Huizong

/// `GET /api/returns[?period=P]` (PRODUCT §13): each return of the account's units (the office:
/// every unit) per period, with its 审核状态, timeliness and the reason of a 退回.
struct ReturnsController {
    let portal: Portal

    func addRoutes(to router: Router<PortalContext>) {
        router.get("/api/returns", use: list)
    }

    @Sendable func list(_ request: Request, context: PortalContext) async throws -> Response {
        guard let user = context.user else { return Answer.problem(.unauthorized, "") }
        let workspace = portal.workspace, units = user.visibleUnits, period = request.uri.queryParameters.get("period")
        let result = await Blocking.run { () -> Result<[ReturnStatus], StoreError> in
            Result { () throws(StoreError) in try ReturnStatus.list(workspace, units: units, period: period) }
        }
        switch result {
        case .success(let list):
            return Answer.json(.array(list.map(Self.json)))
        case .failure(let error):
            return Answer.problem(.internalServerError, error.message(portal.language))
        }
    }

    static func json(_ status: ReturnStatus) -> JSONValue {
        .object([
            ("returnType", .string(status.returnType)),
            ("unit", .string(status.unit)),
            ("name", .string(status.name)),
            ("period", .string(status.period)),
            ("state", .string(status.state.rawValue)),
            ("timeliness", .string(status.timeliness.rawValue)),
            ("reason", status.reason.map(JSONValue.string) ?? .null),
        ])
    }
}
