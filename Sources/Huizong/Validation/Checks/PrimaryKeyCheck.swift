/// A row whose primary key (unit and period) an earlier row of the same file has (PRODUCT §6):
/// the only row check that depends on the rows before, so rows reach it one after another.
struct PrimaryKeyCheck {
    static let codes: Set<IssueCode> = [.primaryKey]

    let type: ReturnType
    let issue: IssueMaker
    /// Primary keys of the rows accepted so far, with their row numbers.
    private var seenKeys: PrimaryKeyIndex

    /// - Parameter exact: true when the rows' keys are their units' places and months
    ///   (`RowChecks.keyPeriod`).
    init(type: ReturnType, issue: IssueMaker, exact: Bool) {
        self.type = type
        self.issue = issue
        seenKeys = PrimaryKeyIndex(exact: exact)
    }

    mutating func check(_ checked: inout CheckedRow) {
        guard let key = checked.key else { return }
        if let first = seenKeys.firstRow(of: key) {
            let field = type.primaryKey[0]
            checked.outcome.issues.append(issue(.primaryKey, row: checked.outcome.row, field: field, value: checked.outcome.original[field],
                                                .duplicateKey(firstRow: first, labels: type.primaryKey.map { type.fields[$0].label })))
        } else if checked.outcome.isAccepted {
            seenKeys.insert(key, row: checked.outcome.row)
        }
    }
}
