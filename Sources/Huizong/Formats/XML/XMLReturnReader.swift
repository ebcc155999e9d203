#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One `<row>` of an XML return, its child elements bound to the fields they are named by.
public struct XMLRow: Equatable, Sendable {
    /// The row's cells under the keys given to `bindFields(_:)`, "" where an element is omitted,
    /// numbered by the line of the `<row>` start tag (PRODUCT §5). A field element holding child
    /// elements is a structured cell: a field holds text only, so validation reports a `type-error`.
    public var row: SourceRow
    /// Elements named by no key, each in the first row of the file that has it.
    public var unknownElements: [String] = []
    /// Field elements given again in the row: the first one is the cell, these are errors.
    public var repeatedFields: [RepeatedField] = []

    /// A field element given more than once in a row, after its first time.
    public struct RepeatedField: Equatable, Sendable {
        /// The field's index among the keys.
        public var field: Int
        /// All character data inside the element, as a cell's.
        public var text: String
    }
}

/// Reads an XML return, `<return type="…">` holding `<row>` elements whose children are fields
/// named by key (PRODUCT §5), one row at a time: the root's type says which keys the rows are
/// bound to, and each row comes as cells under them, like a table's.
///
/// The file is read in chunks. A UTF-8 return, which is nearly every one, goes through
/// `XMLScanner`, which pauses at the root tag and at the end of every row, so memory holds one
/// chunk and one row however long the file is. One that holds a document type declaration, or is
/// in another encoding, goes through expat, suspended at the same places. A BOM fixes the encoding;
/// without one the XML declaration names it. An encoding expat does not know (GB2312, GBK,
/// GB18030, Big5, Shift_JIS, any that iconv reads) is transcoded to UTF-8 on the way in. A hostile
/// file is refused before it can make memory grow: a field over 1 MiB of text, a row over 4 MiB, a
/// tag over 1 MiB, nesting deeper than 32 elements, entities that expand too far, and any external
/// entity.
public final class XMLReturnReader {
    /// How many bytes are read from the file at a time.
    static let defaultChunkSize = 1 << 20
    /// Enough of the start of a file to hold the XML declaration that names its encoding.
    private static let declarationLength = 1024

    /// The encoding the file is read in: `UTF-8`, `UTF-16LE`, `UTF-16BE`, or the name it declares,
    /// in capitals (`GB2312`, `BIG5`, `SHIFT_JIS`).
    public let encoding: String

    private let input: ByteInput
    private let transcoder: Transcoder?
    private let assembler: RowAssembler
    private let parser: ExpatParser
    /// Reads the file while it is UTF-8 without a document type declaration; nil once expat does.
    private var scanner: XMLScanner?
    /// The start of the file, read to find its encoding and not yet parsed.
    private var head: [UInt8]?
    private var chunk: [UInt8] = []
    private var transcoded: [UInt8] = []
    /// Bytes the transcoder refused, reported once the bytes converted before them are parsed.
    private var untranscodable: ReadProblem?
    private var failure: ReadProblem?

    /// Opens the XML return at `path`.
    ///
    /// - Throws: `.unreadable` when the file cannot be opened or read, `.unsupportedEncoding` when
    ///   its declaration names an encoding that neither expat nor iconv reads.
    public convenience init(path: String) throws(ReadProblem) {
        try self.init(input: ByteInput(path: path, chunkSize: Self.defaultChunkSize))
    }

    /// Reads an XML return held in memory, as if it were a file's bytes.
    ///
    /// - Throws: as `init(path:)`.
    public convenience init(bytes: [UInt8]) throws(ReadProblem) {
        try self.init(bytes: bytes, chunkSize: Self.defaultChunkSize)
    }

    /// Reads bytes held in memory `chunkSize` at a time, so that tests can put chunk boundaries
    /// anywhere, and with expat alone if `expatOnly`, so that they can compare it with the scanner.
    convenience init(bytes: [UInt8], chunkSize: Int, expatOnly: Bool = false) throws(ReadProblem) {
        try self.init(input: ByteInput(bytes: bytes, chunkSize: chunkSize), expatOnly: expatOnly)
    }

    private init(input: ByteInput, expatOnly: Bool = false) throws(ReadProblem) {
        let head = try Self.head(of: input)
        let decoding = Decoding(sniffing: head)
        let assembler = RowAssembler()
        encoding = decoding.name
        if let source = decoding.transcodedFrom {
            transcoder = try Transcoder(from: source)
        } else {
            transcoder = nil
        }
        parser = ExpatParser(encoding: decoding.expatInput, delegate: assembler)
        if decoding.expatInput == .utf8, transcoder == nil, !expatOnly {
            scanner = XMLScanner()
        }
        self.assembler = assembler
        self.input = input
        self.head = head
    }

