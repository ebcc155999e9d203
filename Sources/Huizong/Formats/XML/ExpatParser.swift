#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
private import CExpat

/// The encoding of the bytes an `ExpatParser` is fed.
///
/// It is given to expat up front rather than left to the document's declaration: expat knows no GB
/// encodings, so GB returns reach it transcoded to UTF-8 while still declaring GB2312, and a byte
/// order mark fixes the encoding whatever the declaration says.
enum ExpatInputEncoding: String, Sendable {
    case utf8 = "UTF-8"
    case utf16LE = "UTF-16LE"
    case utf16BE = "UTF-16BE"
    case ascii = "US-ASCII"
    case latin1 = "ISO-8859-1"

    /// True when `bytes` begin with a sequence that is not valid in this encoding, or stop inside one.
    fileprivate func beginsWithInvalidSequence(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard !bytes.isEmpty else { return false }
        switch self {
        case .utf8:
            return Self.beginsWithInvalidSequence(Unicode.UTF8.ForwardParser(), bytes)
        case .utf16LE, .utf16BE:
            let units = stride(from: 0, to: bytes.count - 1, by: 2).lazy.map { index in
                let (first, second) = (UInt16(bytes[index]), UInt16(bytes[index + 1]))
                return self == .utf16LE ? first | second << 8 : first << 8 | second
            }
            return Self.beginsWithInvalidSequence(Unicode.UTF16.ForwardParser(), units)
        case .ascii:
            return bytes[0] >= 0x80
        case .latin1:
            return false
        }
    }

    private static func beginsWithInvalidSequence<Parser: Unicode.Parser>(
        _ parser: Parser, _ units: some Sequence<Parser.Encoding.CodeUnit>
    ) -> Bool {
        var parser = parser
        var iterator = units.makeIterator()
        if case .valid = parser.parseScalar(from: &iterator) { return false }
        return true
    }
}

/// Receives what an `ExpatParser` finds, in document order.
///
/// A method that throws stops the parser: the `parse` or `resume` call under way throws the same
/// problem, and no further method is called.
protocol ExpatParserDelegate: AnyObject {
    /// A start tag or an empty-element tag. Attribute values have their entities resolved.
    func parser(_ parser: ExpatParser, didStartElement name: XMLName, attributes: XMLAttributes) throws(ReadProblem)

    /// The end of the innermost open element; expat has already checked that its name matches.
    func parserDidEndElement(_ parser: ExpatParser) throws(ReadProblem)

    /// Character data as UTF-8: entities resolved, CDATA sections included, line ends turned into
    /// LF. One run of text may arrive in several pieces; the buffer is valid during the call only.
    func parser(_ parser: ExpatParser, foundCharacters utf8: UnsafeBufferPointer<UInt8>) throws(ReadProblem)
}

/// An element's name as expat gives it, compared without making a `String` of it: a sheet has
/// millions of start tags and a return a score of elements in every row, each compared with a name
/// or two. Valid during the delegate call only.
struct XMLName {
    /// The name's UTF-8, NUL-terminated, with any namespace prefix (`x:row`).
    let cString: UnsafePointer<CChar>

    /// The name as written, with any namespace prefix.
    var string: String { String(cString: cString) }

    /// The length of the name's UTF-8.
    var byteCount: Int { strlen(cString) }

    /// True when the name is `key`, a NUL-terminated UTF-8 string.
    func isNamed(_ key: UnsafePointer<CChar>) -> Bool {
        strcmp(cString, key) == 0
    }

    static func == (name: XMLName, literal: StaticString) -> Bool {
        name.isNamed(UnsafeRawPointer(literal.utf8Start).assumingMemoryBound(to: CChar.self))
    }

    /// True when the name without its namespace prefix is `localName`: a writer that prefixes the
    /// SpreadsheetML namespace (`<x:row>`, as the Open XML SDK does) means the same elements.
    func hasLocalName(_ localName: StaticString) -> Bool {
        let local = strrchr(cString, Int32(UInt8(ascii: ":"))).map { UnsafePointer($0 + 1) } ?? cString
        return localName.withUTF8Buffer { isCString(local, equalTo: $0) }
    }
}

/// True when the null-terminated `cString` holds exactly `bytes`, which hold no null.
private func isCString(_ cString: UnsafePointer<CChar>, equalTo bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    for (index, byte) in bytes.enumerated() where UInt8(bitPattern: cString[index]) != byte {
        return false
    }
    return cString[bytes.count] == 0
}

/// The attributes of a start tag, read straight from expat's array when asked for: no dictionary
/// is built for the many elements whose attributes nobody reads. Valid during the delegate call
/// only; a delegate takes the values it needs and keeps nothing else.
struct XMLAttributes {
    /// Name, value, name, value, …, then a null.
    fileprivate let pairs: UnsafeMutablePointer<UnsafePointer<CChar>?>

    /// The value of the attribute named `name`, entities resolved.
    subscript(name: String) -> String? {
        name.withCString { wanted in
            first { strcmp($0, wanted) == 0 }
        }
    }

