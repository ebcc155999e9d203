/// `outbox/report.json` (PRODUCT §7.3, §11): the files and issues of one run, completeness, and the
/// reporting cycle: timeliness, this run's changes and the review states.
enum RunReport {
    static func json(files: [FileRecord], issues: [IssueRecord], completeness: Completeness, cycle: ReportingCycle,
                     schema: PlanSchema, registry: Registry) -> String {
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
            ("timeliness", Timeliness.json(cycle.tallies)),
            ("changes", ChangeTable.json(cycle.changes)),
            ("review", ReviewTable.json(cycle.review, schema: schema, registry: registry)),
        ]).rendered() + "\n"
    }
}
