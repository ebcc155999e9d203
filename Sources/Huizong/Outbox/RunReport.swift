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
        var json = JSONText()
        func flush() throws(OutputError) {
            if json.bytes.count >= pieceSize { try writer.append(json.take()) }
        }
        var isFirst = true
        /// `"key": value` at the top level, with the comma that ends the member before it.
        func member(_ key: String, _ value: JSONValue) {
            json.appendKey(key, first: isFirst, indent: "")
            json.append(value, indent: "  ")
            isFirst = false
        }
        /// `"key": [...]`, the entries written by `entry` at their indent as they are read.
        func streamed<Entry>(_ key: String, _ entries: some Sequence<Entry>,
                             _ entry: (Entry, inout JSONText) -> Void) throws(OutputError) {
            json.appendKey(key, first: false, indent: "")
            var first = true
            for element in entries {
                json.appendRaw(first ? "[\n    " : ",\n    ")
                entry(element, &json)
                first = false
                try flush()
            }
            json.appendRaw(first ? "[]" : "\n  ]")
        }
        member("files", .array(files.map(fileValue)))
        member("issues", .array(issues.map(IssueJSON.value)))
        member("completeness", completeness.json)
        member("timeliness", Timeliness.json(cycle.tallies))
        try streamed("changes", cycle.changes) { $1.append(ChangeTable.json($0), indent: "    ") }
        try streamed("review", cycle.review) { ReviewTable.appendJSON($0, schema: schema, registry: registry, indent: "    ", to: &$1) }
        json.endObject(indent: "")
        json.appendRaw("\n")
        try writer.append(json.take())
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
