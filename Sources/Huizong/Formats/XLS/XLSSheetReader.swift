/// Reads one worksheet of an .xls workbook one row at a time, from its substream of the BIFF8
/// workbook stream (the BOF record a BOUNDSHEET8 points to, up to its EOF).
///
/// A sheet's cell records come in row order, the cells of a row together, so a row is finished when
/// a cell of another row arrives, and that record is read again by the next call. Cells read as
/// `XLSXReader` reads them: shared strings (LABELSST) and in-cell strings (LABEL, RSTRING), numbers
/// (RK, MULRK, NUMBER) in Excel's General format (`CellText.number`) unless their XF's number format
/// is a date, booleans and errors (BOOLERR), and formulas' saved results (FORMULA, with a string
/// result in the STRING record after it). BLANK and MULBLANK cells, and a chart embedded in the
/// sheet (a substream of its own inside this one), are passed over.
final class XLSSheetReader: RowSource {
    /// BIFF8 strings are UTF-16LE, some stored with their high bytes left out.
    let encoding = "UTF-16LE"
    let sheetName: String

    private var records: SheetRecords
    private var failure: ReadProblem?

    /// A reader of the sheet whose BOF record is at `offset` of `stream`.
    ///
    /// - Throws: `.corruptWorkbook` when no worksheet's BOF record is there.
    init(stream: BIFFStream, offset: Int, name: String, globals: XLSGlobals) throws(ReadProblem) {
        let bof = try stream.record(at: offset)
        guard let bof, bof.type == BIFFRecordType.bof, bof.length >= 4,
              stream.uint16(bof.start + 2) == BIFFSubstream.worksheet else {
            throw .corruptWorkbook(reason: "the sheet “\(name)” does not start with a worksheet's BOF record at byte \(offset)")
        }
        sheetName = name
        records = SheetRecords(stream: stream, offset: bof.end, globals: globals)
    }

    /// The next row with content, or nil after the last one.
    ///
    /// - Throws: `.corruptWorkbook` for damaged records; once a call has thrown, every later call
    ///   throws the same problem.
    func nextRow() throws(ReadProblem) -> SourceRow? {
        if let failure { throw failure }
        do throws(ReadProblem) {
            return try records.nextRow()
        } catch {
            failure = error
            throw error
        }
    }
}

/// The records of a sheet's substream, and the row being built from them.
private struct SheetRecords {
    /// BIFF8 sheets have columns A to IV.
    private static let columnCount = 256
    /// The error values of BOOLERR and FORMULA records by their code ([MS-XLS] 2.5.10).
    private static let errorTexts: [UInt8: String] = [
        0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!", 0x2A: "#N/A",
        0x2B: "#GETTING_DATA",
    ]

    private let stream: BIFFStream
    private let sharedStrings: [String]
    private let dateFormats: [Bool]
    private let dateSystem: ExcelDateSystem
    /// The next record to read.
    private var offset: Int
    private var isFinished = false
    /// How many substreams (embedded charts) the reader is inside of, within the sheet's own.
    private var nesting = 0
    /// The row being built, 0-based as BIFF counts.
    private var row = -1
    private var cells = RowCells()
    private var numberCells: [Int] = []
    /// The cell of a FORMULA record whose string result the next STRING record holds.
    private var stringResultColumn: Int?

    init(stream: BIFFStream, offset: Int, globals: XLSGlobals) {
        self.stream = stream
        self.offset = offset
        sharedStrings = globals.sharedStrings
        dateFormats = globals.dateFormats
        dateSystem = globals.dateSystem
    }

    /// The next row with content: its cells up to the first cell record of another row, which is
    /// read again by the next call.
    mutating func nextRow() throws(ReadProblem) -> SourceRow? {
        while !isFinished {
            guard let record = try stream.record(at: offset) else {
                isFinished = true
                break
            }
            let (type, start, length) = (record.type, record.start, record.length)
            if nesting > 0 {
                if type == BIFFRecordType.bof { nesting += 1 }
                if type == BIFFRecordType.eof { nesting -= 1 }
                offset = start + length
                continue
            }
            switch type {
            case BIFFRecordType.eof:
                isFinished = true
            case BIFFRecordType.bof:
                nesting += 1
            case BIFFRecordType.string:
                try readStringResult()
                continue
            case BIFFRecordType.labelSST, BIFFRecordType.label, BIFFRecordType.richString, BIFFRecordType.rk,
                 BIFFRecordType.multipleRK, BIFFRecordType.number, BIFFRecordType.booleanOrError, BIFFRecordType.formula:
                guard length >= 6 else {
                    throw .corruptWorkbook(reason: "the cell record at byte \(offset) is \(length) bytes long, too short for a cell")
                }
                let cellRow = Int(stream.uint16(start))
                if cellRow != row {
                    if !cells.isEmpty { return takeRow() }
                    row = cellRow
                }
                stringResultColumn = nil
                if type == BIFFRecordType.label || type == BIFFRecordType.richString {
                    try readLabel()
                    continue
                }
                try readCell(type, record)
            default:
                break
            }
            offset = start + length
        }
        return cells.isEmpty ? nil : takeRow()
    }

