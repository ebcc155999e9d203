/// Text that Excel and WPS must show, never run (PRODUCT §7.3): every CSV and .xlsx output passes
/// its text cells through here.
enum SpreadsheetText {
    /// `=1+1`, `+86…`, `@SUM(…)`, a leading tab or CR, and `-` not starting a number are what a
    /// spreadsheet would evaluate; a leading `'` makes them text, and §3.3 drops it again on input.
    static func defused(_ cell: String) -> String {
        guard let first = cell.utf8.first else { return cell }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "@"), 9, 13:
            return "'" + cell
        case UInt8(ascii: "-"):
            return CanonicalNumber.canonical(Substring(cell)) == nil ? "'" + cell : cell
        default:
            return cell
        }
    }
}
