/// Turns the `<row>` records of an XML return into rows of cells under the return type's fields
/// (PRODUCT §5): fields are named by key, an omitted field reads as empty, a field holding child
/// elements is marked, an unknown element is reported once per file and ignored, and a field
/// element given twice in one row is an error of that row.
struct XMLFieldBinding {
    let type: ReturnType
    let ignored: Set<String>
    let file: String
    private var reportedUnknown: Set<String> = []
    /// The fields' keys, in order: a unit's elements mostly come in this order.
    private let keys: [String]
    private let fieldByKey: [String: Int]

    init(type: ReturnType, ignored: Set<String>, file: String) {
        self.type = type
        self.ignored = ignored
        self.file = file
        keys = type.fields.map(\.key)
        fieldByKey = Dictionary(keys.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The field named `name`, looked for first right after the field before it.
    private func field(named name: String, after previous: Int) -> Int? {
        let next = previous + 1
        return next < keys.count && keys[next] == name ? next : fieldByKey[name]
    }

    /// The row's cells in field order, and the issues binding found: `extra-label` warnings for
    /// elements not seen before in the file, `extra-cell` for a repeated field.
    mutating func bind(_ record: XMLRecord) -> (row: SourceRow, issues: [Issue]) {
        var row = SourceRow(number: record.line, cells: Array(repeating: "", count: type.fields.count))
        var seen = [Bool](repeating: false, count: keys.count)
        var issues: [Issue] = []
        var previous = -1
        for element in record.fields {
            guard let i = field(named: element.name, after: previous) else {
                if !ignored.contains(element.name), reportedUnknown.insert(element.name).inserted {
                    issues.append(Issue(file: file, row: nil, field: nil, label: element.name, code: .extraLabel,
                                        value: element.name, finding: .unknownElement))
                }
                continue
            }
            previous = i
            guard !seen[i] else {
                issues.append(Issue(file: file, row: record.line, field: type.fields[i].key, label: type.fields[i].label,
                                    code: .extraCell, value: element.text, finding: .repeatedElement(element.name)))
                continue
            }
            seen[i] = true
            row.cells[i] = element.text
            if element.hasChildElements { row.structuredCells.append(i) }
        }
        return (row, issues)
    }
}
