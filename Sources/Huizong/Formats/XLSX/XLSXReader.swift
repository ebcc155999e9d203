/// Reads one worksheet of an .xlsx return (PRODUCT §5) one row at a time; `XLSXWorkbook` opens it.
///
/// Its part is streamed by a `SheetPartReader`, so memory holds a few 1 MiB chunks and one row
/// however long the sheet is; only the shared strings are held whole, up to a limit.
///
/// Each row is numbered as the spreadsheet numbers it and its cells are placed by their column
/// letters, so a cell the writer omitted reads as empty. Cells read as Excel shows them: shared and
/// inline strings, the cached values of formulas, booleans as `TRUE`/`FALSE`, error values such
/// as `#DIV/0!`, numbers in Excel's General format (`CellText.number`), and numbers whose style
/// is a date format as `YYYY-MM-DD` (`ExcelDateSystem`). A row ends at its last cell with content:
/// empty cells after it only carry formatting. A formula whose result was never saved is listed in
/// `SourceRow.unsavedFormulaCells`, so that validation can say so rather than call the cell empty.
final class XLSXReader: RowSource {
    /// OOXML parts are UTF-8.
    var encoding: String { reader.encoding }
    /// The name of the sheet being read.
    var sheetName: String { reader.sheetName }

    private let reader: SheetPartReader<XLSXRowBuilder>

    /// Starts reading the sheet `sheetName`, whose cells are in `part` of `archive`; the archive
    /// belongs to the reader from now on.
    init(sheetName: String, part: String, of archive: WorkbookArchive, structure: WorkbookStructure) {
        reader = SheetPartReader(part: part, of: archive, sheetName: sheetName,
                                 builder: XLSXRowBuilder(structure: structure, maxDepth: archive.limits.elementDepth))
    }

    /// The next row of the sheet, or nil after the last one.
    ///
    /// - Throws: `.malformedXML`, `.corruptWorkbook`, `.workbookTooLarge`, `.tooLarge`, `.tooDeep`;
    ///   once a call has thrown, every later call throws the same problem.
    func nextRow() throws(ReadProblem) -> SourceRow? {
        try reader.nextRow()
    }
}

/// Builds rows from the events over a worksheet part:
/// `<sheetData><row r="5"><c r="B5" t="s" s="3"><v>12</v></c>…</row>…</sheetData>`.
struct XLSXRowBuilder: SheetRowBuilding {
    private static let lastRow = 1_048_576

    private enum Element {
        case sheetData, row, cell, value, formula, inlineString
        /// An element inside an inline string's `<is>`: its text or runs.
        case inlineStringContent
        case other
    }

    /// What a cell's `t` attribute says its `<v>` holds.
    private enum CellType {
        /// `n`, the default, or a type no writer uses, read as a number as Excel would.
        case number
        case sharedString
        /// `str` (a formula's text) or `inlineStr`.
        case text
        case boolean
        case error
        /// `d`, an ISO 8601 date.
        case isoDate

        init(_ t: UnsafeBufferPointer<UInt8>?) {
            guard let t else { self = .number; return }
            self = if isLiteral(t, "s") { .sharedString }
                else if isLiteral(t, "str") || isLiteral(t, "inlineStr") { .text }
                else if isLiteral(t, "b") { .boolean }
                else if isLiteral(t, "e") { .error }
                else if isLiteral(t, "d") { .isoDate }
                else { .number }
        }
    }

    private let sharedStrings: [String]
    private let dateStyles: [Bool]
    private let dateSystem: ExcelDateSystem
    private let maxDepth: Int

    private var open: [Element] = []
    /// The row finished before the scanner paused; there is never more than one.
    private var finishedRow: SourceRow?
    private var rowNumber = 0
    private var cells = SheetRowCells()
    private var column = 0
    private var cellType = CellType.number
    private var cellStyle = 0
    private var value: [UInt8] = []
    private var inlineText = StringItemText()
    private var hasInlineText = false
    /// Whether the cell has a `<v>`, and a `<f>`: a formula without a value was never calculated.
    private var hasValue = false
    private var hasFormula = false

