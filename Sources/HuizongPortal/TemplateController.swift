import Foundation
import Hummingbird
import Huizong

/// `GET /api/template/{unit}`: the .xlsx template of the unit's return with its code and name
/// filled in (PRODUCT §13), for the account's own units (the office: any registered unit); 404
/// for any other.
struct TemplateController {
    let portal: Portal

    func addRoutes(to router: Router<PortalContext>) {
        router.get("/api/template/:unit", use: template)
    }

    @Sendable func template(_ request: Request, context: PortalContext) async throws -> Response {
        let notFound = Answer.problem(.notFound, portal.say("没有这个单位的报表模板。", "No template for this unit."))
        guard let user = context.user, let code = context.parameters.get("unit"), user.visibleUnits?.contains(code) ?? true,
              let unit = portal.workspace.registry.unit(code) else { return notFound }
        let path = portal.uploads.newPath()
        defer { unlink(path) }
        let workspace = portal.workspace
        let written = await Blocking.run { try? TemplateSet.writeWorkbook(for: unit, in: workspace, to: path) }
        guard let type = written ?? nil, let bytes = FileManager.default.contents(atPath: path) else { return notFound }
        return Answer.workbook(bytes, name: "\(type.title)-\(unit.name).xlsx")
    }
}