    private mutating func takeRow() -> SourceRow {
        numberCells.sort()
        let finished = SourceRow(number: row + 1, cells: cells.compacted(), numberCells: numberCells)
        cells.removeAll()
        numberCells = []
        return finished
    }

    /// A cell record other than LABEL and RSTRING: its row (2 bytes), column (2 bytes) and XF
    /// index (2 bytes), then its value.
    private mutating func readCell(_ type: UInt16, _ record: BIFFRecord) throws(ReadProblem) {
        let bytes = stream.bytes
        let start = record.start
        let column = Int(stream.uint16(start + 2))
        let xf = Int(stream.uint16(start + 4))
        switch type {
        case BIFFRecordType.labelSST:
            try requireLength(10, record)
            let index = Int(stream.uint32(start + 6))
            guard index < sharedStrings.count else {
                throw .corruptWorkbook(reason: "row \(row + 1) points to shared string \(index) of \(sharedStrings.count)")
            }
            try place(sharedStrings[index], column)
        case BIFFRecordType.rk:
            try requireLength(10, record)
            try placeNumber(BIFFStream.rkValue(stream.uint32(start + 6)), xf: xf, column: column)
        case BIFFRecordType.multipleRK:
            // Then an XF index and an RK value (6 bytes) for each column, and the last column.
            for index in 0..<(record.length - 6) / 6 {
                let item = start + 4 + 6 * index
                try placeNumber(BIFFStream.rkValue(stream.uint32(item + 2)), xf: Int(stream.uint16(item)), column: column + index)
            }
        case BIFFRecordType.number:
            try requireLength(14, record)
            try placeNumber(stream.double(start + 6), xf: xf, column: column)
        case BIFFRecordType.booleanOrError:
            try requireLength(8, record)
            try placeBooleanOrError(bytes[start + 6], isError: bytes[start + 7] != 0, column: column)
        default:
            // FORMULA: its saved result (8 bytes), then flags and the formula, not needed.
            try requireLength(20, record)
            guard bytes[start + 12] == 0xFF, bytes[start + 13] == 0xFF else {
                try placeNumber(stream.double(start + 6), xf: xf, column: column)
                return
            }
            switch bytes[start + 6] {
            case 0: stringResultColumn = column
            case 1: try placeBooleanOrError(bytes[start + 8], isError: false, column: column)
            case 2: try placeBooleanOrError(bytes[start + 8], isError: true, column: column)
            default: break // 3, an empty string
            }
        }
    }

    /// A LABEL or RSTRING record, and the CONTINUE records of a long text: the cell's text after its
    /// row, column and XF index (RSTRING's formatting runs follow it).
    private mutating func readLabel() throws(ReadProblem) {
        guard let (segments, end) = try stream.continuedRecord(at: offset) else { return }
        let column = Int(stream.uint16(offset + 6))
        var cursor = BIFFCursor(stream: stream, segments: segments)
        try cursor.skip(6)
        var budget = Int.max
        try place(cursor.string(countBytes: 2, budget: &budget), column)
        offset = end
    }

    /// A STRING record and its CONTINUE records: the text a FORMULA record's result is.
    private mutating func readStringResult() throws(ReadProblem) {
        guard let (segments, end) = try stream.continuedRecord(at: offset) else { return }
        if let column = stringResultColumn {
            var cursor = BIFFCursor(stream: stream, segments: segments)
            var budget = Int.max
            try place(cursor.string(countBytes: 2, budget: &budget), column)
            stringResultColumn = nil
        }
        offset = end
    }

    private func requireLength(_ length: Int, _ record: BIFFRecord) throws(ReadProblem) {
        guard record.length >= length else {
            throw .corruptWorkbook(reason: "the cell record at byte \(record.start - 4) is \(record.length) bytes long, too short for its value")
        }
    }

    private mutating func placeNumber(_ value: Double, xf: Int, column: Int) throws(ReadProblem) {
        if xf < dateFormats.count, dateFormats[xf], let date = dateSystem.text(ofSerial: value) {
            try place(date, column)
        } else {
            try place(CellText.number(value), column, isNumber: true)
        }
    }

    private mutating func placeBooleanOrError(_ value: UInt8, isError: Bool, column: Int) throws(ReadProblem) {
        guard isError else {
            try place(value != 0 ? "TRUE" : "FALSE", column)
            return
        }
        guard let text = Self.errorTexts[value] else {
            throw .corruptWorkbook(reason: "row \(row + 1) holds the unknown error code 0x\(String(value, radix: 16))")
        }
        try place(text, column)
    }

    /// Puts a cell's text in its column; an empty text leaves the cell empty, so that the row ends
    /// at its last cell with content.
    private mutating func place(_ text: String, _ column: Int, isNumber: Bool = false) throws(ReadProblem) {
        guard column < Self.columnCount else {
            throw .corruptWorkbook(reason: "row \(row + 1) has a cell in column \(column + 1), beyond column IV")
        }
        guard !text.isEmpty else { return }
        if column < cells.count { numberCells.removeAll { $0 == column } }
        cells.place(text, at: column)
        if isNumber { numberCells.append(column) }
    }
}
