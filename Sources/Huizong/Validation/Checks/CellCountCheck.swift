/// A row with more cells than the header has columns, or too few to hold a required field
/// (PRODUCT §6): the row's cells cannot be trusted to sit under their labels, so nothing else of it
/// is checked.
struct CellCountCheck: Sendable {
    static let codes: Set<IssueCode> = [.extraCell, .missingCell]

    let type: ReturnType
    /// For each field, the column holding it, or nil when the header lacks it.
    let fieldColumns: [Int?]
    /// The header's column count.
    let width: Int
    let issue: IssueMaker

    func check(_ row: SourceRow) -> Issue? {
        let count = row.cells.count
        if count > width, row.cells[width...].contains(where: { !$0.trimmingWhiteSpace().isEmpty }) {
            let used = (row.cells.lastIndex { !$0.trimmingWhiteSpace().isEmpty } ?? 0) + 1
            return issue(.extraCell, row: row.number, field: nil, value: nil, .extraCell(expected: width, found: used))
        }
        guard count < width else { return nil }
        let absentRequired = fieldColumns.indices
            .filter { fieldColumns[$0].map { $0 >= count } == true && type.fields[$0].constraints.required }
            .min { fieldColumns[$0]! < fieldColumns[$1]! }
        return absentRequired.map {
            issue(.missingCell, row: row.number, field: $0, value: nil, .missingCell(expected: width, found: count))
        }
    }
}
