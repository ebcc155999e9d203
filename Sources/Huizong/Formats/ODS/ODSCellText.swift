/// The text of a cell's paragraphs (`<text:p>`, `<text:h>`), joined by line breaks, as a
/// spreadsheet shows it.
///
/// White space follows ODF 1.3 part 3, 6.1.2: in a paragraph, space, tab, CR and LF characters of the
/// XML are one space, a run of them is one space, and none counts at the start or the end of a
/// paragraph. The spaces a clerk typed are written as elements instead, which are kept:
/// `<text:s text:c="3"/>` (three spaces), `<text:tab/>` and `<text:line-break/>`.
struct ODSCellText {
    private(set) var bytes: [UInt8] = []
    private var paragraphs = 0
    /// True where white space of the XML is dropped: at a paragraph's start, and after a space.
    private var afterSpace = true
    /// A space seen after text, written only if more text follows in the paragraph.
    private var pendingSpace = false

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        paragraphs = 0
    }

    mutating func startParagraph() {
        if paragraphs > 0 { bytes.append(UInt8(ascii: "\n")) }
        paragraphs += 1
        afterSpace = true
        pendingSpace = false
    }

    mutating func endParagraph() {
        pendingSpace = false
    }

    /// Character data of the paragraph or of an element inside it.
    mutating func characters(_ utf8: UnsafeBufferPointer<UInt8>) {
        if !pendingSpace, !utf8.contains(where: Self.isWhiteSpace) {
            bytes.append(contentsOf: utf8)
            afterSpace = false
            return
        }
        for byte in utf8 {
            if Self.isWhiteSpace(byte) {
                if !afterSpace { pendingSpace = true }
                afterSpace = true
            } else {
                writePendingSpace()
                bytes.append(byte)
                afterSpace = false
            }
        }
    }

    /// What `<text:s>`, `<text:tab>` or `<text:line-break>` stands for: kept as written.
    mutating func append(_ byte: UInt8, count: Int = 1) {
        writePendingSpace()
        bytes += repeatElement(byte, count: count)
        afterSpace = true
    }

    /// The text, which is then emptied.
    mutating func take() -> String {
        defer { removeAll() }
        return String(decoding: bytes, as: UTF8.self)
    }

    private mutating func writePendingSpace() {
        if pendingSpace { bytes.append(UInt8(ascii: " ")) }
        pendingSpace = false
    }

    private static func isWhiteSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
