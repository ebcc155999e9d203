import Foundation
import Hummingbird
import Huizong

/// The portal's JSON answers, rendered with the same `JSONValue` as `report.json`.
enum Answer {
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: value.rendered() + "\n")))
    }

    /// `{"error": message}` with `status`.
    static func problem(_ status: HTTPResponse.Status, _ message: String) -> Response {
        json(.object([("error", .string(message))]), status: status)
    }

    /// An .xlsx download; `name` (any characters) is given in the RFC 5987 form.
    static func workbook(_ bytes: Data, name: String) -> Response {
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "workbook.xlsx"
        return Response(status: .ok, headers: [
            .contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            .contentDisposition: "attachment; filename=\"workbook.xlsx\"; filename*=UTF-8''\(encoded)",
            .cacheControl: "no-store",
        ], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// What `/api/check` answers, and `/api/submit` within its own (PRODUCT §13): the file's
    /// status and counts as `report.json` gives them, and its issues in the `issues[]` shape, each
    /// with its field's column `label` where the file's return type names it.
    static func check(_ report: FileReport, _ language: Language, schema: PlanSchema) -> [(String, JSONValue)] {
        let fields = report.returnType.flatMap(schema.returnType(named:))?.fields ?? []
        let fileError = report.issues.contains { $0.row == nil && $0.severity == .error }
        let status = !fileError && report.rowsRejected == 0 ? "accepted" : !fileError && report.rowsAccepted > 0 ? "partial" : "rejected"
        return [
            ("file", .string(report.file)),
            ("status", .string(status)),
            ("rows", .object([("read", .int(report.rowsRead)), ("accepted", .int(report.rowsAccepted)),
                              ("rejected", .int(report.rowsRejected))])),
            ("issues", .array(report.issues.map { labelled(IssueJSON.value($0.record(language)), field: $0.field, fields) })),
        ]
    }

    private static func labelled(_ issue: JSONValue, field key: String?, _ fields: [Field]) -> JSONValue {
        guard case .object(let pairs) = issue, let label = fields.first(where: { $0.key == key })?.label else { return issue }
        return .object(pairs + [("label", .string(label))])
    }
}
