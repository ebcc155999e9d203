import Foundation

/// What a workbook says about itself, read from its small parts before any sheet: its sheets and
/// where they are, its date system, its shared strings, and which cell styles show dates.
///
/// Parts are found as Excel finds them, through the package's relationships (`_rels/.rels`, then
/// the workbook's own `.rels`), so a workbook whose parts have unusual names or absolute targets
/// (openpyxl writes `/xl/worksheets/sheet1.xml`) reads like any other.
struct WorkbookStructure {
    struct Sheet: Equatable {
        let name: String
        /// The sheet's part, nil when its relationship is missing.
        let part: String?
        let isVisible: Bool
    }

    /// The worksheets in workbook order; chart sheets and macro sheets are left out.
    let sheets: [Sheet]
    let dateSystem: ExcelDateSystem
    let sharedStrings: [String]
    /// For each cell style, by the index a cell's `s` attribute gives, whether it shows a date.
    let dateStyles: [Bool]

    /// Reads the workbook part, its relationships, the shared strings and the styles.
    ///
    /// - Throws: `.corruptWorkbook` when the workbook part is missing, `.workbookTooLarge` when a
    ///   part or the shared strings exceed `archive.limits`, or a problem of the parts' XML.
    init(reading archive: WorkbookArchive) throws(ReadProblem) {
        let limits = archive.limits
        let packageLinks = try Self.relationships(of: "", in: archive)
        let workbookPart = packageLinks.first { $0.type.hasSuffix("/officeDocument") }?.target ?? "xl/workbook.xml"
        let workbook = WorkbookPartReader(maxDepth: limits.elementDepth)
        try archive.parseXML(workbookPart, maxBytes: limits.structurePartBytes, with: workbook)
        let links = try Self.relationships(of: workbookPart, in: archive)
        let linksByID = Dictionary(links.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        sheets = workbook.sheets.compactMap { sheet in
            let link = linksByID[sheet.relationshipID]
            if let link, !link.type.hasSuffix("/worksheet") { return nil }
            return Sheet(name: sheet.name, part: link?.target, isVisible: sheet.isVisible)
        }
        dateSystem = workbook.uses1904 ? .from1904 : .from1900

        if let part = links.first(where: { $0.type.hasSuffix("/sharedStrings") })?.target {
            let reader = SharedStringsReader(maxBytes: limits.sharedStringBytes, maxDepth: limits.elementDepth)
            try archive.parseXML(part, maxBytes: limits.totalBytes, with: reader)
            sharedStrings = reader.strings
        } else {
            sharedStrings = []
        }
        if let part = links.first(where: { $0.type.hasSuffix("/styles") })?.target {
            let reader = StylesReader(maxDepth: limits.elementDepth)
            try archive.parseXML(part, maxBytes: limits.structurePartBytes, with: reader)
            dateStyles = reader.cellFormatIDs.map { ExcelNumberFormat.isDate(id: $0, code: reader.customFormats[$0]) }
        } else {
            dateStyles = []
        }
    }

    /// The relationships of `part` (`""` for the package itself), from the `.rels` part beside it;
    /// none when there is no such part.
    private static func relationships(of part: String, in archive: WorkbookArchive) throws(ReadProblem) -> [Relationship] {
        let slash = part.lastIndex(of: "/")
        let folder = slash.map { String(part[...$0]) } ?? ""
        let file = slash.map { String(part[part.index(after: $0)...]) } ?? part
        let relsPart = folder + "_rels/" + file + ".rels"
        guard archive.contains(relsPart) else { return [] }
        let reader = RelationshipsReader(folder: folder)
        try archive.parseXML(relsPart, maxBytes: archive.limits.structurePartBytes, with: reader)
        return reader.relationships
    }
}

extension String {
    /// The name without its namespace prefix: a writer that prefixes the SpreadsheetML namespace
    /// (`<x:row>`, as the Open XML SDK does) means the same elements.
    var localXMLName: Substring {
        guard let colon = utf8.lastIndex(of: UInt8(ascii: ":")) else { return self[...] }
        return self[utf8.index(after: colon)...]
    }
}

/// One `<Relationship>` of a `.rels` part.
private struct Relationship {
    let id: String
    /// A URI ending in the relationship's kind, e.g. `…/relationships/worksheet`.
    let type: String
    /// The target part's name in the archive, resolved against the source part's folder.
    let target: String
}

private final class RelationshipsReader: ExpatParserDelegate {
    private(set) var relationships: [Relationship] = []
    private let folder: String

