/// Reads one worksheet of an .xlsx return (PRODUCT §5) one row at a time.
///
/// The sheet is chosen by name: the first whose name is a return type's title, else the first
/// visible sheet. Its part is inflated on a thread of its own (`PartStream`) and parsed chunk by
/// chunk with expat, which is suspended at the end of every row, so memory holds a few 1 MiB chunks
/// and one row however long the sheet is; only the shared strings are held whole, up to a limit.
///
/// Each row is numbered as the spreadsheet numbers it and its cells are placed by their column
/// letters, so a cell the writer omitted reads as empty. Cells read as Excel shows them: shared and
/// inline strings, the cached values of formulas, booleans as `TRUE`/`FALSE`, error values such
/// as `#DIV/0!`, numbers in Excel's General format (`CellText.number`), and numbers whose style
/// is a date format as `YYYY-MM-DD` (`ExcelDateSystem`). A row ends at its last cell with content:
/// empty cells after it only carry formatting.
public final class XLSXReader: RowSource {
    /// OOXML parts are UTF-8.
    public let encoding = "UTF-8"
    /// The name of the sheet being read.
    public let sheetName: String

    private let stream: PartStream
    private let assembler: SheetRowAssembler
    private let parser: ExpatParser
    private var chunk: [UInt8] = []
    private var failure: ReadProblem?

    /// Opens the workbook at `path` and chooses the sheet to read.
    ///
    /// - Parameter preferredSheetNames: names of the sheet to read, if the workbook has one of
    ///   them: the return types' titles (e.g. 企业创建情况表).
    /// - Throws: `.empty`, `.encryptedWorkbook`, `.corruptWorkbook`, `.workbookTooLarge`,
    ///   `.noWorksheet`, `.unreadable`, or a problem of the workbook's small parts' XML.
    public convenience init(path: String, preferredSheetNames: [String]) throws(ReadProblem) {
        try self.init(path: path, preferredSheetNames: preferredSheetNames, limits: WorkbookLimits())
    }

    /// Opens the workbook at `path` with other limits than the usual ones, so that tests can
    /// reach them with small files.
    init(path: String, preferredSheetNames: [String], limits: WorkbookLimits) throws(ReadProblem) {
        let archive = try WorkbookArchive(path: path, limits: limits)
        let structure = try WorkbookStructure(reading: archive)
        let sheet = try structure.sheet(preferring: preferredSheetNames)
        try archive.checkSizes(of: sheet.part, maxBytes: limits.totalBytes)
        sheetName = sheet.name
        assembler = SheetRowAssembler(structure: structure, maxDepth: limits.elementDepth)
        parser = ExpatParser(encoding: .utf8, delegate: assembler)
        stream = PartStream(sheet.part, of: archive, maxBytes: limits.totalBytes)
    }

    deinit {
        stream.cancel()
    }

