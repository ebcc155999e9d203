/// A1-style references, as SpreadsheetML names cells: column letters (A…Z, AA…ZZ, AAA…XFD) and a
/// 1-based row number.
enum CellAddress {
    /// The letters of the 0-based `column`: 0 → A, 25 → Z, 26 → AA, 16383 → XFD.
    static func columnName(_ column: Int) -> String {
        var bytes: [UInt8] = []
        appendColumnName(column, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// "B3" for column 1, row 2 (both 0-based).
    static func cell(column: Int, row: Int) -> String {
        columnName(column) + String(row + 1)
    }

    /// "B3", or "B3:D9" for a range of more than one cell.
    static func range(_ range: Worksheet.CellRange) -> String {
        let first = cell(column: range.columns.lowerBound, row: range.rows.lowerBound)
        let last = cell(column: range.columns.upperBound, row: range.rows.upperBound)
        return first == last ? first : first + ":" + last
    }

    /// Appends the letters of `column` to `bytes`: the per-cell path of writing a sheet, without a String.
    static func appendColumnName(_ column: Int, to bytes: inout [UInt8]) {
        precondition(column >= 0 && column < Worksheet.maxColumns, "column \(column) is outside an Excel sheet")
        // Bijective base 26 (no zero digit): 26 one-letter names, then 26² two-letter ones, then three letters.
        let letter = { (digit: Int) in UInt8(ascii: "A") + UInt8(digit % 26) }
        switch column {
        case ..<26:
            bytes.append(letter(column))
        case ..<(26 + 26 * 26):
            let rest = column - 26
            bytes.append(letter(rest / 26))
            bytes.append(letter(rest))
        default:
            let rest = column - 26 - 26 * 26
            bytes.append(letter(rest / (26 * 26)))
            bytes.append(letter(rest / 26))
            bytes.append(letter(rest))
        }
    }
}
