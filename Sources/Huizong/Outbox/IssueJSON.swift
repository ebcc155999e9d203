/// The `issues[]` entries of PRODUCT §7.3, used by `validate --format json` and `report.json`.
public enum IssueJSON {
    public static func value(_ issue: IssueRecord) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("file", .string(issue.file)),
            ("row", issue.row.map(JSONValue.int) ?? .null),
            ("field", issue.field.map(JSONValue.string) ?? .null),
            ("code", .string(issue.code.rawValue)),
            ("severity", .string(issue.severity.rawValue)),
        ]
        if let constraint = issue.constraint { pairs.append(("constraint", .string(constraint))) }
        if let rule = issue.rule { pairs.append(("rule", .string(rule))) }
        pairs.append(("value", issue.value.map(JSONValue.string) ?? .null))
        pairs.append(("message", .string(issue.message)))
        if let detail = issue.detail { pairs.append(("detail", .string(detail))) }
        return .object(pairs)
    }

    /// `{"issues": [...]}`, what `validate --format json` prints, handed to `output` a piece at a
    /// time: a file with a million problems is never held as one text. The pieces together read as
    /// `JSONValue.object([("issues", .array(…))]).rendered()` followed by a line end.
    public static func writeDocument(_ reports: [FileReport], _ language: Language, to output: (String) -> Void) {
        var first = true
        for issue in reports.lazy.flatMap(\.issues) {
            output((first ? "{\n  \"issues\": [\n    " : ",\n    ") + value(issue.record(language)).rendered(indent: "    "))
            first = false
        }
        output(first ? "{\n  \"issues\": []\n}\n" : "\n  ]\n}\n")
    }
}
