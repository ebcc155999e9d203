/// Turns the `<row>` records of an XML return into rows of cells under the return type's fields
/// (PRODUCT §5): fields are named by key, an omitted field reads as empty, a field holding child
/// elements is marked, an unknown element is reported once per file and ignored, and a field
/// element given twice in one row is an error of that row.
struct XMLFieldBinding {
    let type: ReturnType
    let ignored: Set<String>
    let file: String
    private var reportedUnknown: Set<String> = []

    init(type: ReturnType, ignored: Set<String>, file: String) {
        self.type = type
        self.ignored = ignored
        self.file = file
    }

    /// The row's cells in field order, and the issues binding found: `extra-label` warnings for
    /// elements not seen before in the file, `extra-cell` for a repeated field.
    mutating func bind(_ record: XMLRecord) -> (row: SourceRow, issues: [Issue]) {
        var row = SourceRow(number: record.line, cells: Array(repeating: "", count: type.fields.count))
        var seen = Set<Int>()
        var issues: [Issue] = []
        for element in record.fields {
            guard let i = type.fieldIndex(key: element.name) else {
                if !ignored.contains(element.name), reportedUnknown.insert(element.name).inserted {
                    issues.append(Issue(file: file, row: nil, field: nil, label: element.name, code: .extraLabel,
                                        value: element.name, finding: .unknownElement))
                }
                continue
            }
            guard seen.insert(i).inserted else {
                issues.append(Issue(file: file, row: record.line, field: type.fields[i].key, label: type.fields[i].label,
                                    code: .extraCell, value: element.text, finding: .repeatedElement(element.name)))
                continue
            }
            row.cells[i] = element.text
            if element.hasChildElements { row.structuredCells.append(i) }
        }
        return (row, issues)
    }
}
