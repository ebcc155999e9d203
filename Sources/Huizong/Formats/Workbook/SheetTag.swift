/// An element's name that can be asked for its local name: `XMLName` from expat, `SheetTagName`
/// from the sheet scanner.
protocol LocallyNamed {
    /// True when the name without its namespace prefix is `localName`: a writer that prefixes the
    /// SpreadsheetML namespace (`<x:row>`, as the Open XML SDK does) means the same elements.
    func hasLocalName(_ localName: StaticString) -> Bool
}

extension XMLName: LocallyNamed {}

/// The name of a start tag as `SheetXMLScanner` found it, with any namespace prefix, compared
/// without making a `String` of it. Valid during the builder's call only.
struct SheetTagName: LocallyNamed {
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

/// Where one attribute of a start tag lies in the scanner's bytes.
struct SheetTagAttributeSpan {
    var nameStart: Int
    var nameEnd: Int
    var valueStart: Int
    var valueEnd: Int
    /// True when the value holds a reference or a white-space character that must be replaced.
    var needsDecoding: Bool
}

/// The attributes of a start tag as `SheetXMLScanner` found them, values with their references
/// resolved and white space normalised as XML says. Valid during the builder's call only.
struct SheetTagAttributes {
    let bytes: UnsafePointer<UInt8>
    let spans: UnsafeBufferPointer<SheetTagAttributeSpan>

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
