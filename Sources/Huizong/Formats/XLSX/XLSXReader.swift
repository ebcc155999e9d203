/// Reads one worksheet of an .xlsx return (PRODUCT §5) one row at a time; `XLSXWorkbook` opens it.
///
/// The sheet's part is inflated on a thread of its own (`PartStream`) and parsed chunk by chunk with
/// expat, which is suspended at the end of every row, so memory holds a few 1 MiB chunks and one row
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
    let encoding = "UTF-8"
    /// The name of the sheet being read.
    let sheetName: String

    private let stream: PartStream
    private let assembler: SheetRowAssembler
    private let parser: ExpatParser
    private var chunk: [UInt8] = []
    private var failure: ReadProblem?

    /// Starts reading the sheet `sheetName`, whose cells are in `part` of `archive`; the archive
    /// belongs to the reader from now on.
    init(sheetName: String, part: String, of archive: WorkbookArchive, structure: WorkbookStructure) {
        self.sheetName = sheetName
        assembler = SheetRowAssembler(structure: structure, maxDepth: archive.limits.elementDepth)
        parser = ExpatParser(encoding: .utf8, delegate: assembler)
        stream = PartStream(part, of: archive, maxBytes: archive.limits.totalBytes)
    }

    deinit {
        stream.cancel()
    }

    /// The next row of the sheet, or nil after the last one.
    ///
    /// - Throws: `.malformedXML`, `.corruptWorkbook`, `.workbookTooLarge`, `.tooLarge`, `.tooDeep`;
    ///   once a call has thrown, every later call throws the same problem.
    func nextRow() throws(ReadProblem) -> SourceRow? {
        if let failure { throw failure }
        do throws(ReadProblem) {
            while true {
                if let row = assembler.takeRow() { return row }
                if parser.isSuspended {
                    try parser.resume()
                } else if parser.isFinished {
                    return nil
                } else if try stream.next(into: &chunk) {
                    try parser.parse(chunk[...], isFinal: false)
                } else {
                    try parser.parse([], isFinal: true)
                }
            }
        } catch {
            let problem = error == .empty ? .corruptWorkbook(reason: "the sheet “\(sheetName)” is empty") : error
            failure = problem
            stream.cancel()
            throw problem
        }
    }
}

/// Hands expat's events over a worksheet part to a `SheetRowBuilder`, and suspends expat at the end
/// of every row.
///
/// The builder is a struct at an address of its own rather than in a stored property: Swift checks
/// exclusive access to a class's stored properties at run time, once for each field an event
/// touched and still once an event for a struct property, and a sheet of 100,000 rows has ten
/// million events. Only this class reaches the builder, from one expat call at a time.
private final class SheetRowAssembler: ExpatParserDelegate {
    private let builder: UnsafeMutablePointer<SheetRowBuilder>

    init(structure: WorkbookStructure, maxDepth: Int) {
        builder = .allocate(capacity: 1)
        builder.initialize(to: SheetRowBuilder(structure: structure, maxDepth: maxDepth))
    }

    deinit {
        builder.deinitialize(count: 1)
        builder.deallocate()
    }

    func takeRow() -> SourceRow? {
        builder.pointee.takeRow()
    }

    func parser(_ parser: ExpatParser, didStartElement name: XMLName, attributes: XMLAttributes) throws(ReadProblem) {
        try builder.pointee.start(name, attributes)
    }

    func parserDidEndElement(_ parser: ExpatParser) throws(ReadProblem) {
        if try builder.pointee.end() { parser.suspend() }
    }

    func parser(_ parser: ExpatParser, foundCharacters utf8: UnsafeBufferPointer<UInt8>) throws(ReadProblem) {
        try builder.pointee.characters(utf8)
    }
}

