/// Finds the start tags of content.xml's first levels from its bytes alone, so that the sheets'
/// names cost no second full read of the sheets' rows.
///
/// It knows just enough XML to tell where each tag, comment, CDATA section and processing
/// instruction of a well-formed document begins and ends (quoted attribute values included), and
/// counts the depth of elements; a start tag at depth `maxDepth` or less goes to the caller whole,
/// to be parsed with expat. It checks no more than that the document ends where its root element
/// does: the sheet being read is read by `XMLScanner`, which refuses what is malformed. A document type
/// declaration is refused, since its entities could make elements this scanner does not see; ODF
/// has none.
struct ODSOutlineScanner {
    /// The longest tag, comment or CDATA section the scanner holds whole, as for expat.
    private static let maxPendingBytes = 1 << 20

    private let maxDepth: Int
    private var depth = 0
    private var sawRoot = false
    /// The bytes of a token that the last chunk ended in.
    private var pending: [UInt8] = []

    /// - Parameter maxDepth: the deepest level whose start tags are handed over (the root is 1).
    init(maxDepth: Int) {
        self.maxDepth = maxDepth
    }

    /// Scans the next bytes of the document.
    ///
    /// - Parameter startTag: receives each start tag at depth `maxDepth` or less, from `<` to `>`,
    ///   and its depth.
    /// - Throws: `.corruptWorkbook` for a document type declaration or an end tag without a start
    ///   tag, `.tooLarge` for a token over 1 MiB, or what `startTag` throws.
    mutating func scan(_ chunk: [UInt8], startTag: (UnsafeBufferPointer<UInt8>, Int) throws(ReadProblem) -> Void) throws(ReadProblem) {
        var bytes = chunk
        if !pending.isEmpty {
            bytes = pending + chunk
            pending.removeAll()
        }
        let rest = try bytes.withUnsafeBufferPointer { (buffer) throws(ReadProblem) -> Int in
            try scanTokens(buffer, startTag: startTag)
        }
        pending = Array(bytes[rest...])
        if pending.count > Self.maxPendingBytes { throw .tooLarge(limit: "\(Self.maxPendingBytes >> 20) MiB") }
    }

    /// Checks that the document has ended.
    ///
    /// - Throws: `.corruptWorkbook` when it has no element, or ends inside a token or an element.
    func finish(_ part: String) throws(ReadProblem) {
        guard sawRoot else { throw .corruptWorkbook(reason: "\(part) is empty") }
        guard pending.isEmpty, depth == 0 else { throw .corruptWorkbook(reason: "\(part) ends before its root element does") }
    }

    /// Scans the whole tokens of `buffer`.
    ///
    /// - Returns: where the token the buffer ends in starts.
    private mutating func scanTokens(_ buffer: UnsafeBufferPointer<UInt8>,
                                     startTag: (UnsafeBufferPointer<UInt8>, Int) throws(ReadProblem) -> Void) throws(ReadProblem) -> Int {
        var index = 0
        while let open = buffer[index...].firstIndex(of: UInt8(ascii: "<")) {
            guard open + 1 < buffer.count else { return open }
            let end: Int?
            switch buffer[open + 1] {
            case UInt8(ascii: "/"):
                end = Self.index(after: [UInt8(ascii: ">")], in: buffer, from: open + 2)
                if end != nil {
                    guard depth > 0 else { throw .corruptWorkbook(reason: "content.xml ends an element it did not start") }
                    depth -= 1
                }
            case UInt8(ascii: "?"):
                end = Self.index(after: Array("?>".utf8), in: buffer, from: open + 2)
            case UInt8(ascii: "!"):
                let rest = buffer[(open + 2)...]
                if rest.starts(with: "--".utf8) {
                    end = Self.index(after: Array("-->".utf8), in: buffer, from: open + 4)
                } else if rest.starts(with: "[CDATA[".utf8) {
                    end = Self.index(after: Array("]]>".utf8), in: buffer, from: open + 9)
                } else if rest.count < 7, "[CDATA[".utf8.starts(with: rest) || "--".utf8.starts(with: rest) {
                    end = nil
                } else {
                    throw .corruptWorkbook(reason: "content.xml has a document type declaration")
                }
            default:
                end = Self.endOfStartTag(in: buffer, from: open + 1)
                if let end {
                    sawRoot = true
                    depth += 1
                    if depth <= maxDepth { try startTag(UnsafeBufferPointer(rebasing: buffer[open..<end]), depth) }
                    if buffer[end - 2] == UInt8(ascii: "/") { depth -= 1 }
                }
            }
            guard let end else { return open }
            index = end
        }
        return buffer.count
    }

    /// The index after the `>` that ends a start tag, skipping quoted attribute values; nil when
    /// the buffer ends first.
    private static func endOfStartTag(in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        var quote: UInt8?
        while index < buffer.count {
            let byte = buffer[index]
            index += 1
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return index
            }
        }
        return nil
    }

    /// The index after the first `marker` in `buffer` from `start`; nil when the buffer ends first.
    private static func index(after marker: [UInt8], in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var index = start
        while index + marker.count <= buffer.count {
            guard let first = buffer[index...].firstIndex(of: marker[0]) else { return nil }
            if first + marker.count > buffer.count { return nil }
            if buffer[first..<(first + marker.count)].elementsEqual(marker) { return first + marker.count }
            index = first + 1
        }
        return nil
    }
}
