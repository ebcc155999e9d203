import Foundation

/// The sheets of content.xml: each `<table:table>` of `<office:spreadsheet>` in order, with its
/// `table:name`, hidden when its table style says `table:display="false"`.
///
/// Only the first four levels of elements hold these, so content.xml is scanned by its bytes for
/// them (`ODSOutlineScanner`), and only the start tags of table styles and sheets are parsed, with
/// expat: the sheets' rows below them cost an inflating and a byte scan, not a second parse. Table styles are read from
/// content.xml's automatic styles, where LibreOffice, Excel and odfpy put them; a sheet whose
/// style is not there is visible.
struct ODSSheetList {
    private struct Table {
        let name: String
        let styleName: String?
    }

    /// True when content.xml holds `<office:spreadsheet>`: the document is a spreadsheet.
    private(set) var isSpreadsheet = false
    /// The local names of the open elements of the first four levels.
    private var path: [Substring] = []
    private var tables: [Table] = []
    private var hiddenStyles: Set<String> = []
    /// The table style being read, if any.
    private var tableStyle: String?

    /// Scans content.xml of `archive`.
    ///
    /// - Throws: as `WorkbookArchive.read(_:maxBytes:into:)`; `.corruptWorkbook` when content.xml
    ///   is empty, ends before its root element, has a document type declaration or a malformed start tag in its first
    ///   levels; `.tooLarge` for a tag over 1 MiB.
    init(reading archive: WorkbookArchive) throws(ReadProblem) {
        var scanner = ODSOutlineScanner(maxDepth: 4)
        let stream = PartStream("content.xml", of: archive, maxBytes: archive.limits.totalBytes)
        defer { stream.cancelAndWait() }
        var chunk: [UInt8] = []
        while try stream.next(into: &chunk) {
            try scanner.scan(chunk) { (tag, depth) throws(ReadProblem) in try add(tag, depth: depth) }
        }
        try scanner.finish("content.xml")
    }

    /// The sheets in the workbook's order.
    var sheets: [WorkbookSheet] {
        tables.map { WorkbookSheet(name: $0.name, isHidden: $0.styleName.map(hiddenStyles.contains) ?? false) }
    }

    /// Takes in a start tag at `depth`, its attributes parsed only where they are read.
    private mutating func add(_ tag: UnsafeBufferPointer<UInt8>, depth: Int) throws(ReadProblem) {
        let name = tag.dropFirst().prefix { !Self.endsName($0) }
        let localName = Substring(decoding: name.split(separator: UInt8(ascii: ":")).last ?? name[...], as: UTF8.self)
        path.removeSubrange(min(depth - 1, path.count)...)
        if depth <= 3 { tableStyle = nil }
        switch (path.count > 1 ? path[1] : "", depth, localName) {
        case ("automatic-styles", 3, "style"):
            let attributes = try StartTag(tag).attributes
            tableStyle = attributes["style:family"] == "table" ? attributes["style:name"] : nil
        case ("automatic-styles", 4, "table-properties"):
            if let tableStyle, path[2] == "style", try StartTag(tag).attributes["table:display"] == "false" {
                hiddenStyles.insert(tableStyle)
            }
        case ("body", 3, "spreadsheet"):
            isSpreadsheet = true
        case ("body", 4, "table"):
            if path[2] == "spreadsheet" {
                let attributes = try StartTag(tag).attributes
                tables.append(Table(name: attributes["table:name"] ?? "", styleName: attributes["table:style-name"]))
            }
        default:
            break
        }
        path.append(localName)
    }

    /// True for the bytes that end an element's name in its tag: white space, `/` and `>`.
    private static func endsName(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">")
    }
}

/// The attributes `ODSSheetList` reads of one start tag, parsed alone with expat as an empty
/// element.
private final class StartTag: ExpatParserDelegate {
    private static let read = ["style:family", "style:name", "table:display", "table:name", "table:style-name"]

    private(set) var attributes: [String: String] = [:]

    /// - Parameter tag: the tag from `<` to `>`.
    init(_ tag: UnsafeBufferPointer<UInt8>) throws(ReadProblem) {
        var document = Array(tag)
        if document.count >= 2, document[document.count - 2] != UInt8(ascii: "/") {
            document.insert(UInt8(ascii: "/"), at: document.count - 1)
        }
        do throws(ReadProblem) {
            try ExpatParser(encoding: .utf8, delegate: self).parse(document[...], isFinal: true)
        } catch {
            throw .corruptWorkbook(reason: "content.xml has a malformed tag \(String(decoding: tag.prefix(200), as: UTF8.self))")
        }
    }

    func parser(_ parser: ExpatParser, didStartElement name: XMLName, attributes: XMLAttributes) throws(ReadProblem) {
        for key in Self.read {
            self.attributes[key] = attributes[key]
        }
    }

    func parserDidEndElement(_ parser: ExpatParser) throws(ReadProblem) {}

    func parser(_ parser: ExpatParser, foundCharacters utf8: UnsafeBufferPointer<UInt8>) throws(ReadProblem) {}
}