    /// The UTF-8 of the attribute named `name`, entities resolved, without making a `String` of it:
    /// for the attributes of a sheet's many cells.
    func utf8(_ name: StaticString) -> UnsafeBufferPointer<UInt8>? {
        var pair = pairs
        while let key = pair[0], let value = pair[1] {
            if name.withUTF8Buffer({ isCString(key, equalTo: $0) }) {
                return UnsafeBufferPointer(start: UnsafeRawPointer(value).assumingMemoryBound(to: UInt8.self), count: strlen(value))
            }
            pair += 2
        }
        return nil
    }

    /// The value of the attribute whose name is `localName` with any namespace prefix (`r:id`).
    func prefixed(_ localName: String) -> String? {
        first { key in
            let name = String(cString: key)
            return name.contains(":") && name.localXMLName == localName
        }
    }

    private func first(where matches: (UnsafePointer<CChar>) -> Bool) -> String? {
        var pair = pairs
        while let key = pair[0], let value = pair[1] {
            if matches(key) { return String(cString: value) }
            pair += 2
        }
        return nil
    }
}

/// A push parser over libexpat: it is fed a document in chunks and calls its delegate as it goes.
///
/// This is the only file that imports expat. Each C callback forwards to Swift through expat's
/// user-data pointer, and every expat error becomes a `ReadProblem` before it leaves this file.
///
/// Safety against hostile documents: external entities and external DTDs are refused and never
/// loaded; entity expansion is bounded by expat's amplification limit, which stops a billion-laughs
/// document with its error 43; and an incomplete token (a tag, comment or attribute value, which
/// expat must hold whole) may not grow beyond `maxPendingBytes`.
final class ExpatParser {
    /// The most bytes expat may hold for one incomplete token before the document is refused.
    private static let maxPendingBytes = 1 << 20

    private let handle: XML_Parser
    private let delegate: any ExpatParserDelegate
    private let inputEncoding: ExpatInputEncoding
    /// The first problem found; once set the parser is stopped and throws it again when called.
    ///
    /// This and `sawElement` are read or set on every event, so their exclusivity is checked by
    /// hand rather than at run time: expat calls back only from within `parse` and `resume`, on
    /// their thread, and nothing else touches them meanwhile.
    @exclusivity(unchecked) private var problem: ReadProblem?
    @exclusivity(unchecked) private var sawElement = false
    private var fedByteCount = 0

    /// - Parameters:
    ///   - encoding: the encoding of every byte that will be fed, BOM included.
    ///   - delegate: receives the events; held strongly, so it must not hold the parser.
    init(encoding: ExpatInputEncoding, delegate: any ExpatParserDelegate) {
        guard let handle = XML_ParserCreate(encoding.rawValue) else {
            fatalError("libexpat could not allocate a parser")
        }
        self.handle = handle
        self.delegate = delegate
        inputEncoding = encoding
        // Unretained: expat calls back only from within `parse` and `resume`, while self is alive,
        // and the expat parser is freed with self.
        XML_SetUserData(handle, Unmanaged.passUnretained(self).toOpaque())
        // Parameter entities and the external DTD subset are never read; declaring an external
        // entity or DTD at all is refused, so no reference to one can pass unnoticed.
        XML_SetParamEntityParsing(handle, XML_PARAM_ENTITY_PARSING_NEVER)
        XML_SetStartDoctypeDeclHandler(handle) { userData, _, systemID, _, _ in
            if systemID != nil { ExpatParser.with(userData) { $0.refuseExternalEntity() } }
        }
        XML_SetEntityDeclHandler(handle) { userData, _, _, _, _, _, systemID, _, _ in
            if systemID != nil { ExpatParser.with(userData) { $0.refuseExternalEntity() } }
        }
        XML_SetElementHandler(handle, { userData, name, attributes in
            ExpatParser.with(userData) { $0.startElement(name!, attributes!) }
        }, { userData, _ in
            ExpatParser.with(userData) { $0.endElement() }
        })
        XML_SetCharacterDataHandler(handle) { userData, text, length in
            text!.withMemoryRebound(to: UInt8.self, capacity: Int(length)) { bytes in
                ExpatParser.with(userData) { $0.characters(UnsafeBufferPointer(start: bytes, count: Int(length))) }
            }
        }
    }

    deinit {
        XML_ParserFree(handle)
    }

    /// The line of the current event, from 1.
    var line: Int { Int(XML_GetCurrentLineNumber(handle)) }

    /// The column of the current event in characters, from 1 as editors count it (expat counts from 0).
    var column: Int { Int(XML_GetCurrentColumnNumber(handle)) + 1 }

    /// True after a delegate method called `suspend()`, until `resume()`.
    var isSuspended: Bool { parsingStatus.parsing == XML_SUSPENDED }

    /// True once the final chunk has been parsed to its end.
    var isFinished: Bool { parsingStatus.parsing == XML_FINISHED }

