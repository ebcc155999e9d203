/// The .xlsx template of a return type (PRODUCT §9): the header, column widths, code columns
/// formatted as text, drop-downs for enums and booleans, and an input hint per column.
enum WorkbookTemplate {
    static func workbook(for type: ReturnType) -> Workbook {
        let sheet = ReturnSheet(type: type, extraLabels: [])
        return Workbook(sheets: [Worksheet(name: type.title, columns: sheet.columns, rows: [sheet.header], frozenRows: 1,
                                           dataValidations: sheet.dataValidations)])
    }
}