    /// Parses up to the root start tag.
    ///
    /// - Returns: the root's `type` attribute, nil when it has none.
    /// - Throws: `.unexpectedXMLRoot` when the root is not `<return>`, `.empty` when the file holds
    ///   no element, or any problem of `nextRow()`.
    public func readRoot() throws(ReadProblem) -> String? {
        while !assembler.builder.sawRoot, try advance() {}
        return assembler.builder.rootType
    }

    /// Binds the rows read from now on to the fields named `keys`, in this order. Until it is
    /// called no element names a field.
    public func bindFields(_ keys: [String]) {
        assembler.builder.keys = FieldKeys(keys)
    }

    /// The next `<row>`, or nil after the last one.
    ///
    /// - Throws: `.malformedXML`, `.invalidBytes`, `.entityAmplification`, `.externalEntity`,
    ///   `.tooLarge`, `.unreadable`, or a problem of `readRoot()`. Once a call has thrown, every
    ///   later call throws the same problem.
    public func nextRow() throws(ReadProblem) -> XMLRow? {
        while true {
            if let row = assembler.builder.takeRow() { return row }
            guard try advance() else { return nil }
        }
    }

    /// Lets the scanner or expat run until it pauses or has read one more chunk.
    ///
    /// - Returns: false once the whole document has been read.
    private func advance() throws(ReadProblem) -> Bool {
        if let failure { throw failure }
        do throws(ReadProblem) {
            if scanner != nil {
                return try scanNext()
            }
            if parser.isSuspended {
                try parser.resume()
            } else if parser.isFinished {
                if let untranscodable { throw untranscodable }
                return false
            } else {
                try parseNextChunk()
            }
            return true
        } catch {
            // Expat was told the document ends before the bytes that cannot be transcoded: that
            // it ends too early is their fault, and they are what the clerk is told of.
            let problem = untranscodable.flatMap { parser.endedEarly ? $0 : nil } ?? error
            failure = problem
            throw problem
        }
    }

    /// Lets the scanner run until it pauses or needs the next chunk, which it is given. At a
    /// document type declaration, which comes before any row, the file is read again from its
    /// start by expat; so it is when the scanner finds a problem before the root element is read,
    /// since it does not follow expat's grammar of that part to tell the same reason as expat.
    ///
    /// - Returns: false once the whole document has been read.
    private func scanNext() throws(ReadProblem) -> Bool {
        let progress: XMLScanner.Progress
        do {
            progress = try scanner!.scan(into: &assembler.builder)
        } catch {
            guard !assembler.builder.sawRoot else { throw error }
            try readWithExpatFromTheStart()
            return true
        }
        switch progress {
        case .paused:
            break
        case .needsBytes:
            if let head {
                scanner!.append(head)
                self.head = nil
            } else if try scanner!.append(upTo: input.chunkSize, reading: { (room) throws(ReadProblem) in try input.fill(room) }) == 0 {
                scanner!.finishInput()
            }
        case .documentType:
            try readWithExpatFromTheStart()
        case .finished:
            return false
        }
        return true
    }

    private func readWithExpatFromTheStart() throws(ReadProblem) {
        assembler.builder.forgetTheRoot()
        scanner = nil
        try input.rewind(to: 0)
        head = try Self.head(of: input)
    }

    /// The first chunks of `input`, up to `declarationLength` bytes or more: expat is given them
    /// as one, so that what it says of the start of a file does not depend on the chunk size.
    private static func head(of input: ByteInput) throws(ReadProblem) -> [UInt8] {
        var head: [UInt8] = []
        var piece: [UInt8] = []
        while head.count < declarationLength, try input.readChunk(into: &piece) {
            head += piece
        }
        return head
    }

    /// Feeds expat the next chunk of the file, the head first; an empty chunk ends the document.
    private func parseNextChunk() throws(ReadProblem) {
        if let head {
            chunk = head
            self.head = nil
        } else {
            _ = try input.readChunk(into: &chunk)
        }
        let isFinal = chunk.isEmpty
        guard let transcoder else {
            return try parser.parse(chunk[...], isFinal: isFinal)
        }
        transcoded.removeAll(keepingCapacity: true)
        do {
            try transcoder.convert(chunk, isFinal: isFinal, into: &transcoded)
        } catch {
            // The bytes before the bad ones are parsed first, as the whole document, so that their
            // rows, or an earlier XML error, come out whatever the chunk boundaries (expat may
            // otherwise wait for more bytes before it looks at a tag cut by a chunk's end).
            untranscodable = error
        }
        try parser.parse(transcoded[...], isFinal: isFinal || untranscodable != nil)
    }
}