    /// - Parameter folder: the folder of the part the relationships belong to, ending in `/`
    ///   (empty for the package), which relative targets start from.
    init(folder: String) {
        self.folder = folder
    }

    func parser(_ parser: ExpatParser, didStartElement name: XMLName, attributes: XMLAttributes) throws(ReadProblem) {
        guard name.hasLocalName("Relationship"), attributes["TargetMode"] != "External",
              let id = attributes["Id"], let type = attributes["Type"], let target = attributes["Target"] else { return }
        relationships.append(Relationship(id: id, type: type, target: resolve(target)))
    }

    func parserDidEndElement(_ parser: ExpatParser) throws(ReadProblem) {}

    func parser(_ parser: ExpatParser, foundCharacters utf8: UnsafeBufferPointer<UInt8>) throws(ReadProblem) {}

    /// A target is a URI: absolute from the package root when it starts with `/`, else relative to
    /// the source's folder, possibly with `..` and percent-escapes.
    private func resolve(_ target: String) -> String {
        let path = target.removingPercentEncoding ?? target
        var segments = path.hasPrefix("/") ? [] : folder.split(separator: "/")
        for segment in path.split(separator: "/") {
            switch segment {
            case ".": break
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        return segments.joined(separator: "/")
    }
}

/// Reads `xl/workbook.xml`: the sheets in order and the date system.
private final class WorkbookPartReader: ExpatParserDelegate {
    struct SheetEntry {
        let name: String
        let relationshipID: String
        let isVisible: Bool
    }

    private(set) var sheets: [SheetEntry] = []
    private(set) var uses1904 = false
    private let maxDepth: Int
    private var depth = 0

    init(maxDepth: Int) {
        self.maxDepth = maxDepth
    }

    func parser(_ parser: ExpatParser, didStartElement name: XMLName, attributes: XMLAttributes) throws(ReadProblem) {
        depth += 1
        guard depth <= maxDepth else { throw .tooDeep(levels: maxDepth) }
        switch name.string.localXMLName {
        case "sheet":
            guard let sheetName = attributes["name"] else { return }
            sheets.append(SheetEntry(name: sheetName, relationshipID: attributes.prefixed("id") ?? "",
                                     isVisible: (attributes["state"] ?? "visible") == "visible"))
        case "workbookPr":
            uses1904 = ["1", "true"].contains(attributes["date1904"])
        default:
            break
        }
    }

    func parserDidEndElement(_ parser: ExpatParser) throws(ReadProblem) {
        depth -= 1
    }

    func parser(_ parser: ExpatParser, foundCharacters utf8: UnsafeBufferPointer<UInt8>) throws(ReadProblem) {}
}

/// Reads `xl/styles.xml`: the number format of each cell style (`<cellXfs>`), and the workbook's
/// own format codes (`<numFmts>`). Differential formats (`<dxfs>`) also hold `<numFmt>`s, for
/// conditional formatting only, and cell style formats (`<cellStyleXfs>`) also hold `<xf>`s, which
/// cells do not point to; so both are taken only under the right parent.
private final class StylesReader: ExpatParserDelegate {
    private(set) var cellFormatIDs: [Int] = []
    private(set) var customFormats: [Int: String] = [:]
    private let maxDepth: Int
    private var path: [Substring] = []

    init(maxDepth: Int) {
        self.maxDepth = maxDepth
    }

    func parser(_ parser: ExpatParser, didStartElement name: XMLName, attributes: XMLAttributes) throws(ReadProblem) {
        guard path.count < maxDepth else { throw .tooDeep(levels: maxDepth) }
        let local = name.string.localXMLName
        switch (path.last, local) {
        case ("numFmts"?, "numFmt"):
            if let id = attributes["numFmtId"].flatMap({ Int($0) }), let code = attributes["formatCode"] {
                customFormats[id] = code
            }
        case ("cellXfs"?, "xf"):
            cellFormatIDs.append(attributes["numFmtId"].flatMap { Int($0) } ?? 0)
        default:
            break
        }
        path.append(local)
    }

    func parserDidEndElement(_ parser: ExpatParser) throws(ReadProblem) {
        path.removeLast()
    }

    func parser(_ parser: ExpatParser, foundCharacters utf8: UnsafeBufferPointer<UInt8>) throws(ReadProblem) {}
}
