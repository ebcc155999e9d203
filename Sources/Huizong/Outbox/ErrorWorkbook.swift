/// The error report of a workbook return, as a workbook (PRODUCT §7.3): the labels, 错误说明 and
/// 原行号, then the rejected rows with their cells as the unit wrote them; each wrong cell is filled
/// red and carries what is wrong as a comment. A clerk corrects the red cells and drops the file
/// back into the inbox.
public enum ErrorWorkbook {
    public static func workbook(_ type: ReturnType, rows: [RejectedRow]) -> Workbook {
        let sheet = ReturnSheet(type: type, extraLabels: ErrorReport.trailingLabels)
        var cells: [[Worksheet.Cell]] = [sheet.header]
        var comments: [Worksheet.Comment] = []
        for (index, row) in rows.enumerated() {
            let original = row.cells.count == type.fields.count ? row.cells : Array(repeating: "", count: type.fields.count)
            let messages = Dictionary(grouping: row.marks, by: \.field).mapValues { $0.map(\.message).joined(separator: "\n") }
            var line: [Worksheet.Cell] = []
            for (column, field) in type.fields.enumerated() {
                guard let message = messages[field.key] else {
                    line.append(.string(original[column]))
                    continue
                }
                line.append(.string(original[column], style: .redFill))
                comments.append(Worksheet.Comment(column: column, row: index + 1, author: "huizong", text: message))
            }
            line.append(.string(row.problems, style: .wrapText))
            line.append(.number(Double(row.row)))
            cells.append(line)
        }
        return Workbook(sheets: [Worksheet(name: type.title, columns: sheet.columns, rows: cells, frozenRows: 1,
                                           dataValidations: sheet.dataValidations, comments: comments)])
    }
}
