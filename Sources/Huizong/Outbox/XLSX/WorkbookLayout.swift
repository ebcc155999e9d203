import Foundation

/// How the parts of one workbook refer to each other, settled before any byte is written: sheet names
/// Excel accepts, part numbers, and where each drop-down's choices live.
struct WorkbookLayout {
    struct Sheet {
        /// Under its final name.
        var worksheet: Worksheet
        /// N in `sheetN.xml`, `commentsN.xml` and `vmlDrawingN.vml`, and the sheet's `sheetId`.
        var number: Int
        /// For each of `worksheet.dataValidations`: the list's `formula1`, or nil when it has no list.
        var listFormulas: [String?]
    }

    /// Excel's limit on the text of an inline list (`"a,b,c"` without the quotes).
    static let maxInlineListLength = 255
    /// The hidden sheet that holds lists too long for Excel's inline form, or with commas or quotes in
    /// their choices (an inline list cannot hold those).
    static let listSheetName = "下拉列表"

    let sheets: [Sheet]

    var hasComments: Bool {
        sheets.contains { !$0.worksheet.comments.isEmpty }
    }

    init(_ workbook: Workbook) {
        precondition(!workbook.sheets.isEmpty, "a workbook needs at least one sheet")
        var names = SheetNames()
        var worksheets = workbook.sheets
        for i in worksheets.indices {
            worksheets[i].name = names.claim(worksheets[i].name)
        }
        let listSheetName = names.claim(Self.listSheetName)
        var listColumns: [[String]] = []
        var sheets: [Sheet] = []
        for (i, worksheet) in worksheets.enumerated() {
            let formulas = worksheet.dataValidations.map { validation -> String? in
                let values = validation.allowedValues
                guard !values.isEmpty else { return nil }
                let inline = values.joined(separator: ",")
                if inline.utf16.count <= Self.maxInlineListLength, !values.contains(where: { $0.contains(",") || $0.contains("\"") }) {
                    return "\"" + inline + "\""
                }
                let column = listColumns.firstIndex(of: values) ?? listColumns.count
                if column == listColumns.count { listColumns.append(values) }
                let quotedSheet = "'" + listSheetName.replacingOccurrences(of: "'", with: "''") + "'"
                let letters = CellAddress.columnName(column)
                return "\(quotedSheet)!$\(letters)$1:$\(letters)$\(values.count)"
            }
            sheets.append(Sheet(worksheet: worksheet, number: i + 1, listFormulas: formulas))
        }
        if !listColumns.isEmpty {
            var listSheet = Worksheet(name: listSheetName, rows: Self.rows(ofColumns: listColumns))
            listSheet.isHidden = true
            sheets.append(Sheet(worksheet: listSheet, number: sheets.count + 1, listFormulas: []))
        }
        self.sheets = sheets
    }

    /// The lists side by side, one per column, as rows of cells.
    private static func rows(ofColumns columns: [[String]]) -> [[Worksheet.Cell]] {
        let height = columns.map(\.count).max() ?? 0
        return (0..<height).map { row in
            columns.map { row < $0.count ? .string($0[row]) : .empty }
        }
    }
}
