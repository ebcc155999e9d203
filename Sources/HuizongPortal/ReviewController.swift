import Foundation
import Hummingbird
import Huizong

/// `POST /api/review/approve|return|close|reopen` (PRODUCT §13): the office's decisions, with the
/// same effect as `huizong review` (the decision is recorded under the account's name and the
/// outbox refreshed). A unit's account gets 403.
struct ReviewController {
    let portal: Portal

    struct Decision: Decodable {
        var unit: String?
        var period: String
        var note: String?
        var reason: String?
    }

    func addRoutes(to router: Router<PortalContext>) {
        router.post("/api/review/:action", use: decide)
    }

    @Sendable func decide(_ request: Request, context: PortalContext) async throws -> Response {
        guard let user = context.user else { return Answer.problem(.unauthorized, "") }
        guard user.account.role == .office else {
            return Answer.problem(.forbidden, portal.say("只有镇法治办的账户可以审核。", "Only the office's accounts review."))
        }
        let action = context.parameters.get("action") ?? ""
        guard ["approve", "return", "close", "reopen"].contains(action) else {
            return Answer.problem(.notFound, portal.say("没有这种审核操作。", "No such review action."))
        }
        let asked = try await request.decode(as: Decision.self, context: context)
        let review = Review(workspace: portal.workspace, decidedBy: user.account.name, language: portal.language)
        let result = await Blocking.run { () -> Result<String?, ReviewFailure> in
            Result { () throws(ReviewFailure) in try Self.perform(action, asked, review) }
        }
        switch result {
        case .success(let workbook):
            return Answer.json(.object([("workbook", workbook.map(JSONValue.string) ?? .null)]))
        case .failure(let failure):
            let status: HTTPResponse.Status = switch failure {
            case .usage: .badRequest
            case .refused: .conflict
            case .run(.locked): .serviceUnavailable
            case .run, .notShown: .internalServerError
            }
            return Answer.problem(status, failure.message(portal.language))
        }
    }

    /// Makes the decision; the 退回 workbook's path for a return.
    private static func perform(_ action: String, _ asked: Decision, _ review: Review) throws(ReviewFailure) -> String? {
        let reason = asked.reason ?? ""
        switch (action, asked.unit) {
        case ("approve", let unit?):
            try review.approve(unit: unit, period: asked.period, note: asked.note)
        case ("return", let unit?):
            return try review.sendBack(unit: unit, period: asked.period, reason: reason)
        case ("close", _):
            try review.close(period: asked.period, reason: asked.reason ?? asked.note)
        case ("reopen", let unit?):
            try review.withdraw(unit: unit, period: asked.period, reason: reason)
        case ("reopen", nil):
            try review.reopen(period: asked.period, reason: reason)
        default:
            throw .usage(LocalizedText(zh: "请写明单位代码（unit）。", en: "Give the unit's code (unit)."))
        }
        return nil
    }
}
