/// The .xlsx template of a return type (PRODUCT §9): the header, column widths, code columns
/// formatted as text, drop-downs for enums and booleans, and an input hint per column.
enum WorkbookTemplate {
    /// - Parameter unit: a unit whose code, name and village the first row holds already, for the
    ///   portal's download (PRODUCT §13); none for `templates/`.
    static func workbook(for type: ReturnType, unit: Registry.Unit? = nil) -> Workbook {
        let sheet = ReturnSheet(type: type, extraLabels: [])
        let rows = [sheet.header] + (unit.map { [prefilled(type, $0)] } ?? [])
        return Workbook(sheets: [Worksheet(name: type.title, columns: sheet.columns, rows: rows, frozenRows: 1,
                                           dataValidations: sheet.dataValidations)])
    }

    /// A row with the unit's code and registered name, and its village's code where the type has a
    /// column for it; the other cells empty.
    private static func prefilled(_ type: ReturnType, _ unit: Registry.Unit) -> [Worksheet.Cell] {
        var cells = Array(repeating: Worksheet.Cell.empty, count: type.fields.count)
        for link in type.registryLinks {
            if link.unitType == unit.type {
                cells[link.field] = .string(unit.code, style: .textFormat)
                if let name = link.nameField { cells[name] = .string(unit.name) }
            } else if !unit.villageCode.isEmpty {
                cells[link.field] = .string(unit.villageCode, style: .textFormat)
            }
        }
        return cells
    }
}
