#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads UTF-8 XML without a document type declaration byte by byte, the sheets of workbooks
/// (`xl/worksheets/sheetN.xml`, ODF's `content.xml`) and XML returns, and hands its start tags, end
/// tags and text to an `XMLScanEvents`, pausing whenever it says so: at the end of every row.
///
/// A sheet of 100,000 rows is ten million events and a return of a million rows twenty million, and
/// a general parser spends most of the reading time on them. Within what it reads the scanner
/// refuses what expat refuses, with expat's reasons and places (but for a character cut by the end
/// of the document, which it calls bytes that are not UTF-8): bytes that are not UTF-8,
/// characters XML does not allow, malformed tags, attributes given twice, undefined entities,
/// references to characters XML does not allow, mismatched end tags, `]]>` in text, and anything
/// but comments and processing instructions around the root element. At a document type
/// declaration it stops (`Progress.documentType`): a workbook's part has none, so it is refused,
/// and an XML return that has one is read by expat, which knows what its entities may do.
///
/// As expat does, it resolves the five predefined entities and character references, turns line
/// ends into LF in text and white space into spaces in attribute values, and gives CDATA sections
/// as text. A tag, comment or other token is held whole, up to `maxTokenBytes`; text is handed on
/// in pieces as it arrives, so memory holds the chunk being read and one token.
struct XMLScanner {
    /// The longest tag, comment, CDATA section or processing instruction held whole, as for expat.
    static let maxTokenBytes = 1 << 20

    /// What `scan(into:)` stopped at.
    enum Progress {
        /// The receiver said to pause: a row is ready, or it has seen what it was looking for.
        case paused
        /// A document type declaration starts at the next byte, which the scanner does not read:
        /// `documentTypeRefusal(_:)` says where it is.
        case documentType
        /// The bytes given so far are read: `append` more, or `finishInput()`.
        case needsBytes
        /// The document has ended where it should.
        case finished
    }

    /// Where in the document the scanner is.
    private enum Place {
        /// Before the root element.
        case prolog
        /// Inside the root element.
        case content
        /// After the root element.
        case epilog
    }

    private let storage = ScanStorage()
    /// The byte classes, read here rather than from the static tables, whose every read would
    /// check that they are made.
    private let textClass = XMLScanner.textClasses
    private let attributeClass = XMLScanner.attributeClasses
    private let nameClass = XMLScanner.nameClasses
    /// The first byte not yet read, and the end of the bytes held, in `storage`.
    private var start = 0
    private var end = 0
    /// The offset in the document of `storage`'s first byte.
    private var base = 0
    private var isFinal = false
    private var place = Place.prolog
    /// The line being read, from 1, the offset in the document where it starts, and how many
    /// characters of it lie in bytes no longer held.
    private var line = 1
    private var lineStart = 0
    private var droppedColumns = 0
    /// 3 when the document starts with a byte order mark: the XML declaration may follow it.
    private var byteOrderMarkLength = 0

