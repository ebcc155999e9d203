/// Builds the rows of one sheet from the events over content.xml, where every sheet is a
/// `<table:table>` of `<office:spreadsheet>`:
/// `<table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="float"
/// office:value="120" table:number-columns-repeated="3"><text:p>120</text:p></table:table-cell>…`.
///
/// Rows and cells are counted as their repeat attributes say, so that each row has the number the
/// spreadsheet shows and each cell its column. Only what has content costs anything: a row without
/// content yields nothing and only moves the row count on, and empty cells are placed only when a
/// cell with content follows them in the row, so the million empty rows and the 16,000 empty cells
/// LibreOffice writes at the end of a sheet are two counts. A row with content repeated is given
/// that many times, numbered one after the other, up to the sheet's last row.
///
/// A covered cell (`<table:covered-table-cell>`, hidden under a merged cell) takes its column and
/// reads as empty, whatever it holds. A cell's annotation (`<office:annotation>`) and drawings are not
/// its text. Elements are recognised by their local names, as for .xlsx; attributes by their
/// qualified names (`ODSValueType.valueAttribute`).
struct ODSRowBuilder: SheetRowBuilding {
    /// The last row of a sheet in LibreOffice and Excel: content below it is refused.
    static let lastRow = 1_048_576
    /// The last column, XFD: content to the right of it is refused.
    static let lastColumn = CellReference.columnCount

    private enum Element {
        case document, body, spreadsheet
        /// The sheet being read, and the elements that group its rows (`<table:table-row-group>`,
        /// `<table:table-header-rows>`, `<table:table-rows>`).
        case table, rowGroup
        case row, cell
        /// A paragraph of a cell whose text is read, and the elements inside it whose text is the
        /// paragraph's (`<text:span>`, `<text:a>`, …).
        case paragraph, inParagraph
        /// An element none of whose content is read: another sheet, columns, an annotation, a
        /// drawing, the paragraphs of a cell whose value is in its attributes.
        case skipped
    }

    private let sheetIndex: Int
    private let maxDepth: Int
    private var open: [Element] = []
    private var sheetsSeen = 0
    private(set) var isComplete = false

    /// The rows before the current one, or before the next one between rows.
    private var rowsBefore = 0
    private var rowRepeats = 1
    private var cells = SheetRowCells()
    private var column = 0
    /// The last row with content, given `copiesLeft` more times.
    private var finishedRow: SourceRow?
    private var copiesLeft = 0

    private var cellRepeats = 1
    private var isCovered = false
    private var valueType = ODSValueType.text
    private var value: [UInt8] = []
    private var text = ODSCellText()

    /// - Parameter sheetIndex: which `<table:table>` to read, from 0.
    init(sheetIndex: Int, maxDepth: Int) {
        self.sheetIndex = sheetIndex
        self.maxDepth = maxDepth
    }

    mutating func takeRow() -> SourceRow? {
        guard copiesLeft > 0, var row = finishedRow else { return nil }
        row.number = rowsBefore - copiesLeft + 1
        copiesLeft -= 1
        if copiesLeft == 0 { finishedRow = nil }
        return row
    }

    mutating func start(_ name: ScannedName, _ attributes: ScannedAttributes) throws(ReadProblem) {
        guard open.count < maxDepth else { throw .tooDeep(levels: maxDepth) }
        let element: Element
        // By the parent first: each start tag is then compared with a name or two at most.
        switch open.last {
        case .skipped?:
            element = .skipped
        case .paragraph?, .inParagraph?:
            element = try inParagraph(name, attributes)
        case .cell?:
            if readsText, name.hasLocalName("p") || name.hasLocalName("h") {
                text.startParagraph()
                element = .paragraph
            } else {
                element = .skipped
            }
        case .row?:
            if name.hasLocalName("table-cell") {
                try startCell(attributes, isCovered: false)
                element = .cell
            } else if name.hasLocalName("covered-table-cell") {
                try startCell(attributes, isCovered: true)
                element = .cell
            } else {
                element = .skipped
            }
        case .table?, .rowGroup?:
            if name.hasLocalName("table-row") {
                try startRow(attributes)
                element = .row
            } else if name.hasLocalName("table-row-group") || name.hasLocalName("table-header-rows") || name.hasLocalName("table-rows") {
                element = .rowGroup
            } else {
                element = .skipped
            }
        case .spreadsheet?:
            if name.hasLocalName("table") {
                element = sheetsSeen == sheetIndex ? .table : .skipped
                sheetsSeen += 1
            } else {
                element = .skipped
            }
        case .body?:
            element = name.hasLocalName("spreadsheet") ? .spreadsheet : .skipped
        case .document?:
            element = name.hasLocalName("body") ? .body : .skipped
        case nil:
            element = .document
        }
        open.append(element)
    }

