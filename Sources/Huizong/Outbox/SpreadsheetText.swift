/// Text that Excel and WPS must show, never run (PRODUCT §7.3): every CSV and .xlsx output passes
/// its text cells through here.
enum SpreadsheetText {
    /// `=1+1`, `+86…`, `@SUM(…)`, a leading tab or CR, and `-` not starting a number are what a
    /// spreadsheet would evaluate; a leading `'` makes them text, and §3.3 drops it again on input.
    static func defused(_ cell: String) -> String {
        needsQuoteMark(cell.utf8) ? "'" + cell : cell
    }

    /// Whether the cell whose UTF-8 is `utf8` gets the leading `'` of `defused`.
    static func needsQuoteMark(_ utf8: some Collection<UInt8>) -> Bool {
        guard let first = utf8.first else { return false }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "@"), 9, 13:
            return true
        case UInt8(ascii: "-"):
            return CanonicalNumber.canonical(Substring(decoding: utf8, as: UTF8.self)) == nil
        default:
            return false
        }
    }
}