    /// Adds the next bytes of the document.
    mutating func append(_ chunk: [UInt8]) {
        guard !chunk.isEmpty else { return }
        append(upTo: chunk.count) { room in
            chunk.withUnsafeBytes { room.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: chunk.count) }
            return chunk.count
        }
    }

    /// Adds up to `count` next bytes of the document, which `read` writes into the room it is
    /// given, returning how many it wrote: the bytes go straight to where they are scanned.
    ///
    /// - Returns: how many bytes were added.
    @discardableResult
    mutating func append<Failure>(upTo count: Int, reading read: (UnsafeMutableRawBufferPointer) throws(Failure) -> Int) throws(Failure) -> Int {
        dropRead()
        storage.reserve(2 * (end + count) + 1, keeping: end)
        let added = try read(UnsafeMutableRawBufferPointer(start: storage.bytes + end, count: count))
        end += added
        storage.bytes[end] = 0
        return added
    }

    /// Says that no bytes follow: what is held is the rest of the document.
    mutating func finishInput() {
        isFinal = true
    }

    /// Reads what is held, handing each event to `builder`, until the builder says to pause, the
    /// bytes run out, a document type declaration comes or the document ends.
    ///
    /// - Throws: `.invalidBytes` for bytes that are not UTF-8, `.malformedXML` for what is not
    ///   well-formed, `.empty` for a document without an element, `.tooLarge` for a token over
    ///   `maxTokenBytes`, or what the builder throws.
    mutating func scan<Builder: XMLScanEvents>(into builder: inout Builder) throws(ReadProblem) -> Progress {
        let bytes = storage.bytes
        while true {
            let next: (after: Int, stop: Progress?)?
            switch place {
            case .content:
                if bytes[start] != UInt8(ascii: "<") {
                    start = try text(from: start, into: &builder)
                    guard start < end, bytes[start] == UInt8(ascii: "<") else { return try outOfBytes() }
                }
                if bytes[start + 1] == UInt8(ascii: "/") {
                    guard let after = try endTag(at: start) else { return try outOfBytes() }
                    start = after
                    if try builder.end() { return .paused }
                    continue
                }
                if let read = try builder.shortcut(UnsafeBufferPointer(start: bytes + start, count: end - start)) {
                    start += read
                    continue
                }
                next = try markup(at: start, into: &builder)
            case .prolog, .epilog:
                if place == .prolog, base + start == 0 {
                    guard end >= 3 || isFinal else { return try outOfBytes() }
                    if end >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
                        byteOrderMarkLength = 3
                        start = 3
                    }
                }
                start = skipSpaces(from: start)
                guard start < end, bytes[start] != UInt8(ascii: "\r") else { return try outOfBytes() }
                guard bytes[start] == UInt8(ascii: "<") else {
                    throw problem(at: start, place == .prolog ? "not well-formed (invalid token)" : "junk after document element")
                }
                next = try markup(at: start, into: &builder)
            }
            guard let next else { return try outOfBytes() }
            start = next.after
            if let stop = next.stop { return stop }
        }
    }

    // MARK: - Tokens

    /// Reads the token at `at`, a `<` that does not start an end tag, and hands it on.
    ///
    /// - Returns: the offset after it and why the scan stops there, if it does: the receiver said
    ///   to pause at its start or at the end of an empty-element tag, or it is a document type
    ///   declaration, which is not read; nil when its bytes have not all arrived.
    private mutating func markup<Builder: XMLScanEvents>(at: Int, into builder: inout Builder) throws(ReadProblem) -> (after: Int, stop: Progress?)? {
        let bytes = storage.bytes
        let first = bytes[at + 1]
        if first == UInt8(ascii: "?") {
            return try processingInstruction(at: at).map { ($0, nil) }
        }
        if first == UInt8(ascii: "!") {
            guard let isComment = starts(at + 2, with: "--") else { return try incomplete(at) }
            if isComment { return try comment(at: at).map { ($0, nil) } }
            switch place {
            case .prolog:
                guard let isDoctype = starts(at + 2, with: "DOCTYPE") else { return try incomplete(at) }
                guard isDoctype else { throw problem(at: at, "syntax error") }
                return (at, .documentType)
            case .epilog:
                throw problem(at: at, "junk after document element")
            case .content:
                break
            }
            guard let isCDATA = starts(at + 2, with: "[CDATA[") else { return try incomplete(at) }
            guard isCDATA else { throw problem(at: at + 2, "not well-formed (invalid token)") }
            return try cdata(at: at, into: &builder).map { ($0, nil) }
        }
        if at + 1 == end, !isFinal { return nil }
        guard place != .epilog else { throw problem(at: at, "junk after document element") }
        let position = position(at: at)
        guard let (after, nameEnd, isEmpty) = try startTag(at: at) else { return nil }
        let name = ScannedName(utf8: UnsafeBufferPointer(start: bytes + at + 1, count: nameEnd - at - 1))
        let attributes = ScannedAttributes(bytes: bytes, spans: UnsafeBufferPointer(start: storage.spans, count: storage.spanCount))
        let pausesAtStart = try builder.start(name, attributes, at: position)
        place = .content
        guard isEmpty else {
            storage.open(name.utf8)
            return (after, pausesAtStart ? .paused : nil)
        }
        let pausesAtEnd = try builder.end()
        if storage.openCount == 0 { place = .epilog }
        return (after, pausesAtStart || pausesAtEnd ? .paused : nil)
    }

    /// Reads the start tag or empty-element tag at `at`, its attributes into `storage.spans`.
    ///
    /// - Returns: the offset after it, where its name ends, and whether it is an empty-element tag;
    ///   nil when its bytes have not all arrived.
    private mutating func startTag(at: Int) throws(ReadProblem) -> (after: Int, nameEnd: Int, isEmpty: Bool)? {
        let bytes = storage.bytes
        var lines = LineMarks()
        guard let nameEnd = try name(at: at + 1) else { return try incomplete(at) }
        var index = nameEnd
        var isEmpty = false
        storage.spanCount = 0
        reading: while true {
            let spaceStart = index
            index = skipSpaces(from: index, marks: &lines)
            switch bytes[index] {
            case UInt8(ascii: ">"):
                break reading
            case UInt8(ascii: "/"):
                guard index + 1 < end else { return try incomplete(at) }
                guard bytes[index + 1] == UInt8(ascii: ">") else { throw problem(at: index + 1, "not well-formed (invalid token)") }
                isEmpty = true
                break reading
            default:
                guard index < end else { return try incomplete(at) }
                guard index > spaceStart, nameClass[Int(bytes[index])] & Self.nameStartBit != 0 else {
                    throw problem(at: index, "not well-formed (invalid token)")
                }
                guard let after = try attribute(at: index, marks: &lines) else { return try incomplete(at) }
                index = after
            }
        }
        decodeAttributes()
        commit(lines)
        return (isEmpty ? index + 2 : index + 1, nameEnd, isEmpty)
    }

    /// Reads one `name="value"` of a start tag into `storage.spans`.
    ///
    /// - Returns: the offset after its closing quote, or nil when its bytes have not all arrived.
    private mutating func attribute(at: Int, marks: inout LineMarks) throws(ReadProblem) -> Int? {
        let bytes = storage.bytes
        guard let nameEnd = try name(at: at) else { return nil }
        var index = skipSpaces(from: nameEnd, marks: &marks)
        guard index < end else { return nil }
        guard bytes[index] == UInt8(ascii: "=") else { throw problem(at: index, "not well-formed (invalid token)") }
        index = skipSpaces(from: index + 1, marks: &marks)
        guard index < end else { return nil }
        let quote = bytes[index]
        guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
            throw problem(at: index, "not well-formed (invalid token)")
        }
        let valueStart = index + 1
        index = valueStart
        var needsDecoding = false
        while true {
            var kind = attributeClass[Int(bytes[index])]
            while kind == Self.plain {
                index += 1
                kind = attributeClass[Int(bytes[index])]
            }
            switch kind {
            case Self.quote where bytes[index] == quote:
                try addAttribute(ScannedAttributeSpan(nameStart: at, nameEnd: nameEnd, valueStart: valueStart, valueEnd: index,
                                                      needsDecoding: needsDecoding))
                return index + 1
            case Self.quote:
                index += 1
            case Self.ampersand:
                guard let after = try reference(at: index) else { return nil }
                needsDecoding = true
                index = after
            case Self.lineFeed, Self.carriageReturn, Self.tab:
                guard let after = lineEnd(at: index, marks: &marks) else { return nil }
                needsDecoding = true
                index = after
            case Self.nonASCII:
                guard let after = try utf8Sequence(at: index) else { return nil }
                index = after
            default:
                guard index < end else { return nil }
                throw problem(at: index, "not well-formed (invalid token)")
            }
        }
    }

    /// Adds an attribute, refusing one whose name the tag already has.
    private mutating func addAttribute(_ span: ScannedAttributeSpan) throws(ReadProblem) {
        let bytes = storage.bytes
        let count = span.nameEnd - span.nameStart
        for index in 0..<storage.spanCount {
            let other = storage.spans[index]
            if other.nameEnd - other.nameStart == count, sameBytes(bytes + other.nameStart, bytes + span.nameStart, count) {
                throw problem(at: span.nameStart, "duplicate attribute")
            }
        }
        storage.append(span)
    }

    /// Resolves references and white space in the attribute values that need it, writing them
    /// after the bytes held and pointing their spans there.
    private func decodeAttributes() {
        var decodedEnd = decodedStart
        for index in 0..<storage.spanCount where storage.spans[index].needsDecoding {
            let span = storage.spans[index]
            storage.spans[index].valueStart = decodedEnd
            decodedEnd = decode(span.valueStart..<span.valueEnd, as: .attributeValue, to: decodedEnd)
            storage.spans[index].valueEnd = decodedEnd
        }
    }

    /// Reads the end tag at `at` and closes the innermost open element, whose name it must have.
    ///
    /// - Returns: the offset after it, or nil when its bytes have not all arrived.
    private mutating func endTag(at: Int) throws(ReadProblem) -> Int? {
        let bytes = storage.bytes
        let openName = storage.innermostName
        let openNameEnd = at + 2 + openName.count
        // Mostly the open element's name and `>`: well-formed as it stands, since the name was read
        // as one when the element opened.
        if openNameEnd < end, bytes[openNameEnd] == UInt8(ascii: ">"), sameBytes(openName.baseAddress!, bytes + at + 2, openName.count) {
            storage.close()
            if storage.openCount == 0 { place = .epilog }
            return openNameEnd + 1
        }
        var lines = LineMarks()
        guard let nameEnd = try name(at: at + 2) else { return try incomplete(at) }
        let index = skipSpaces(from: nameEnd, marks: &lines)
        guard index < end else { return try incomplete(at) }
        guard bytes[index] == UInt8(ascii: ">") else { throw problem(at: index, "not well-formed (invalid token)") }
        guard openName.count == nameEnd - at - 2, sameBytes(openName.baseAddress!, bytes + at + 2, openName.count) else {
            throw problem(at: at + 2, "mismatched tag")
        }
        storage.close()
        if storage.openCount == 0 { place = .epilog }
        commit(lines)
        return index + 1
    }

    /// Reads the comment at `at`: `<!--`, text without `--`, `-->`.
    private mutating func comment(at: Int) throws(ReadProblem) -> Int? {
        let bytes = storage.bytes
        var lines = LineMarks()
        var index = at + 4
        while true {
            guard let dash = try characters(from: index, upTo: UInt8(ascii: "-"), marks: &lines) else { return try incomplete(at) }
            guard dash + 2 < end else { return try incomplete(at) }
            if bytes[dash + 1] == UInt8(ascii: "-") {
                guard bytes[dash + 2] == UInt8(ascii: ">") else { throw problem(at: dash + 2, "not well-formed (invalid token)") }
                commit(lines)
                return dash + 3
            }
            index = dash + 1
        }
    }

    /// Reads the processing instruction at `at`: `<?target …?>`. The XML declaration is one
    /// only at the very start of the document.
    private mutating func processingInstruction(at: Int) throws(ReadProblem) -> Int? {
        let bytes = storage.bytes
        var lines = LineMarks()
        guard let targetEnd = try name(at: at + 2) else { return try incomplete(at) }
        let target = UnsafeBufferPointer(start: bytes + at + 2, count: targetEnd - at - 2)
        if target.count == 3, target.map({ $0 | 0x20 }).elementsEqual("xml".utf8) {
            let isDeclaration = target.elementsEqual("xml".utf8) && base + at == byteOrderMarkLength
            guard isDeclaration else { throw problem(at: at, "XML or text declaration not at start of entity") }
        }
        var index = targetEnd
        let spaceStart = index
        index = skipSpaces(from: index, marks: &lines)
        guard index < end else { return try incomplete(at) }
        if index == spaceStart {
            // Without white space after the target, the instruction ends there.
            guard index + 1 < end else { return try incomplete(at) }
            guard bytes[index] == UInt8(ascii: "?"), bytes[index + 1] == UInt8(ascii: ">") else {
                throw problem(at: index, "not well-formed (invalid token)")
            }
        }
        while true {
            guard let mark = try characters(from: index, upTo: UInt8(ascii: "?"), marks: &lines) else { return try incomplete(at) }
            guard mark + 1 < end else { return try incomplete(at) }
            if bytes[mark + 1] == UInt8(ascii: ">") {
                if target.elementsEqual("xml".utf8) { try checkDeclaration(targetEnd..<mark) }
                commit(lines)
                return mark + 2
            }
            index = mark + 1
        }
    }

    /// Checks the XML declaration's pseudo-attributes in `range`, as expat does: `version`, then optionally
    /// `encoding`, then optionally `standalone="yes"` or `"no"`, each after white space.
    private func checkDeclaration(_ range: Range<Int>) throws(ReadProblem) {
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        let declaration = UnsafeBufferPointer(start: storage.bytes + range.lowerBound, count: range.count)
        let malformed = { (index: Int) in problem(at: range.lowerBound + index, "XML declaration not well-formed") }
        var rest = declaration[...]
        var allowed: ArraySlice<String> = ["version", "encoding", "standalone"]
        while true {
            let spaces = rest.prefix(while: isSpace).count
            rest = rest.dropFirst(spaces)
            guard !rest.isEmpty else {
                guard allowed.first != "version" else { throw malformed(rest.startIndex) }
                return
            }
            let nameStart = rest.startIndex
            let name = String(decoding: rest.prefix { (0x61...0x7A).contains($0) }, as: UTF8.self)
            rest = rest.dropFirst(name.utf8.count).drop(while: isSpace)
            guard spaces > 0, let position = allowed.firstIndex(of: name), allowed.first != "version" || name == "version",
                  rest.first == UInt8(ascii: "=") else { throw malformed(nameStart) }
            rest = rest.dropFirst().drop(while: isSpace)
            guard let quote = rest.first, quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'"),
                  let close = rest.dropFirst().firstIndex(of: quote),
                  Self.isDeclared(value: String(decoding: declaration[(rest.startIndex + 1)..<close], as: UTF8.self), of: name)
            else { throw malformed(nameStart) }
            rest = declaration[(close + 1)...]
            allowed = allowed[(position + 1)...]
        }
    }

    /// True when `value` is what the XML declaration allows for its pseudo-attribute `name`.
    private static func isDeclared(value: String, of name: String) -> Bool {
        let isDigit = { (byte: UInt8) in (0x30...0x39).contains(byte) }
        let isLetter = { (byte: UInt8) in (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
        switch name {
        case "version":
            return value.utf8.allSatisfy { isLetter($0) || isDigit($0) || "._-".utf8.contains($0) }
        case "encoding":
            return value.utf8.first.map(isLetter) ?? false
                && value.utf8.allSatisfy { isLetter($0) || isDigit($0) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D }
        default:
            return value == "yes" || value == "no"
        }
    }

    /// Reads the CDATA section at `at` and hands its text on.
    private mutating func cdata<Builder: XMLScanEvents>(at: Int, into builder: inout Builder) throws(ReadProblem) -> Int? {
        let bytes = storage.bytes
        var lines = LineMarks()
        let textStart = at + 9
        var index = textStart
        while true {
            guard let bracket = try characters(from: index, upTo: UInt8(ascii: "]"), marks: &lines), bracket + 2 < end else {
                guard isFinal else { return nil }
                throw problem(at: end, "unclosed CDATA section")
            }
            if bytes[bracket + 1] == UInt8(ascii: "]"), bytes[bracket + 2] == UInt8(ascii: ">") {
                let text = UnsafeBufferPointer(start: bytes + textStart, count: bracket - textStart)
                let position = position(at: textStart)
                commit(lines)
                try builder.characters(text.contains(UInt8(ascii: "\r")) ? decoded(textStart..<bracket, as: .cdata) : text, at: position)
                return bracket + 3
            }
            index = bracket + 1
        }
    }

    /// Reads text from `from` up to the next `<`, or as far as the bytes held allow, and hands it on.
    ///
    /// - Returns: the offset where it stopped: a `<`, or bytes that must wait for the next chunk
    ///   (a reference, a character or a line end cut by the chunk's end).
    private mutating func text<Builder: XMLScanEvents>(from: Int, into builder: inout Builder) throws(ReadProblem) -> Int {
        let bytes = storage.bytes
        var lines = LineMarks()
        var index = from
        var needsDecoding = false
        scanning: while true {
            var kind = textClass[Int(bytes[index])]
            while kind == Self.plain {
                index += 1
                kind = textClass[Int(bytes[index])]
            }
            switch kind {
            case Self.lessThan:
                break scanning
            case Self.ampersand:
                guard let after = try reference(at: index) else { break scanning }
                needsDecoding = true
                index = after
            case Self.lineFeed:
                index += 1
                lines.newLine(at: index)
            case Self.carriageReturn:
                guard let after = lineEnd(at: index, marks: &lines) else { break scanning }
                needsDecoding = true
                index = after
            case Self.bracket:
                guard index + 2 < end || isFinal else { break scanning }
                if bytes[index + 1] == UInt8(ascii: "]"), bytes[index + 2] == UInt8(ascii: ">") {
                    throw problem(at: index + 2, "not well-formed (invalid token)")
                }
                index += 1
            case Self.nonASCII:
                guard let after = try utf8Sequence(at: index) else { break scanning }
                index = after
            default:
                guard index < end else { break scanning }
                throw problem(at: index, "not well-formed (invalid token)")
            }
        }
        guard index > from else { return index }
        let position = position(at: from)
        commit(lines)
        try builder.characters(needsDecoding ? decoded(from..<index, as: .text) : UnsafeBufferPointer(start: bytes + from, count: index - from), at: position)
        return index
    }

    // MARK: - Pieces of tokens

    /// Reads the name at `at`.
    ///
    /// - Returns: the offset after it, or nil when the bytes held end first, even the last of the
    ///   document: the caller knows where its token starts.
    private func name(at: Int) throws(ReadProblem) -> Int? {
        let bytes = storage.bytes
        guard nameClass[Int(bytes[at])] & Self.nameStartBit != 0 else {
            guard at < end else { return nil }
            throw problem(at: at, "not well-formed (invalid token)")
        }
        var index = at
        while true {
            let kind = nameClass[Int(bytes[index])]
            if kind & Self.nameCharBit != 0 {
                index += 1
            } else if kind & Self.nameNonASCIIBit != 0 {
                guard let after = try utf8Sequence(at: index) else { return nil }
                guard Self.isNameCharacter(scalarValue(index..<after), isFirst: index == at) else {
                    throw problem(at: index, "not well-formed (invalid token)")
                }
                index = after
            } else {
                guard index < end else { return nil }
                return index
            }
        }
    }

    /// The value of the character whose valid UTF-8 is `range`.
    private func scalarValue(_ range: Range<Int>) -> UInt32 {
        let bytes = storage.bytes
        var value = UInt32(bytes[range.lowerBound]) & (0x7F >> range.count)
        for index in range.dropFirst() {
            value = value << 6 | UInt32(bytes[index] & 0x3F)
        }
        return value
    }

    /// True for a character beyond ASCII that XML 1.0 (fifth edition) allows in a name, where
    /// `isFirst` says whether it starts the name. Expat follows the fourth edition's older tables and
    /// refuses a few of these (U+FEFF among them); no workbook writer puts any in an element's or
    /// attribute's name.
    private static func isNameCharacter(_ value: UInt32, isFirst: Bool) -> Bool {
        switch value {
        case 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2FF, 0x370...0x37D, 0x37F...0x1FFF, 0x200C...0x200D, 0x2070...0x218F,
             0x2C00...0x2FEF, 0x3001...0xD7FF, 0xF900...0xFDCF, 0xFDF0...0xFFFD, 0x10000...0xEFFFF:
            true
        case 0xB7, 0x300...0x36F, 0x203F...0x2040:
            !isFirst
        default:
            false
        }
    }

    /// Reads a reference at `at`, an `&`: one of the five entities XML predefines, or a character
    /// reference to a character XML allows.
    ///
    /// - Returns: the offset after its `;`, or nil when its bytes have not all arrived.
    private func reference(at: Int) throws(ReadProblem) -> Int? {
        try referencedScalar(at: at).map { $0.1 }
    }

    /// The character the reference at `at` stands for, and the offset after its `;`; nil when its
    /// bytes have not all arrived.
    private func referencedScalar(at: Int) throws(ReadProblem) -> (Unicode.Scalar, Int)? {
        let bytes = storage.bytes
        var index = at + 1
        if bytes[index] == UInt8(ascii: "#") {
            index += 1
            let isHex = bytes[index] == UInt8(ascii: "x")
            if isHex { index += 1 }
            let digitsStart = index
            var value: UInt32 = 0
            while true {
                let byte = bytes[index]
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f") where isHex: digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F") where isHex: digit = UInt32(byte - UInt8(ascii: "A") + 10)
                case UInt8(ascii: ";") where index > digitsStart:
                    guard Self.isXMLCharacter(value), let scalar = Unicode.Scalar(value) else {
                        throw problem(at: at, "reference to invalid character number")
                    }
                    return (scalar, index + 1)
                default:
                    guard index < end else { return try incomplete(at) }
                    throw problem(at: index, "not well-formed (invalid token)")
                }
                value = min(value * (isHex ? 16 : 10) + digit, 0x110000)
                index += 1
            }
        }
        guard let nameEnd = try name(at: index) else { return try incomplete(at) }
        guard bytes[nameEnd] == UInt8(ascii: ";") else { throw problem(at: nameEnd, "not well-formed (invalid token)") }
        let entity = UnsafeBufferPointer(start: bytes + index, count: nameEnd - index)
        for (name, scalar) in Self.predefinedEntities where entity.elementsEqual(name.utf8) {
            return (scalar, nameEnd + 1)
        }
        throw problem(at: at, "undefined entity")
    }

    private static let predefinedEntities: [(String, Unicode.Scalar)] = [("amp", "&"), ("lt", "<"), ("gt", ">"), ("quot", "\""), ("apos", "'")]

    /// Reads a line end or tab at `at`: CR LF counts as one line end.
    ///
    /// - Returns: the offset after it, or nil for a CR at the end of the bytes held, which may
    ///   be followed by an LF.
    private func lineEnd(at: Int, marks: inout LineMarks) -> Int? {
        let bytes = storage.bytes
        switch bytes[at] {
        case UInt8(ascii: "\r"):
            guard at + 1 < end || isFinal else { return nil }
            let after = bytes[at + 1] == UInt8(ascii: "\n") ? at + 2 : at + 1
            marks.newLine(at: after)
            return after
        case UInt8(ascii: "\n"):
            marks.newLine(at: at + 1)
            return at + 1
        default:
            return at + 1
        }
    }

    /// Reads the UTF-8 sequence at `at`, whose first byte is not ASCII.
    ///
    /// - Returns: the offset after it, or nil when the bytes held end inside it.
    /// - Throws: `.invalidBytes` when it is not UTF-8, `.malformedXML` for U+FFFE and U+FFFF.
    @inline(__always)
    private func utf8Sequence(at: Int) throws(ReadProblem) -> Int? {
        switch UTF8Validator.sequence(in: storage.bytes, at: at, end: end) {
        case .character(let length):
            guard !isNoncharacterFFFEOrFFFF(storage.bytes + at) else { throw problem(at: at, "not well-formed (invalid token)") }
            return at + length
        case .cut:
            guard isFinal else { return nil }
            throw .invalidBytes(encoding: "UTF-8", offset: base + at)
        case .invalid:
            throw .invalidBytes(encoding: "UTF-8", offset: base + at)
        }
    }

    /// Reads characters from `from` up to the first `stop`, checking that each is one XML allows.
    ///
    /// - Returns: the offset of `stop`, or nil when the bytes held end first.
    private func characters(from: Int, upTo stop: UInt8, marks: inout LineMarks) throws(ReadProblem) -> Int? {
        let bytes = storage.bytes
        var index = from
        while true {
            let byte = bytes[index]
            if byte == stop { return index }
            if byte >= 0x80 {
                guard let after = try utf8Sequence(at: index) else { return nil }
                index = after
            } else if byte >= 0x20 || byte == UInt8(ascii: "\t") {
                index += 1
            } else if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                guard let after = lineEnd(at: index, marks: &marks) else { return nil }
                index = after
            } else {
                guard index < end else { return nil }
                throw problem(at: index, "not well-formed (invalid token)")
            }
        }
    }

    /// The offset of the first byte from `from` that is not white space, counting line ends into
    /// the scanner's position; a CR at the end of the bytes held is left for the next chunk, which
    /// may start with its LF.
    private mutating func skipSpaces(from: Int) -> Int {
        var marks = LineMarks()
        let after = skipSpaces(from: from, marks: &marks)
        commit(marks)
        return after == end && after > from && storage.bytes[after - 1] == UInt8(ascii: "\r") && !isFinal ? after - 1 : after
    }

    /// The offset of the first byte from `from` that is not white space, or `end` for a CR at the
    /// end of the bytes held: an LF may follow it, and a token cannot end in it.
    private func skipSpaces(from: Int, marks: inout LineMarks) -> Int {
        let bytes = storage.bytes
        var index = from
        while true {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                index += 1
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                guard let after = lineEnd(at: index, marks: &marks) else { return end }
                index = after
            default:
                return index
            }
        }
    }

    /// Whether the bytes at `at` are `literal`; nil when they are a beginning of it cut by the end
    /// of the bytes held, even the last of the document.
    private func starts(_ at: Int, with literal: StaticString) -> Bool? {
        let bytes = storage.bytes
        for offset in 0..<literal.utf8CodeUnitCount {
            if at + offset == end { return nil }
            if bytes[at + offset] != literal.utf8Start[offset] { return false }
        }
        return true
    }

    /// Where resolved text and attribute values are written: after the bytes held and their NUL,
    /// in room `append` keeps there, since what is resolved is never longer than what was read.
    /// The bytes read stay as they are, for the places of problems found later.
    private var decodedStart: Int { end + 1 }

    /// What is read, for `decode(_:as:to:)`.
    private enum Content {
        /// Character data: references resolved, line ends turned into LF.
        case text
        /// A CDATA section: line ends turned into LF.
        case cdata
        /// An attribute value: references resolved, line ends and tabs turned into spaces.
        case attributeValue
    }

    /// The text or CDATA section in `range` resolved.
    private func decoded(_ range: Range<Int>, as content: Content) -> UnsafeBufferPointer<UInt8> {
        let decodedEnd = decode(range, as: content, to: decodedStart)
        return UnsafeBufferPointer(start: storage.bytes + decodedStart, count: decodedEnd - decodedStart)
    }

    /// Writes the bytes in `range`, read as `content`, from `destination` on, resolved: a reference
    /// stands for fewer bytes than it takes.
    ///
    /// - Returns: the end of the bytes written.
    private func decode(_ range: Range<Int>, as content: Content, to destination: Int) -> Int {
        let isAttribute = content == .attributeValue
        let bytes = storage.bytes
        var read = range.lowerBound
        var write = destination
        while read < range.upperBound {
            let byte = bytes[read]
            switch byte {
            case UInt8(ascii: "&") where content != .cdata:
                // Checked when the range was read, so it resolves.
                guard let (scalar, after) = try? referencedScalar(at: read) else { return write }
                for unit in UTF8.encode(scalar)! {
                    bytes[write] = unit
                    write += 1
                }
                read = after
                continue
            case UInt8(ascii: "\r"):
                bytes[write] = isAttribute ? UInt8(ascii: " ") : UInt8(ascii: "\n")
                read += read + 1 < range.upperBound && bytes[read + 1] == UInt8(ascii: "\n") ? 2 : 1
                write += 1
                continue
            case UInt8(ascii: "\n") where isAttribute, UInt8(ascii: "\t") where isAttribute:
                bytes[write] = UInt8(ascii: " ")
            default:
                bytes[write] = byte
            }
            read += 1
            write += 1
        }
        return write
    }

    // MARK: - Bytes and places

    /// Drops the bytes already read, noting how many characters of the current line they held.
    private mutating func dropRead() {
        guard start > 0 else { return }
        let dropEnd = base + start
        if lineStart < dropEnd {
            let from = max(lineStart, base)
            droppedColumns = (lineStart >= base ? 0 : droppedColumns) + characterCount(from - base..<start)
        }
        memmove(storage.bytes, storage.bytes + start, end - start)
        base += start
        end -= start
        start = 0
    }

    /// What to say when the bytes held are all read.
    private func outOfBytes() throws(ReadProblem) -> Progress {
        guard isFinal else {
            if end - start > Self.maxTokenBytes { throw .tooLarge(limit: "\(Self.maxTokenBytes >> 20) MiB") }
            return .needsBytes
        }
        switch place {
        case .prolog:
            throw .empty
        case .content:
            throw problem(at: end, "no element found")
        case .epilog:
            return .finished
        }
    }

    /// For a token cut by the end of the bytes held: nil while more may come, an error once the
    /// document has ended.
    private func incomplete<Result>(_ tokenStart: Int) throws(ReadProblem) -> Result? {
        guard isFinal else { return nil }
        throw problem(at: tokenStart, "unclosed token")
    }

    private mutating func commit(_ marks: LineMarks) {
        guard marks.count > 0 else { return }
        line += marks.count
        lineStart = base + marks.lastStart
    }

    /// Where the byte `at` is, which starts the token being read: the line ends before it are
    /// counted, its column is counted only if asked for.
    private func position(at: Int) -> ScannedPosition {
        let lineIsHeld = lineStart >= base
        return ScannedPosition(line: line, lineStart: storage.bytes + (lineIsHeld ? lineStart - base : 0),
                               columnsBefore: lineIsHeld ? 0 : droppedColumns, byte: storage.bytes + at)
    }

    /// The problem of a document type declaration where `scan(into:)` stopped at one, for a reader
    /// that refuses it.
    func documentTypeRefusal(_ reason: String) -> ReadProblem {
        problem(at: start, reason)
    }

    /// A `.malformedXML` at the byte `at` of the token being read, its line and column counted as
    /// editors count them: the line ends before the token are counted, those in it are counted here.
    private func problem(at: Int, _ reason: String) -> ReadProblem {
        let bytes = storage.bytes
        var line = self.line
        var lineStart = self.lineStart
        for index in start..<max(start, at) {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") || (byte == UInt8(ascii: "\r") && bytes[index + 1] != UInt8(ascii: "\n")) {
                line += 1
                lineStart = base + index + 1
            }
        }
        let column = lineStart >= base ? characterCount(lineStart - base..<at) : droppedColumns + characterCount(0..<at)
        return .malformedXML(line: line, column: column + 1, reason: reason)
    }

    /// The characters that the UTF-8 in `range` of the bytes held encodes.
    private func characterCount(_ range: Range<Int>) -> Int {
        utf8CharacterCount(UnsafeBufferPointer(start: storage.bytes + range.lowerBound, count: range.count))
    }

    /// True for the characters XML 1.0 allows in a document.
    private static func isXMLCharacter(_ value: UInt32) -> Bool {
        switch value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    // MARK: - Byte classes

    private static let plain: UInt8 = 0
    private static let lessThan: UInt8 = 1
    private static let ampersand: UInt8 = 2
    private static let lineFeed: UInt8 = 3
    private static let carriageReturn: UInt8 = 4
    private static let bracket: UInt8 = 5
    private static let nonASCII: UInt8 = 6
    private static let quote: UInt8 = 7
    private static let tab: UInt8 = 8
    /// A control character XML does not allow, or the NUL after the bytes held.
    private static let forbidden: UInt8 = 9

    /// Each byte's part in text: what stops the run of plain bytes.
    nonisolated(unsafe) private static let textClasses: UnsafePointer<UInt8> = byteClasses(textClass(of:))

    /// Each byte's part in an attribute value: as in text, but `<` is forbidden, a tab becomes a
    /// space, a quote may end the value and `]` is plain.
    nonisolated(unsafe) private static let attributeClasses: UnsafePointer<UInt8> = byteClasses { byte in
        switch byte {
        case UInt8(ascii: "<"): forbidden
        case UInt8(ascii: "\t"): tab
        case UInt8(ascii: "\""), UInt8(ascii: "'"): quote
        case UInt8(ascii: "]"): plain
        default: textClass(of: byte)
        }
    }

    private static func textClass(of byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "<"): lessThan
        case UInt8(ascii: "&"): ampersand
        case UInt8(ascii: "\n"): lineFeed
        case UInt8(ascii: "\r"): carriageReturn
        case UInt8(ascii: "]"): bracket
        case UInt8(ascii: "\t"): plain
        case 0x80...: nonASCII
        case ..<0x20: forbidden
        default: plain
        }
    }

    private static let nameStartBit: UInt8 = 1
    private static let nameCharBit: UInt8 = 2
    private static let nameNonASCIIBit: UInt8 = 4

    /// Each byte's part in a name: ASCII letters, `_` and `:` start one, digits, `-` and `.` may
    /// follow, and a character beyond ASCII is looked at whole (`isNameCharacter`).
    nonisolated(unsafe) private static let nameClasses: UnsafePointer<UInt8> = byteClasses { byte in
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"), UInt8(ascii: ":"):
            nameStartBit | nameCharBit
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."): nameCharBit
        case 0x80...: nameStartBit | nameNonASCIIBit
        default: 0
        }
    }

    /// A table of 256 classes, made once and kept for the life of the process.
    private static func byteClasses(_ classOf: (UInt8) -> UInt8) -> UnsafePointer<UInt8> {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        for byte in 0...255 {
            table[byte] = classOf(UInt8(byte))
        }
        return UnsafePointer(table)
    }
}

