import Foundation

/// `outbox/report.json` (PRODUCT §7.3, §11): the files and issues of one run, completeness, and the
/// reporting cycle: timeliness, this run's changes and the review states. The changes and the review
/// states are as long as the store is large, so they are written as they are read.
enum RunReport {
    private static let pieceSize = 1 << 20

    /// - Throws: `OutputError`; when reading the store fails midway, the file is left as it was and
    ///   the `failure` of the cycle's pages says why.
    static func write(files: [FileRecord], issues: [IssueRecord], completeness: Completeness, cycle: ReportingCycle,
                      schema: PlanSchema, registry: Registry, to path: String) throws(OutputError) {
        let writer = try AtomicFile.create(path)
        var text = "{\n"
        func flush(_ force: Bool = false) throws(OutputError) {
            guard force || text.utf8.count >= pieceSize else { return }
            try writer.append(Array(text.utf8))
            text = ""
        }
        /// `"key": value` at the top level, with the comma that ends the member before it.
        func member(_ key: String, _ value: JSONValue) {
            text += (text == "{\n" ? "" : ",\n") + "  \"\(key)\": " + value.rendered(indent: "  ")
        }
        func streamed(_ key: String, _ values: some Sequence<JSONValue>) throws(OutputError) {
            text += ",\n  \"\(key)\": ["
            var first = true
            for value in values {
                text += (first ? "\n    " : ",\n    ") + value.rendered(indent: "    ")
                first = false
                try flush()
            }
            text += first ? "]" : "\n  ]"
        }
        member("files", .array(files.map(fileValue)))
        member("issues", .array(issues.map(IssueJSON.value)))
        member("completeness", completeness.json)
        member("timeliness", Timeliness.json(cycle.tallies))
        try streamed("changes", cycle.changes.lazy.map(ChangeTable.json))
        try streamed("review", cycle.review.lazy.map { ReviewTable.json($0, schema: schema, registry: registry) })
        text += "\n}\n"
        try flush(true)
        guard cycle.changes.failure == nil, cycle.review.failure == nil else {
            writer.discard()
            throw OutputError(path: path, reason: "abandoned", errorNumber: ECANCELED)
        }
        try writer.commit()
    }

    private static func fileValue(_ file: FileRecord) -> JSONValue {
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
}