    init(structure: WorkbookStructure, maxDepth: Int) {
        sharedStrings = structure.sharedStrings
        dateStyles = structure.dateStyles
        dateSystem = structure.dateSystem
        self.maxDepth = maxDepth
    }

    /// The whole part is read, as it always was: nothing after `<sheetData>` is skipped unchecked.
    var isComplete: Bool { false }

    mutating func takeRow() -> SourceRow? {
        defer { finishedRow = nil }
        return finishedRow
    }

    mutating func start(_ name: ScannedName, _ attributes: ScannedAttributes) throws(ReadProblem) {
        guard open.count < maxDepth else { throw .tooDeep(levels: maxDepth) }
        let element: Element
        // By the parent first: each start tag is then compared with one or two names at most.
        switch open.last {
        case .inlineString?, .inlineStringContent?:
            inlineText.start(name)
            element = .inlineStringContent
        case .sheetData? where name.hasLocalName("row"):
            try startRow(attributes.utf8("r"))
            element = .row
        case .row? where name.hasLocalName("c"):
            try startCell(reference: attributes.utf8("r"), type: attributes.utf8("t"), style: attributes.utf8("s"))
            element = .cell
        case .cell? where name.hasLocalName("v"):
            hasValue = true
            element = .value
        case .cell? where name.hasLocalName("f"):
            element = .formula
        case .cell? where name.hasLocalName("is"):
            hasInlineText = true
            element = .inlineString
        default:
            element = open.count == 1 && name.hasLocalName("sheetData") ? .sheetData : .other
        }
        open.append(element)
    }

    /// Ends the innermost open element.
    ///
    /// - Returns: true at the end of a row, which `takeRow()` then gives.
    mutating func end() throws(ReadProblem) -> Bool {
        switch open.removeLast() {
        case .inlineStringContent:
            inlineText.end()
        case .cell:
            try value.withUnsafeBufferPointer { stored throws(ReadProblem) in try endCell(stored: stored) }
        case .formula:
            hasFormula = true
        case .row:
            endRow()
            return true
        default:
            break
        }
        return false
    }

    mutating func characters(_ utf8: UnsafeBufferPointer<UInt8>) throws(ReadProblem) {
        switch open.last {
        case .value:
            value.append(contentsOf: utf8)
        case .inlineStringContent:
            inlineText.characters(utf8)
        default:
            return
        }
        try cells.checkRoom(for: value.count + inlineText.byteCount)
    }

    /// A row without `r` follows the previous one, as writers that omit it mean.
    private mutating func startRow(_ reference: UnsafeBufferPointer<UInt8>?) throws(ReadProblem) {
        if let reference {
            guard let number = Int(decimal: reference), (1...Self.lastRow).contains(number) else {
                throw .corruptWorkbook(reason: "row number “\(String(decoding: reference, as: UTF8.self))” is not between 1 and \(Self.lastRow)")
            }
            rowNumber = number
        } else {
            rowNumber += 1
        }
        cells.removeAll()
        column = 0
    }

    /// Reads the most common cells, `<c r="B5" s="3" t="s"><v>12</v></c>` and
    /// `<c r="A5" t="inlineStr"><is><t>text</t></is></c>` with any of the attributes, as their events
    /// would, but at once.
    mutating func shortcut(_ utf8: UnsafeBufferPointer<UInt8>) throws(ReadProblem) -> Int? {
        // The deepest element read here, the `<t>` of an inline string, must be one the events
        // would allow.
        guard open.last == .row, open.count + 3 <= maxDepth else { return nil }
        var markup = PlainMarkup(utf8)
        guard markup.read("<c") else { return nil }
        var reference, type, style: UnsafeBufferPointer<UInt8>?
        while let (name, value) = markup.attribute() {
            guard name.count == 1 else { return nil }
            switch name[0] {
            case UInt8(ascii: "r") where reference == nil: reference = value
            case UInt8(ascii: "t") where type == nil: type = value
            case UInt8(ascii: "s") where style == nil: style = value
            default: return nil
            }
        }
        if markup.read("/>") {
            try startCell(reference: reference, type: type, style: style)
            try endCell(stored: UnsafeBufferPointer(start: nil, count: 0))
        } else if markup.read("><v>") {
            guard let stored = markup.text(), markup.read("</v></c>") else { return nil }
            try startCell(reference: reference, type: type, style: style)
            hasValue = true
            if !stored.isEmpty { try cells.checkRoom(for: stored.count) }
            try endCell(stored: stored)
        } else if markup.read("><is><t>") {
            guard let text = markup.text(), markup.read("</t></is></c>") else { return nil }
            try startCell(reference: reference, type: type, style: style)
            if !text.isEmpty { try cells.checkRoom(for: text.count) }
            StringItemText.place(text, into: &cells, at: column)
            column += 1
        } else {
            return nil
        }
        return markup.offset
    }