/// Builds rows from the events over a worksheet part:
/// `<sheetData><row r="5"><c r="B5" t="s" s="3"><v>12</v></c>…</row>…</sheetData>`.
private struct SheetRowBuilder {
    /// The same bound as an XML return's row: the UTF-8 of the cells' text plus the size of a
    /// `String` per cell.
    private static let maxRowBytes = 4 << 20
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
            switch String(decoding: t, as: UTF8.self) {
            case "s": self = .sharedString
            case "str", "inlineStr": self = .text
            case "b": self = .boolean
            case "e": self = .error
            case "d": self = .isoDate
            default: self = .number
            }
        }
    }

    private let sharedStrings: [String]
    private let dateStyles: [Bool]
    private let dateSystem: ExcelDateSystem
    private let maxDepth: Int

    private var open: [Element] = []
    /// The row finished before expat was suspended; there is never more than one.
    private var finishedRow: SourceRow?
    private var rowNumber = 0
    private var cells: [String] = []
    private var numberCells: [Int] = []
    private var unsavedFormulaCells: [Int] = []
    private var rowBytes = 0
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

    mutating func takeRow() -> SourceRow? {
        defer { finishedRow = nil }
        return finishedRow
    }

    mutating func start(_ name: XMLName, _ attributes: XMLAttributes) throws(ReadProblem) {
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
            try startCell(attributes)
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
            try endCell()
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
        if rowBytes + value.count + inlineText.byteCount > Self.maxRowBytes {
            throw .tooLarge(limit: "\(Self.maxRowBytes >> 20) MiB")
        }
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
        cells.removeAll(keepingCapacity: true)
        numberCells.removeAll(keepingCapacity: true)
        unsavedFormulaCells.removeAll(keepingCapacity: true)
        rowBytes = 0
        column = 0
    }

    /// A cell without `r` follows the previous one in its row.
    private mutating func startCell(_ attributes: XMLAttributes) throws(ReadProblem) {
        if let reference = attributes.utf8("r") {
            guard let referenced = CellReference.column(of: reference) else {
                throw .corruptWorkbook(reason: "cell reference “\(String(decoding: reference, as: UTF8.self))” is not a column from A to XFD")
            }
            column = referenced
        } else if column >= CellReference.columnCount {
            throw .corruptWorkbook(reason: "row \(rowNumber) has cells beyond column XFD")
        }
        cellType = CellType(attributes.utf8("t"))
        cellStyle = attributes.utf8("s").flatMap { Int(decimal: $0) } ?? 0
        value.removeAll(keepingCapacity: true)
        hasInlineText = false
        hasValue = false
        hasFormula = false
    }

    private mutating func endCell() throws(ReadProblem) {
        let (text, isNumber) = try cellText()
        if !text.isEmpty {
            if cells.count < column {
                let omitted = column - cells.count
                cells += repeatElement("", count: omitted)
                rowBytes += omitted * MemoryLayout<String>.stride
            }
            if cells.count == column {
                cells.append(text)
                rowBytes += MemoryLayout<String>.stride
            } else {
                cells[column] = text
            }
            rowBytes += text.utf8.count
            if isNumber { numberCells.append(column) }
        } else if hasFormula, !hasValue, !hasInlineText {
            unsavedFormulaCells.append(column)
        }
        column += 1
    }

    /// The cell's text as Excel shows it, and whether the cell holds a number (not a date).
    private mutating func cellText() throws(ReadProblem) -> (String, isNumber: Bool) {
        if hasInlineText { return (inlineText.take(), false) }
        let stored = String(decoding: value, as: UTF8.self)
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
            if dateStyles.indices.contains(cellStyle), dateStyles[cellStyle],
               let date = Double(stored).flatMap(dateSystem.text(ofSerial:)) {
                return (date, false)
            }
            return (CellText.number(stored), true)
        }
    }

    private mutating func endRow() {
        numberCells.sort()
        finishedRow = SourceRow(number: rowNumber, cells: cells, numberCells: numberCells, unsavedFormulaCells: unsavedFormulaCells)
    }
}

private extension Int {
    /// The integer that `utf8` spells in decimal, read as `Int(_: String)` reads it (a sign, then
    /// digits), without making a `String` of the many row numbers and styles of a sheet.
    init?(decimal utf8: UnsafeBufferPointer<UInt8>) {
        let isNegative = utf8.first == UInt8(ascii: "-")
        let digits = utf8.dropFirst(isNegative || utf8.first == UInt8(ascii: "+") ? 1 : 0)
        guard !digits.isEmpty else { return nil }
        var value = 0
        for byte in digits {
            let digit = Int(byte &- UInt8(ascii: "0"))
            guard digit < 10 else { return nil }
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowAgain) = isNegative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            guard !overflow, !overflowAgain else { return nil }
            value = next
        }
        self = value
    }
}
