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
        return .object(pairs)
    }

    /// `{"issues": [...]}`, what `validate --format json` prints.
    public static func document(_ reports: [FileReport], _ language: Language) -> String {
        let issues = reports.flatMap(\.issues).map { value($0.record(language)) }
        return JSONValue.object([("issues", .array(issues))]).rendered() + "\n"
    }
}
