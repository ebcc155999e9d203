/// The error report of a partial or rejected file (PRODUCT §7.3): the type's labels in schema order,
/// 错误说明 and 原行号, and below them the rejected rows with their cells as the unit wrote them.
/// A clerk corrects the cells and drops the file back into the inbox; 错误说明 and 原行号 are ignored
/// on input.
public enum ErrorReport {
    static let explanationLabel = "错误说明"
    static let originalRowLabel = "原行号"
    /// The columns after the type's labels, in the CSV and in the workbook.
    static let trailingLabels = [explanationLabel, originalRowLabel]

    static func csv(_ type: ReturnType, rows: [RejectedRow]) -> [UInt8] {
        var text = CSVText(header: type.fields.map(\.label) + trailingLabels)
        for row in rows {
            let cells = row.cells.count == type.fields.count ? row.cells : Array(repeating: "", count: type.fields.count)
            text.append(cells + [row.problems, String(row.row)])
        }
        return text.bytes
    }

    static func folder(day: String) -> String {
        "outbox/errors/" + day
    }

    /// `<name without extension>-错误` (PRODUCT §14): the clerk finds the report beside the name they
    /// sent. A corrected report sent back keeps its name rather than growing `-错误-错误`, and a
    /// corrected 退回 workbook becomes the error report of the same return.
    public static func stem(for file: String) -> String {
        let stem = FileName(file).stem
        if stem.hasSuffix("-错误") { return stem }
        if stem.hasSuffix("-退回") { return String(stem.dropLast("-退回".count)) + "-错误" }
        return stem + "-错误"
    }

    /// `<单位名称>-<报送期间>-退回` (PRODUCT §11.4), with the characters a file name cannot hold replaced.
    static func returnedStem(unitName: String, period: String) -> String {
        let name = String(unitName.map { "/\\\0:*?\"<>|".contains($0) || $0.isNewline ? "_" : $0 })
        return name + "-" + period + "-退回"
    }

    /// The workbook offered beside a CSV error report: same name, `.xlsx`.
    static func workbookPath(besideCSV path: String) -> String? {
        path.hasSuffix(".csv") ? String(path.dropLast(".csv".count)) + ".xlsx" : nil
    }
}