    /// A cell without `r` follows the previous one in its row.
    private mutating func startCell(reference: UnsafeBufferPointer<UInt8>?, type: UnsafeBufferPointer<UInt8>?,
                                    style: UnsafeBufferPointer<UInt8>?) throws(ReadProblem) {
        if let reference {
            guard let referenced = CellReference.column(of: reference) else {
                throw .corruptWorkbook(reason: "cell reference “\(String(decoding: reference, as: UTF8.self))” is not a column from A to XFD")
            }
            column = referenced
        } else if column >= CellReference.columnCount {
            throw .corruptWorkbook(reason: "row \(rowNumber) has cells beyond column XFD")
        }
        cellType = CellType(type)
        cellStyle = style.flatMap { Int(decimal: $0) } ?? 0
        value.removeAll(keepingCapacity: true)
        hasInlineText = false
        hasValue = false
        hasFormula = false
    }

    /// Ends a cell whose `<v>` held `stored`.
    private mutating func endCell(stored: UnsafeBufferPointer<UInt8>) throws(ReadProblem) {
        if hasInlineText {
            inlineText.take(into: &cells, at: column)
            column += 1
            return
        }
        if cellType == .number, !stored.isEmpty, !isDateStyled, CellText.isShownAsStored(stored) {
            // Most number cells, placed as stored without making a `String` of them.
            cells.place(utf8: stored, at: column, isNumber: true)
            column += 1
            return
        }
        let (text, isNumber) = try cellText(stored: String(decoding: stored, as: UTF8.self))
        if !text.isEmpty {
            cells.place(text, at: column, isNumber: isNumber)
        } else if hasFormula, !hasValue, !hasInlineText {
            cells.markUnsavedFormula(at: column)
        }
        column += 1
    }

    /// The text of a cell without an inline string whose `<v>` held `stored` as Excel shows it, and
    /// whether the cell holds a number (not a date).
    private func cellText(stored: String) throws(ReadProblem) -> (String, isNumber: Bool) {
        switch cellType {
        case .sharedString:
            // `<c t="s"/>`, as some writers put down an empty cell.
            if stored.isEmpty { return ("", false) }
            guard let index = Int(stored), sharedStrings.indices.contains(index) else {
                throw .corruptWorkbook(reason: "row \(rowNumber) points to shared string “\(stored)”, which does not exist")
            }
            return (sharedStrings[index], false)
        case .text:
            return (CellText.unescaped(stored), false)
        case .boolean:
            return (CellText.boolean(stored), false)
        case .error:
            return (stored, false)
        case .isoDate:
            return (CellText.isoDate(stored), false)
        case .number:
            guard !stored.isEmpty else { return ("", false) }
            if isDateStyled, let date = Double(stored).flatMap(dateSystem.text(ofSerial:)) {
                return (date, false)
            }
            return (CellText.number(stored), true)
        }
    }

    /// Whether the cell's style shows its number as a date.
    private var isDateStyled: Bool {
        dateStyles.indices.contains(cellStyle) && dateStyles[cellStyle]
    }

    private mutating func endRow() {
        finishedRow = cells.row(number: rowNumber)
    }
}