    /// Ends the innermost open element.
    ///
    /// - Returns: true at the end of a row with content, which `takeRow()` then gives, and at the
    ///   end of the sheet.
    mutating func end() throws(ReadProblem) -> Bool {
        switch open.removeLast() {
        case .row:
            return try endRow()
        case .table:
            isComplete = true
            return true
        case .cell:
            try endCell()
            return false
        case .paragraph:
            text.endParagraph()
            return false
        default:
            return false
        }
    }

    mutating func characters(_ utf8: UnsafeBufferPointer<UInt8>) throws(ReadProblem) {
        switch open.last {
        case .paragraph?, .inParagraph?:
            text.characters(utf8)
            try cells.checkRoom(for: text.bytes.count)
        default:
            break
        }
    }

    /// True in a cell whose text is what it shows: a string, a cell without a type, or a typed
    /// cell whose value attribute is missing.
    private var readsText: Bool {
        !isCovered && (valueType == .text || value.isEmpty)
    }

    private mutating func inParagraph(_ name: ScannedName, _ attributes: ScannedAttributes) throws(ReadProblem) -> Element {
        if name.hasLocalName("s") {
            let count = min(max(attributes.utf8("text:c").flatMap { Int(decimal: $0) } ?? 1, 0), SheetRowCells.maxBytes + 1)
            try cells.checkRoom(for: text.bytes.count + count)
            text.append(UInt8(ascii: " "), count: count)
        } else if name.hasLocalName("tab") {
            text.append(UInt8(ascii: "\t"))
        } else if name.hasLocalName("line-break") {
            text.append(UInt8(ascii: "\n"))
        } else if name.hasLocalName("annotation") || name.hasLocalName("note-body") || name.hasLocalName("ruby-text")
                    || name.hasLocalName("frame") || name.hasLocalName("custom-shape") {
            return .skipped
        } else {
            return .inParagraph
        }
        return .skipped
    }

    private mutating func startRow(_ attributes: ScannedAttributes) throws(ReadProblem) {
        rowRepeats = try Self.repeatCount(attributes.utf8("table:number-rows-repeated"), "table:number-rows-repeated")
        cells.removeAll()
        column = 0
    }

    private mutating func startCell(_ attributes: ScannedAttributes, isCovered: Bool) throws(ReadProblem) {
        cellRepeats = try Self.repeatCount(attributes.utf8("table:number-columns-repeated"), "table:number-columns-repeated")
        self.isCovered = isCovered
        valueType = ODSValueType(attributes.utf8("office:value-type"))
        value.removeAll(keepingCapacity: true)
        if let attribute = valueType.valueAttribute, let stored = attributes.utf8(attribute) {
            value.append(contentsOf: stored)
        }
        text.removeAll()
    }

    private mutating func endCell() throws(ReadProblem) {
        let (shown, isNumber) = isCovered ? ("", false)
            : readsText ? (text.take(), false)
            : valueType.shown(String(decoding: value, as: UTF8.self))
        if !shown.isEmpty {
            guard cellRepeats <= Self.lastColumn - column else {
                throw .tooLarge(limit: "\(Self.lastColumn) columns")
            }
            for copy in column..<column + cellRepeats {
                cells.place(shown, at: copy, isNumber: isNumber)
                try cells.checkRoom(for: 0)
            }
        }
        column = Self.adding(cellRepeats, to: column)
    }

    private mutating func endRow() throws(ReadProblem) -> Bool {
        if cells.isEmpty {
            rowsBefore = Self.adding(rowRepeats, to: rowsBefore)
            return false
        }
        guard rowRepeats <= Self.lastRow - rowsBefore else {
            throw .tooLarge(limit: "\(Self.lastRow) rows")
        }
        finishedRow = cells.row(number: rowsBefore + 1)
        copiesLeft = rowRepeats
        rowsBefore += rowRepeats
        return true
    }

    /// A repeat attribute's count, 1 when there is none.
    private static func repeatCount(_ stored: UnsafeBufferPointer<UInt8>?, _ attribute: String) throws(ReadProblem) -> Int {
        guard let stored else { return 1 }
        guard let count = Int(decimal: stored), count > 0 else {
            throw .corruptWorkbook(reason: "\(attribute) “\(String(decoding: stored, as: UTF8.self))” is not a positive whole number")
        }
        return count
    }

    /// A count moved on without overflowing: empty rows and cells may be repeated any number of
    /// times, and what lies beyond the sheet's end is refused only if it has content.
    private static func adding(_ count: Int, to total: Int) -> Int {
        let (sum, overflow) = total.addingReportingOverflow(count)
        return overflow ? .max : sum
    }
}
