/// What an `XMLScanner` hands its events to, in document order. A method that throws stops the
/// scan: `scan(into:)` throws the same problem.
protocol XMLScanEvents {
    /// A start tag or an empty-element tag, at `position`.
    ///
    /// - Returns: true when the scan is to pause after the tag, for the reader to look.
    mutating func start(_ name: ScannedName, _ attributes: ScannedAttributes, at position: ScannedPosition) throws(ReadProblem) -> Bool
    /// The end of the innermost open element, whose name the scanner has checked.
    ///
    /// - Returns: true when the scan is to pause, for the reader to take a row that is ready.
    mutating func end() throws(ReadProblem) -> Bool
    /// Character data, references resolved, starting at `position`; one run of text may come in
    /// several pieces.
    mutating func characters(_ utf8: UnsafeBufferPointer<UInt8>, at position: ScannedPosition) throws(ReadProblem)
    /// Offers the bytes from a start tag's `<` to the end of those held, for the receiver to read
    /// at once an element it meets over and over, written the plainest way (`PlainMarkup`), in
    /// place of the events of its tags and text.
    ///
    /// - Returns: how many bytes it read, the whole element; nil to have the scanner read them.
    mutating func shortcut(_ utf8: UnsafeBufferPointer<UInt8>) throws(ReadProblem) -> Int?
}

extension XMLScanEvents {
    /// Most receivers take every event.
    mutating func shortcut(_: UnsafeBufferPointer<UInt8>) throws(ReadProblem) -> Int? { nil }
}

/// Where an event starts, as editors count: expat's parser, and `ScannedPosition`.
protocol XMLPosition {
    /// The line, from 1.
    var line: Int { get }
    /// The column in characters, from 1.
    var column: Int { get }
}

extension ExpatParser: XMLPosition {}

/// The attributes of a start tag, read by qualified name: expat's `XMLAttributes`, and
/// `ScannedAttributes`.
protocol XMLAttributeValues {
    /// The UTF-8 of the value of the attribute named `name`, references resolved.
    func utf8(_ name: StaticString) -> UnsafeBufferPointer<UInt8>?
}

extension XMLAttributes: XMLAttributeValues {}

/// Where an event of `XMLScanner` starts. Its column is counted only when asked for, which is only
/// for a problem: on a sheet written as one line, counting it for every tag would read the line
/// again and again. Valid during the receiver's call only.
struct ScannedPosition: XMLPosition {
    let line: Int
    /// The first byte held of the event's line, and the characters of the line before it.
    let lineStart: UnsafePointer<UInt8>
    let columnsBefore: Int
    /// The event's first byte.
    let byte: UnsafePointer<UInt8>

    var column: Int {
        columnsBefore + utf8CharacterCount(UnsafeBufferPointer(start: lineStart, count: byte - lineStart)) + 1
    }
}

/// The characters that `utf8` encodes: its bytes that do not continue a character, counted eight at
/// a time, since the line a sheet's rows stand on is often the whole part.
func utf8CharacterCount(_ utf8: UnsafeBufferPointer<UInt8>) -> Int {
    guard let start = utf8.baseAddress else { return 0 }
    let bytes = UnsafeRawPointer(start)
    var index = 0
    var continuing = 0
    while index + 8 <= utf8.count {
        let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        continuing += (word & ~(word << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
        index += 8
    }
    while index < utf8.count {
        if start[index] & 0xC0 == 0x80 { continuing += 1 }
        index += 1
    }
    return utf8.count - continuing
}

/// An element's name that can be asked for its local name: `XMLName` from expat, `ScannedName`
/// from `XMLScanner`.
protocol LocallyNamed {
    /// True when the name without its namespace prefix is `localName`: a writer that prefixes the
    /// SpreadsheetML namespace (`<x:row>`, as the Open XML SDK does) means the same elements.
    func hasLocalName(_ localName: StaticString) -> Bool
}

extension XMLName: LocallyNamed {}

/// The name of a start tag as `XMLScanner` found it, with any namespace prefix, compared
/// without making a `String` of it. Valid during the builder's call only.
struct ScannedName: LocallyNamed {
    let utf8: UnsafeBufferPointer<UInt8>

    /// The name as written, for messages.
    var string: String { String(decoding: utf8, as: UTF8.self) }

    func hasLocalName(_ localName: StaticString) -> Bool {
        let count = localName.utf8CodeUnitCount
        let prefixed = utf8.count - count - 1
        guard utf8.count == count || (prefixed >= 0 && utf8[prefixed] == UInt8(ascii: ":")) else { return false }
        return sameBytes(utf8.baseAddress! + (utf8.count - count), localName.utf8Start, count)
    }
}

/// True when the `count` bytes at `a` and `b` are the same: for names of a few bytes, which a loop
/// compares sooner than a call to `memcmp`.
@inline(__always)
func sameBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    for index in 0..<count where a[index] != b[index] {
        return false
    }
    return true
}

/// True when `utf8` is `literal` byte for byte: a name or a value read in place, compared without
/// making a `String` of it.
@inline(__always)
func isLiteral(_ utf8: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
    utf8.count == literal.utf8CodeUnitCount && (utf8.isEmpty || sameBytes(utf8.baseAddress!, literal.utf8Start, utf8.count))
}

/// Where one attribute of a start tag lies in the scanner's bytes.
struct ScannedAttributeSpan {
    var nameStart: Int
    var nameEnd: Int
    var valueStart: Int
    var valueEnd: Int
    /// True when the value holds a reference or a white-space character that must be replaced.
    var needsDecoding: Bool
}

/// The attributes of a start tag as `XMLScanner` found them, values with their references
/// resolved and white space normalised as XML says. Valid during the builder's call only.
struct ScannedAttributes: XMLAttributeValues {
    let bytes: UnsafePointer<UInt8>
    let spans: UnsafeBufferPointer<ScannedAttributeSpan>

    /// The UTF-8 of the value of the attribute whose qualified name is `name` (`r`, `table:style-name`).
    func utf8(_ name: StaticString) -> UnsafeBufferPointer<UInt8>? {
        let count = name.utf8CodeUnitCount
        for span in spans where span.nameEnd - span.nameStart == count
            && sameBytes(bytes + span.nameStart, name.utf8Start, count) {
            return UnsafeBufferPointer(start: bytes + span.valueStart, count: span.valueEnd - span.valueStart)
        }
        return nil
    }
}