/// How the bytes of a return are decoded, decided from the start of the file.
private struct Decoding {
    /// The encoding as reports show it.
    let name: String
    let expatInput: ExpatInputEncoding
    /// The encoding iconv converts to UTF-8 before expat sees the bytes, for those expat does not know.
    let transcodedFrom: String?

    /// Read as GB18030, which holds them both and which is what Windows writes under their names.
    private static let gbNames: Set = ["GB2312", "GBK", "GB18030"]
    /// Declared names read as UTF-8. UTF-16 is among them because a UTF-16 file starts with a BOM
    /// or a zero byte, which `init(sniffing:)` has ruled out: such a declaration over 8-bit text is
    /// the well-known slip of .NET's `StringWriter`, and the text is UTF-8.
    private static let utf8Names: Set = ["UTF-8", "UTF8", "UTF-16"]
    /// Encodings expat reads itself, by the names they are declared under.
    private static let expatNames: [String: ExpatInputEncoding] = [
        "US-ASCII": .ascii, "ASCII": .ascii, "ISO-8859-1": .latin1, "ISO8859-1": .latin1, "LATIN1": .latin1,
    ]

    private init(_ input: ExpatInputEncoding) {
        name = input.rawValue
        expatInput = input
        transcodedFrom = nil
    }

    private init(transcoding name: String, from iconvName: String) {
        self.name = name
        expatInput = .utf8
        transcodedFrom = iconvName
    }

    /// Decides by a byte order mark, else by UTF-16's way of writing `<?`, else by the encoding the
    /// XML declaration names (UTF-8 when it names none); whether iconv knows that name is found out
    /// when the transcoder is made.
    init(sniffing head: [UInt8]) {
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0x3C, 0x00, 0x3F, 0x00]) {
            self.init(.utf16LE)
        } else if head.starts(with: [0xFE, 0xFF]) || head.starts(with: [0x00, 0x3C, 0x00, 0x3F]) {
            self.init(.utf16BE)
        } else if head.starts(with: [0xEF, 0xBB, 0xBF]) {
            self.init(.utf8)
        } else {
            let declaration = String(decoding: head.prefix { $0 != UInt8(ascii: ">") }, as: UTF8.self)
            guard declaration.hasPrefix("<?xml"),
                  let match = declaration.firstMatch(of: /\sencoding\s*=\s*["']([^"']*)["']/) else {
                self.init(.utf8)
                return
            }
            let declared = String(match.1)
            let normalised = declared.uppercased()
            if Self.utf8Names.contains(normalised) {
                self.init(.utf8)
            } else if let input = Self.expatNames[normalised] {
                self.init(input)
            } else {
                self.init(transcoding: normalised, from: Self.gbNames.contains(normalised) ? "GB18030" : declared)
            }
        }
    }
}

/// Field keys as UTF-8, so that an element's name is matched without making a `String` of it.
private struct FieldKeys {
    /// The keys one after another, and where each ends.
    private let bytes: [UInt8]
    private let ends: [Int]

    init(_ keys: [String]) {
        var bytes: [UInt8] = []
        var ends: [Int] = []
        for key in keys {
            bytes += key.utf8
            ends.append(bytes.count)
        }
        self.bytes = bytes
        self.ends = ends
    }

    var count: Int { ends.count }

    /// The field `name` names, looked for first right after the field before it: a unit's
    /// elements mostly come in field order.
    func field(named name: UnsafeBufferPointer<UInt8>, after previous: Int) -> Int? {
        bytes.withUnsafeBufferPointer { bytes in
            func isKey(_ field: Int) -> Bool {
                let start = field == 0 ? 0 : ends[field - 1]
                return ends[field] - start == name.count && sameBytes(bytes.baseAddress! + start, name.baseAddress!, name.count)
            }
            let next = previous + 1
            return next < ends.count && isKey(next) ? next : ends.indices.first(where: isKey)
        }
    }
}

/// Holds the `RowBuilder` of an `XMLReturnReader` and hands it expat's events, suspending expat
/// where the builder says to pause; `XMLScanner` is handed the builder itself.
///
/// A return has a score of events in every row, so the builder's exclusivity is checked by hand
/// rather than at run time on each event: events come only while the reader is in
/// `ExpatParser.parse` or `resume` or in `XMLScanner.scan`, and the reader touches the builder
/// only between them.
private final class RowAssembler: ExpatParserDelegate {
    @exclusivity(unchecked) var builder = RowBuilder()

