/// An issue as reports carry it (PRODUCT §7.3 `issues[]`): plain fields and the message text in
/// the run's language. What the store keeps and what `report.json` and `validate --format json` print.
public struct IssueRecord: Sendable, Equatable {
    public var file: String
    public var row: Int?
    public var field: String?
    public var code: IssueCode
    public var severity: Severity
    public var constraint: String?
    public var rule: String?
    public var value: String?
    public var message: String
    /// `Issue.detail`.
    public var detail: String? = nil
}

extension Issue {
    public func record(_ language: Language) -> IssueRecord {
        IssueRecord(file: file, row: row, field: field, code: code, severity: severity, constraint: constraint, rule: rule, value: value,
                    message: message(language), detail: detail)
    }
}
