/// Reads the sheets from content.xml: each `<table:table>` of `<office:spreadsheet>` in order, with
/// its `table:name`, hidden when its table style says `table:display="false"`.
///
/// Only the first four levels of elements are looked at: the automatic styles and the sheets'
/// elements are there, and a sheet's rows below them cost expat's tokenizing and a depth count.
/// Table styles are read from content.xml's automatic styles, where LibreOffice, Excel and odfpy
/// put them; a sheet whose style is not there is visible.
final class ODSSheetList: ExpatParserDelegate {
    private struct Table {
        let name: String
        let styleName: String?
    }

    /// True once `<office:spreadsheet>` has been seen: the document is a spreadsheet.
    private(set) var isSpreadsheet = false
    private let maxDepth: Int
    private var depth = 0
    /// The local names of the open elements of the first four levels.
    private var path: [Substring] = []
    private var tables: [Table] = []
    private var hiddenStyles: Set<String> = []
    /// The table style being read, if any.
    private var tableStyle: String?

    init(maxDepth: Int) {
        self.maxDepth = maxDepth
    }

    /// The sheets in the workbook's order.
    var sheets: [WorkbookSheet] {
        tables.map { WorkbookSheet(name: $0.name, isHidden: $0.styleName.map(hiddenStyles.contains) ?? false) }
    }

    func parser(_ parser: ExpatParser, didStartElement name: XMLName, attributes: XMLAttributes) throws(ReadProblem) {
        depth += 1
        guard depth <= maxDepth else { throw .tooDeep(levels: maxDepth) }
        guard depth <= 4 else { return }
        let local = name.string.localXMLName
        switch (path.count > 1 ? path[1] : "", depth, local) {
        case ("automatic-styles", 3, "style"):
            tableStyle = attributes["style:family"] == "table" ? attributes["style:name"] : nil
        case ("automatic-styles", 4, "table-properties"):
            if let tableStyle, path[2] == "style", attributes["table:display"] == "false" {
                hiddenStyles.insert(tableStyle)
            }
        case ("body", 3, "spreadsheet"):
            isSpreadsheet = true
        case ("body", 4, "table"):
            if path[2] == "spreadsheet" {
                tables.append(Table(name: attributes["table:name"] ?? "", styleName: attributes["table:style-name"]))
            }
        default:
            break
        }
        path.append(local)
    }

    func parserDidEndElement(_ parser: ExpatParser) throws(ReadProblem) {
        if depth <= 4 {
            path.removeLast()
            if depth == 3 { tableStyle = nil }
        }
        depth -= 1
    }

    func parser(_ parser: ExpatParser, foundCharacters utf8: UnsafeBufferPointer<UInt8>) throws(ReadProblem) {}
}