    func parser(_ parser: ExpatParser, didStartElement name: XMLName, attributes: XMLAttributes) throws(ReadProblem) {
        let utf8 = UnsafeBufferPointer(start: UnsafeRawPointer(name.cString).assumingMemoryBound(to: UInt8.self), count: name.byteCount)
        if try builder.startElement(named: utf8, attributes, at: parser) { parser.suspend() }
    }

    func parserDidEndElement(_ parser: ExpatParser) throws(ReadProblem) {
        if try builder.end() { parser.suspend() }
    }

    func parser(_ parser: ExpatParser, foundCharacters utf8: UnsafeBufferPointer<UInt8>) throws(ReadProblem) {
        try builder.text(utf8, at: parser)
    }
}

/// Builds the root type and the rows from expat's events, checking the shape of a return and
/// the limits that keep a hostile file from making memory grow.
///
/// A field or row over its size limit is not refused at once: its content stops being kept and the
/// refusal waits for the row's end tag. When entity expansion is what made it grow, expat's
/// amplification limit stops the parse first, and the clerk is told the real cause.
private struct RowBuilder {
    private static let maxDepth = 32
    private static let maxFieldBytes = 1 << 20
    /// Counted as the UTF-8 of each element's name and text plus `elementBytes`, so that many
    /// empty elements count too.
    private static let maxRowBytes = 4 << 20
    /// What one child element of a row counts towards `maxRowBytes` besides its name and text:
    /// the size of its name and text as two `String`s and a flag.
    private static let elementBytes = 40

    private(set) var sawRoot = false
    private(set) var rootType: String?
    var keys = FieldKeys([]) {
        didSet {
            rowOfField = Array(repeating: 0, count: keys.count)
            fieldRanges = Array(repeating: 0..<0, count: keys.count)
        }
    }
    /// The row finished before the reader paused; there is never more than one.
    private var finishedRow: XMLRow?
    /// 1 inside `<return>`, 2 inside a `<row>`, 3 inside a field, more inside a field's children.
    private var depth = 0
    private var row = XMLRow(row: SourceRow(number: 0, cells: []))
    /// Counts the rows, so that `rowOfField` needs no clearing between them.
    private var rowSerial = 0
    /// For each field, the serial of the last row that had an element for it.
    private var rowOfField: [Int] = []
    private var rowBytes = 0
    /// The text of the row's fields, one after another, and where each field's lies in it: the
    /// row's cells are made from them once, at its end tag. A field's range counts only where
    /// `rowOfField` says the row has an element for it, so the ranges need no clearing either.
    /// The element being read has its text at the end, from `fieldStart`, until its end tag says
    /// whether it is kept.
    private var rowText: [UInt8] = []
    private var fieldRanges: [Range<Int>] = []
    /// The limit the current row has gone over, in bytes.
    private var exceededLimit: Int?
    /// Unknown elements the file has had so far.
    private var unknownNames: Set<String> = []
    /// The field of the last field element of the row, -1 before the first.
    private var previousField = -1
    /// The field of the element being read, nil for an unknown element.
    private var field: Int?
    private var fieldNameBytes = 0
    private var fieldStart = 0
    private var fieldHasChildElements = false

    /// Forgets a root element that was started but not read, for a document read again from its start.
    mutating func forgetTheRoot() {
        depth = 0
    }

    mutating func takeRow() -> XMLRow? {
        defer { finishedRow = nil }
        return finishedRow
    }

    /// A start tag at `position`.
    ///
    /// - Returns: true after the root's, so that the reader can bind the fields before any row.
    mutating func startElement<Position: XMLPosition>(named name: UnsafeBufferPointer<UInt8>, _ attributes: some XMLAttributeValues,
                                                      at position: Position) throws(ReadProblem) -> Bool {
        depth += 1
        switch depth {
        case 1:
            guard isLiteral(name, "return") else { throw .unexpectedXMLRoot(String(decoding: name, as: UTF8.self)) }
            sawRoot = true
            rootType = attributes.utf8("type").map { String(decoding: $0, as: UTF8.self) }
            return true
        case 2:
            guard isLiteral(name, "row") else {
                throw .misplacedXML(line: position.line, column: position.column, .element(String(decoding: name, as: UTF8.self)))
            }
            row = XMLRow(row: SourceRow(number: position.line, cells: RowCells()))
            rowText.removeAll(keepingCapacity: true)
            rowSerial += 1
            previousField = -1
            rowBytes = 0
            exceededLimit = nil
        case 3:
            startField(named: name)
        case ...Self.maxDepth:
            fieldHasChildElements = true
        default:
            throw .tooDeep(levels: Self.maxDepth)
        }
        return false
    }