    /// Parses the next bytes of the document.
    ///
    /// - Parameters:
    ///   - bytes: the next bytes; a chunk may end anywhere, even inside a character.
    ///   - isFinal: true with the last bytes (which may be none): expat then checks that the
    ///     document is complete.
    /// - Throws: the problem a delegate method threw, or expat's error as a `ReadProblem`.
    func parse(_ bytes: ArraySlice<UInt8>, isFinal: Bool) throws(ReadProblem) {
        if let problem { throw problem }
        fedByteCount += bytes.count
        let status = bytes.withUnsafeBytes { buffer in
            XML_Parse(handle, buffer.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(buffer.count), isFinal ? 1 : 0)
        }
        try check(status)
    }

    /// Pauses the parser once the current delegate method returns, so that `parse` or `resume`
    /// returns with the rest of its bytes kept for `resume`. Call it from a delegate method only.
    ///
    /// The end of an empty-element tag suspended at its start is still reported before the pause.
    func suspend() {
        XML_StopParser(handle, 1)
    }

    /// Continues a suspended parse with the bytes it kept.
    ///
    /// - Throws: as `parse`.
    func resume() throws(ReadProblem) {
        if let problem { throw problem }
        try check(XML_ResumeParser(handle))
    }

    private var parsingStatus: XML_ParsingStatus {
        var status = XML_ParsingStatus()
        XML_GetParsingStatus(handle, &status)
        return status
    }

    private func check(_ status: XML_Status) throws(ReadProblem) {
        if problem == nil {
            if status == XML_STATUS_ERROR {
                problem = expatProblem()
            } else if status == XML_STATUS_OK, !isFinished,
                      fedByteCount - Int(XML_GetCurrentByteIndex(handle)) > Self.maxPendingBytes {
                problem = .tooLarge(limit: "\(Self.maxPendingBytes >> 20) MiB")
            }
        }
        if let problem { throw problem }
    }

    /// The `ReadProblem` for expat's error, positioned where expat stopped.
    private func expatProblem() -> ReadProblem {
        let code = XML_GetErrorCode(handle)
        if code == XML_ERROR_AMPLIFICATION_LIMIT_BREACH {
            return .entityAmplification(line: line)
        }
        if code == XML_ERROR_NO_ELEMENTS, !sawElement {
            return .empty
        }
        if invalidBytesAtError {
            return .invalidBytes(encoding: inputEncoding.rawValue, offset: Int(XML_GetCurrentByteIndex(handle)))
        }
        return .malformedXML(line: line, column: column, reason: String(cString: XML_ErrorString(code)))
    }

    /// True when the document given as final ended too early: a token, a character, a CDATA
    /// section or the root element left open.
    var endedEarly: Bool {
        let code = XML_GetErrorCode(handle)
        return code == XML_ERROR_NO_ELEMENTS || code == XML_ERROR_UNCLOSED_TOKEN || code == XML_ERROR_PARTIAL_CHAR
            || code == XML_ERROR_UNCLOSED_CDATA_SECTION
    }

    /// True when the bytes where expat stopped are not valid in the input encoding. Expat calls
    /// them an invalid token or a partial character, but for the clerk they are an encoding
    /// problem, not an XML one.
    private var invalidBytesAtError: Bool {
        var offset: Int32 = 0
        var size: Int32 = 0
        guard let buffer = XML_GetInputContext(handle, &offset, &size) else { return false }
        let rest = UnsafeRawBufferPointer(start: buffer + Int(offset), count: Int(size - offset))
        return inputEncoding.beginsWithInvalidSequence(rest)
    }

    private func refuseExternalEntity() {
        deliver { () throws(ReadProblem) in throw .externalEntity(line: line) }
    }

    private func startElement(_ name: UnsafePointer<CChar>, _ attributes: UnsafeMutablePointer<UnsafePointer<CChar>?>) {
        sawElement = true
        deliver { () throws(ReadProblem) in
            try delegate.parser(self, didStartElement: XMLName(cString: name), attributes: XMLAttributes(pairs: attributes))
        }
    }

    private func endElement() {
        deliver { () throws(ReadProblem) in try delegate.parserDidEndElement(self) }
    }

    private func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        deliver { () throws(ReadProblem) in try delegate.parser(self, foundCharacters: bytes) }
    }

    /// Runs a delegate method unless the parser is already stopping; a thrown problem stops it.
    private func deliver(_ event: () throws(ReadProblem) -> Void) {
        guard problem == nil else { return }
        do throws(ReadProblem) {
            try event()
        } catch {
            problem = error
            XML_StopParser(handle, 0)
        }
    }

    /// Runs `body` on the parser `userData` points to, without retaining it for each event:
    /// expat calls back only from within `parse` and `resume`, while the parser is alive.
    private static func with(_ userData: UnsafeMutableRawPointer?, _ body: (ExpatParser) -> Void) {
        Unmanaged<ExpatParser>.fromOpaque(userData!)._withUnsafeGuaranteedRef(body)
    }
}
