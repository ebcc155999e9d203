/// Which units a portal account may file for (PRODUCT §13): a row of a file it submitted for any
/// other unit is not taken (`not-authorised`). Only the portal's check and the night know who sent
/// a file, so they apply it to the rows the other checks accepted; files that came by any other way
/// have no authority to keep to.
public struct FilingAuthority: Sendable {
    static let codes: Set<IssueCode> = [.notAuthorised]

    public let account: String
    public let units: Set<String>

    public init(account: String, units: Set<String>) {
        self.account = account
        self.units = units
    }

    /// The `not-authorised` issue of an accepted row for a unit outside `units`, if it is one.
    public func issue(_ outcome: RowOutcome, type: ReturnType, file: String) -> Issue? {
        guard outcome.isAccepted, let unitField = type.unitField,
              let unit = outcome.values.canonical(unitField), !units.contains(unit) else { return nil }
        let field = type.fields[unitField]
        return Issue(file: file, row: outcome.row, field: field.key, label: field.label, code: .notAuthorised,
                     value: outcome.original[unitField], finding: .notAuthorised(account: account))
    }
}