    /// The end of the innermost open element.
    ///
    /// - Returns: true at a row's end, when the row is ready for `takeRow()`.
    mutating func end() throws(ReadProblem) -> Bool {
        defer { depth -= 1 }
        switch depth {
        case 2:
            if let exceededLimit { throw .tooLarge(limit: "\(exceededLimit >> 20) MiB") }
            row.row.cells = rowText.withUnsafeBufferPointer { text in
                var cells = RowCells()
                cells.reserveCapacity(bytes: text.count, cells: fieldRanges.count)
                for field in fieldRanges.indices {
                    let range = rowOfField[field] == rowSerial ? fieldRanges[field] : 0..<0
                    cells.append(utf8: UnsafeBufferPointer(rebasing: text[range]))
                }
                return cells
            }
            finishedRow = row
            return true
        case 3:
            keepField()
        default:
            break
        }
        return false
    }

    /// Reads a row's field written the plainest way, `<name>text</name>` or `<name/>`, as its
    /// events would, but at once: a return is mostly these.
    mutating func shortcut(_ utf8: UnsafeBufferPointer<UInt8>) -> Int? {
        guard depth == 2 else { return nil }
        var markup = PlainMarkup(utf8)
        guard markup.read("<"), let name = markup.name() else { return nil }
        if markup.read("/>") {
            startField(named: name)
        } else {
            guard markup.read(">"), let text = markup.text(), markup.read("</"), markup.read(name), markup.read(">") else { return nil }
            startField(named: name)
            keepText(text)
        }
        keepField()
        return markup.offset
    }

    /// Character data starting at `position`.
    mutating func text<Position: XMLPosition>(_ utf8: UnsafeBufferPointer<UInt8>, at position: Position) throws(ReadProblem) {
        if depth >= 3 {
            keepText(utf8)
        } else if let stray = utf8.firstIndex(where: { !Self.isWhiteSpace($0) }) {
            var (line, column) = (position.line, position.column)
            for byte in utf8[..<stray] {
                (line, column) = byte == UInt8(ascii: "\n") ? (line + 1, 1) : (line, column + 1)
            }
            throw .misplacedXML(line: line, column: column, depth == 1 ? .textInReturn : .textInRow)
        }
    }

    /// Starts reading the element `name` of a row.
    private mutating func startField(named name: UnsafeBufferPointer<UInt8>) {
        field = keys.field(named: name, after: previousField)
        if let field {
            previousField = field
        } else {
            let unknown = String(decoding: name, as: UTF8.self)
            if unknownNames.insert(unknown).inserted { row.unknownElements.append(unknown) }
        }
        fieldNameBytes = name.count
        fieldStart = rowText.count
        fieldHasChildElements = false
    }

    /// Keeps the text of the field being read, up to its limit.
    private mutating func keepText(_ utf8: UnsafeBufferPointer<UInt8>) {
        guard exceededLimit == nil else { return }
        guard rowText.count - fieldStart + utf8.count <= Self.maxFieldBytes else {
            exceededLimit = Self.maxFieldBytes
            return
        }
        rowText.append(contentsOf: utf8)
    }

    private mutating func keepField() {
        guard exceededLimit == nil else { return }
        let textBytes = rowText.count - fieldStart
        rowBytes += fieldNameBytes + textBytes + Self.elementBytes
        guard rowBytes <= Self.maxRowBytes else {
            exceededLimit = Self.maxRowBytes
            return
        }
        if let field, rowOfField[field] != rowSerial {
            rowOfField[field] = rowSerial
            fieldRanges[field] = fieldStart..<rowText.count
            if fieldHasChildElements { row.row.structuredCells.append(field) }
            return
        }
        if let field {
            let text = String(decoding: rowText[fieldStart...], as: UTF8.self)
            row.repeatedFields.append(XMLRow.RepeatedField(field: field, text: text))
        }
        rowText.removeLast(textBytes)
    }

    /// XML's white space: between elements it is layout, not content.
    private static func isWhiteSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }
}

extension RowBuilder: XMLScanEvents {
    mutating func start(_ name: ScannedName, _ attributes: ScannedAttributes, at position: ScannedPosition) throws(ReadProblem) -> Bool {
        try startElement(named: name.utf8, attributes, at: position)
    }

    mutating func characters(_ utf8: UnsafeBufferPointer<UInt8>, at position: ScannedPosition) throws(ReadProblem) {
        try text(utf8, at: position)
    }
}
