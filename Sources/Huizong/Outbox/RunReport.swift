/// `outbox/report.json` (PRODUCT §7.3): the files and issues of one run, and completeness.
enum RunReport {
    static func json(files: [FileRecord], issues: [IssueRecord], completeness: Completeness) -> String {
        let fileValues: [JSONValue] = files.map { file in
            .object([
                ("file", .string(file.name)),
                ("sha256", .string(file.sha256)),
                ("format", .string(file.format)),
                ("encoding", file.encoding.map(JSONValue.string) ?? .null),
                ("returnType", file.returnType.map(JSONValue.string) ?? .null),
                ("status", .string(file.status.rawValue)),
                ("rows", .object([("read", .int(file.rowsRead)), ("accepted", .int(file.rowsAccepted)),
                                  ("rejected", .int(file.rowsRejected))])),
                ("errorReport", file.errorReport.map(JSONValue.string) ?? .null),
                ("archivedAs", file.archivedAs.map(JSONValue.string) ?? .null),
            ])
        }
        return JSONValue.object([
            ("files", .array(fileValues)),
            ("issues", .array(issues.map(IssueJSON.value))),
            ("completeness", completeness.json),
        ]).rendered() + "\n"
    }
}