/// The line ends found while reading one token, counted into the scanner's position only once the
/// token is read whole: a token cut by a chunk's end is read again from its start.
private struct LineMarks {
    var count = 0
    /// The offset, in the bytes held, where the last line found starts.
    var lastStart = 0

    mutating func newLine(at start: Int) {
        count += 1
        lastStart = start
    }
}

/// The bytes a `XMLScanner` holds, with a NUL after the last so that its loops need not
/// check the end at every byte; the attribute spans of the last start tag; and the names of the
/// open elements, one after the other. Only its scanner uses it, from one thread, so exclusive
/// access to its properties is not checked at run time on each of the millions of reads.
private final class ScanStorage {
    @exclusivity(unchecked) private(set) var bytes: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var capacity: Int
    @exclusivity(unchecked) private(set) var spans: UnsafeMutablePointer<ScannedAttributeSpan>
    @exclusivity(unchecked) private var spanCapacity = 16
    @exclusivity(unchecked) var spanCount = 0
    @exclusivity(unchecked) private var names = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    @exclusivity(unchecked) private var nameCapacity = 256
    /// Where the name of each open element ends in `names`.
    @exclusivity(unchecked) private var nameEnds = UnsafeMutablePointer<Int>.allocate(capacity: 16)
    @exclusivity(unchecked) private var depthCapacity = 16
    @exclusivity(unchecked) private(set) var openCount = 0

