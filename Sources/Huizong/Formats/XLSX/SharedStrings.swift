/// Collects the text of a string item — an `<si>` of the shared strings or the `<is>` of an
/// inline-string cell — from the events of the elements inside it.
///
/// The text is the item's `<t>`, or the `<t>` of each rich text run `<r>` joined, as Excel shows
/// the cell; phonetic runs (`<rPh>`, the furigana of Japanese Excel) are left out. White space is
/// kept as written whatever `xml:space` says: validation trims values itself.
struct StringItemText {
    /// An element inside the item, by the part it plays in the text.
    private enum Element {
        case text, run, other
    }

    /// The elements open inside the item, outermost first.
    private var path: [Element] = []
    private(set) var byteCount = 0
    private var bytes: [UInt8] = []

    mutating func start(_ name: some LocallyNamed) {
        path.append(name.hasLocalName("t") ? .text : name.hasLocalName("r") ? .run : .other)
    }

    mutating func end() {
        path.removeLast()
    }

    /// Keeps character data that belongs to the text: that of `<t>` or `<r><t>`.
    mutating func characters(_ utf8: UnsafeBufferPointer<UInt8>) {
        guard path.last == .text, path.count == 1 || (path.count == 2 && path[0] == .run) else { return }
        bytes.append(contentsOf: utf8)
        byteCount = bytes.count
    }

    /// Puts the item's text, unless it is empty, in `column` of `cells`, as `take()` gives it but
    /// without making a `String` of an item that has no escape; the collector is then empty.
    mutating func take(into cells: inout SheetRowCells, at column: Int) {
        bytes.withUnsafeBufferPointer { Self.place($0, into: &cells, at: column) }
        bytes.removeAll(keepingCapacity: true)
        byteCount = 0
    }

    /// Puts an item's text, `utf8`, in `column` of `cells` unless it is empty, its escapes undone
    /// as `take()` undoes them, without making a `String` of text that has none.
    static func place(_ utf8: UnsafeBufferPointer<UInt8>, into cells: inout SheetRowCells, at column: Int) {
        guard !utf8.contains(UInt8(ascii: "_")) else {
            let text = CellText.unescaped(String(decoding: utf8, as: UTF8.self))
            if !text.isEmpty { cells.place(text, at: column, isNumber: false) }
            return
        }
        if !utf8.isEmpty { cells.place(utf8: utf8, at: column, isNumber: false) }
    }

    /// The item's text, with Excel's `_xHHHH_` escapes undone; the collector is then empty.
    mutating func take() -> String {
        defer {
            bytes.removeAll(keepingCapacity: true)
            byteCount = 0
        }
        let text = String(decoding: bytes, as: UTF8.self)
        // Most items hold no escape, which the bytes tell sooner than the text.
        return bytes.contains(UInt8(ascii: "_")) ? CellText.unescaped(text) : text
    }
}

/// Reads `xl/sharedStrings.xml` (`<sst><si>…</si>…</sst>`): the texts string cells point to by index.
///
/// They are held in memory, since a cell may point to any of them, up to a limit.
final class SharedStringsReader: ExpatParserDelegate {
    private(set) var strings: [String] = []
    private let maxBytes: Int
    private let maxDepth: Int
    /// 1 inside `<sst>`, 2 inside an `<si>`, more inside its runs.
    private var depth = 0
    private var item = StringItemText()
    /// The memory the strings take: their UTF-8 and the size of a `String` each.
    private var heldBytes = 0

    /// - Parameters:
    ///   - maxBytes: the most memory the strings may take (`WorkbookLimits.sharedStringBytes`).
    ///   - maxDepth: the deepest elements may nest.
    init(maxBytes: Int, maxDepth: Int) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
    }

    func parser(_ parser: ExpatParser, didStartElement name: XMLName, attributes: XMLAttributes) throws(ReadProblem) {
        depth += 1
        guard depth <= maxDepth else { throw .tooDeep(levels: maxDepth) }
        if depth > 2 { item.start(name) }
    }

    func parserDidEndElement(_ parser: ExpatParser) throws(ReadProblem) {
        defer { depth -= 1 }
        if depth > 2 {
            item.end()
        } else if depth == 2 {
            strings.append(item.take())
            heldBytes += MemoryLayout<String>.stride
            try checkHeldBytes()
        }
    }

    func parser(_ parser: ExpatParser, foundCharacters utf8: UnsafeBufferPointer<UInt8>) throws(ReadProblem) {
        guard depth > 2 else { return }
        let before = item.byteCount
        item.characters(utf8)
        heldBytes += item.byteCount - before
        try checkHeldBytes()
    }

    private func checkHeldBytes() throws(ReadProblem) {
        if heldBytes > maxBytes { throw .workbookTooLarge(limit: WorkbookLimits.text(bytes: maxBytes) + " of shared strings") }
    }
}
