/// CSV as huizong writes it (PRODUCT §7.3): UTF-8 with BOM, comma-separated, CRLF, RFC 4180 quoting;
/// cells are defused as `SpreadsheetText` says.
struct CSVText {
    private(set) var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]

    init(header: [String]) {
        append(header)
    }

    /// Hands over the bytes made so far and starts empty, for writing a large table in pieces.
    mutating func take() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }

    mutating func append(_ cells: [String]) {
        for (i, cell) in cells.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            let text = SpreadsheetText.defused(cell)
            if text.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) {
                bytes.append(UInt8(ascii: "\""))
                for byte in text.utf8 {
                    if byte == UInt8(ascii: "\"") { bytes.append(byte) }
                    bytes.append(byte)
                }
                bytes.append(UInt8(ascii: "\""))
            } else {
                bytes.append(contentsOf: text.utf8)
            }
        }
        bytes.append(13)
        bytes.append(10)
    }
}