    init() {
        capacity = 1 << 16
        bytes = .allocate(capacity: capacity)
        bytes[0] = 0
        spans = .allocate(capacity: spanCapacity)
    }

    deinit {
        bytes.deallocate()
        spans.deallocate()
        names.deallocate()
        nameEnds.deallocate()
    }

    /// The name of the innermost open element.
    var innermostName: UnsafeBufferPointer<UInt8> {
        let start = openCount > 1 ? nameEnds[openCount - 2] : 0
        return UnsafeBufferPointer(start: names + start, count: nameEnds[openCount - 1] - start)
    }

    /// Opens an element named `name`.
    func open(_ name: UnsafeBufferPointer<UInt8>) {
        let start = openCount > 0 ? nameEnds[openCount - 1] : 0
        if start + name.count > nameCapacity {
            names = Self.grown(names, keeping: start, to: max(nameCapacity * 2, start + name.count))
            nameCapacity = max(nameCapacity * 2, start + name.count)
        }
        if openCount == depthCapacity {
            nameEnds = Self.grown(nameEnds, keeping: openCount, to: depthCapacity * 2)
            depthCapacity *= 2
        }
        (names + start).update(from: name.baseAddress!, count: name.count)
        nameEnds[openCount] = start + name.count
        openCount += 1
    }

    /// Closes the innermost open element.
    func close() {
        openCount -= 1
    }

    private static func grown<Element>(_ pointer: UnsafeMutablePointer<Element>, keeping count: Int, to capacity: Int) -> UnsafeMutablePointer<Element> {
        let moved = UnsafeMutablePointer<Element>.allocate(capacity: capacity)
        moved.moveInitialize(from: pointer, count: count)
        pointer.deallocate()
        return moved
    }

    /// Makes room for `count` bytes, keeping the first `held`.
    func reserve(_ count: Int, keeping held: Int) {
        guard count > capacity else { return }
        capacity = max(count, capacity * 2)
        bytes = Self.grown(bytes, keeping: held, to: capacity)
    }

    func append(_ span: ScannedAttributeSpan) {
        if spanCount == spanCapacity {
            spans = Self.grown(spans, keeping: spanCount, to: spanCapacity * 2)
            spanCapacity *= 2
        }
        (spans + spanCount).initialize(to: span)
        spanCount += 1
    }
}