    /// The next row of the sheet, or nil after the last one.
    ///
    /// - Throws: `.malformedXML`, `.corruptWorkbook`, `.workbookTooLarge`, `.tooLarge`, `.tooDeep`;
    ///   once a call has thrown, every later call throws the same problem.
    public func nextRow() throws(ReadProblem) -> SourceRow? {
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

/// Builds rows from expat's events over a worksheet part:
/// `<sheetData><row r="5"><c r="B5" t="s" s="3"><v>12</v></c>…</row>…</sheetData>`.
private final class SheetRowAssembler: ExpatParserDelegate {
    /// The same bound as an XML return's row: the UTF-8 of the cells' text plus the size of a
    /// `String` per cell.
    private static let maxRowBytes = 4 << 20
    private static let lastRow = 1_048_576

    private enum Element {
        case sheetData, row, cell, value, inlineString
        /// An element inside an inline string's `<is>`: its text or runs.
        case inlineStringContent
        case other
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
    private var rowBytes = 0
    private var column = 0
    private var cellType: String?
    private var cellStyle = 0
    private var value: [UInt8] = []
    private var inlineText = StringItemText()
    private var hasInlineText = false

    init(structure: WorkbookStructure, maxDepth: Int) {
        sharedStrings = structure.sharedStrings
        dateStyles = structure.dateStyles
        dateSystem = structure.dateSystem
        self.maxDepth = maxDepth
    }

    func takeRow() -> SourceRow? {
        defer { finishedRow = nil }
        return finishedRow
    }

    func parser(_ parser: ExpatParser, didStartElement name: XMLName, attributes: XMLAttributes) throws(ReadProblem) {
        guard open.count < maxDepth else { throw .tooDeep(levels: maxDepth) }
        let local = name.string.localXMLName
        let element: Element
        // By the parent first: each start tag is then compared with one or two names at most.
        switch open.last {
        case .inlineString?, .inlineStringContent?:
            inlineText.start(local)
            element = .inlineStringContent
        case .sheetData? where local == "row":
            try startRow(attributes["r"])
            element = .row
        case .row? where local == "c":
            try startCell(attributes)
            element = .cell
        case .cell? where local == "v":
            element = .value
        case .cell? where local == "is":
            hasInlineText = true
            element = .inlineString
        default:
            element = open.count == 1 && local == "sheetData" ? .sheetData : .other
        }
        open.append(element)
    }

    func parserDidEndElement(_ parser: ExpatParser) throws(ReadProblem) {
        switch open.removeLast() {
        case .inlineStringContent:
            inlineText.end()
        case .cell:
            try endCell()
        case .row:
            endRow()
            parser.suspend()
        default:
            break
        }
    }

    func parser(_ parser: ExpatParser, foundCharacters utf8: UnsafeBufferPointer<UInt8>) throws(ReadProblem) {
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
    private func startRow(_ reference: String?) throws(ReadProblem) {
        if let reference {
            guard let number = Int(reference), (1...Self.lastRow).contains(number) else {
                throw .corruptWorkbook(reason: "row number “\(reference)” is not between 1 and \(Self.lastRow)")
            }
            rowNumber = number
        } else {
            rowNumber += 1
        }
        cells.removeAll(keepingCapacity: true)
        numberCells.removeAll(keepingCapacity: true)
        rowBytes = 0
        column = 0
    }

    /// A cell without `r` follows the previous one in its row.
    private func startCell(_ attributes: XMLAttributes) throws(ReadProblem) {
        if let reference = attributes["r"] {
            guard let referenced = CellReference.column(of: reference) else {
                throw .corruptWorkbook(reason: "cell reference “\(reference)” is not a column from A to XFD")
            }
            column = referenced
        } else if column >= CellReference.columnCount {
            throw .corruptWorkbook(reason: "row \(rowNumber) has cells beyond column XFD")
        }
        cellType = attributes["t"]
        cellStyle = attributes["s"].flatMap { Int($0) } ?? 0
        value.removeAll(keepingCapacity: true)
        _ = inlineText.take()
        hasInlineText = false
    }

    private func endCell() throws(ReadProblem) {
        let (text, isNumber) = try cellText()
        if !text.isEmpty {
            if cells.count <= column {
                let omitted = column + 1 - cells.count
                cells += repeatElement("", count: omitted)
                rowBytes += omitted * MemoryLayout<String>.stride
            }
            cells[column] = text
            rowBytes += text.utf8.count
            if isNumber { numberCells.append(column) }
        }
        column += 1
    }

    /// The cell's text as Excel shows it, and whether the cell holds a number (not a date).
    private func cellText() throws(ReadProblem) -> (String, isNumber: Bool) {
        if hasInlineText { return (inlineText.take(), false) }
        let stored = String(decoding: value, as: UTF8.self)
        switch cellType {
        case "s":
            guard let index = Int(stored), sharedStrings.indices.contains(index) else {
                throw .corruptWorkbook(reason: "row \(rowNumber) points to shared string “\(stored)”, which does not exist")
            }
            return (sharedStrings[index], false)
        case "str", "inlineStr":
            return (CellText.unescaped(stored), false)
        case "b":
            return (CellText.boolean(stored), false)
        case "e":
            return (stored, false)
        case "d":
            return (CellText.isoDate(stored), false)
        default:
            guard !stored.isEmpty else { return ("", false) }
            if dateStyles.indices.contains(cellStyle), dateStyles[cellStyle],
               let date = Double(stored).flatMap(dateSystem.text(ofSerial:)) {
                return (date, false)
            }
            return (CellText.number(stored), true)
        }
    }

    private func endRow() {
        numberCells.sort()
        finishedRow = SourceRow(number: rowNumber, cells: cells, numberCells: numberCells)
    }
}
