/// CSV as huizong writes it (PRODUCT §7.3): UTF-8 with BOM, comma-separated, CRLF, RFC 4180 quoting;
/// cells are defused as `SpreadsheetText` says.
struct CSVText {
    private(set) var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]

    init(header: [String]) {
        append(header)
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The bytes of `cells` as `appendCell` makes them, each after a comma unless it starts the row:
    /// a stretch of cells that repeats down a table, made once and appended by `appendMade`.
    static func stretch(_ cells: [String], startsRow: Bool) -> [UInt8] {
        var text = CSVText(bytes: [])
        for (i, cell) in cells.enumerated() {
            text.appendCell(cell.utf8, first: startsRow && i == 0)
        }
        return text.bytes
    }

    /// Hands over the bytes made so far and starts empty, for writing a large table in pieces.
    mutating func take() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }

    /// Starts empty again, keeping the room the bytes took: for a writer that wrote them out itself.
    mutating func clear() {
        bytes.removeAll(keepingCapacity: true)
    }

    mutating func append(_ cells: [String]) {
        for (i, cell) in cells.enumerated() {
            appendCell(cell.utf8, first: i == 0)
        }
        endRow()
    }

    /// Appends one cell given as its UTF-8, after a comma unless it starts the row: the path of a
    /// table written from bytes it already holds.
    mutating func appendCell(_ utf8: some Collection<UInt8>, first: Bool) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        let isQuoted = utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
        if isQuoted { bytes.append(UInt8(ascii: "\"")) }
        if SpreadsheetText.needsQuoteMark(utf8) { bytes.append(UInt8(ascii: "'")) }
        if isQuoted {
            for byte in utf8 {
                if byte == UInt8(ascii: "\"") { bytes.append(byte) }
                bytes.append(byte)
            }
            bytes.append(UInt8(ascii: "\""))
        } else {
            bytes.append(contentsOf: utf8)
        }
    }

    /// Appends a `stretch` of cells.
    mutating func appendMade(_ made: [UInt8]) {
        bytes.append(contentsOf: made)
    }

    /// Ends the row.
    mutating func endRow() {
        bytes.append(13)
        bytes.append(10)
    }
}
