/// An Excel 97–2003 workbook (.xls, PRODUCT §5 and §12): a BIFF8 `Workbook` stream inside an OLE
/// compound file.
///
/// Opening it reads the stream whole (within `WorkbookLimits.totalBytes`) and the records of its
/// globals substream: the sheets (BOUNDSHEET8), the date system (DATEMODE), the shared strings
/// (SST and its CONTINUE records) and which cell formats are dates (FORMAT and XF). A sheet's cells
/// are read only by the `XLSSheetReader` that `rows(ofSheet:)` returns, one row at a time. The
/// CODEPAGE record is ignored: BIFF8 strings are Unicode.
final class XLSWorkbook: WorkbookSource {
    /// The streams of an .xlsx with an opening password ([MS-OFFCRYPTO]).
    private static let encryptedPackageStreams = ["EncryptionInfo", "EncryptedPackage"]

    let sheets: [WorkbookSheet]

    private let stream: BIFFStream
    /// Where each sheet's substream starts in the stream, by the index of `sheets`.
    private let sheetOffsets: [Int]
    private let globals: XLSGlobals

    /// Opens the workbook at `path` and reads its globals.
    ///
    /// - Throws: `.empty`, `.unreadable`; `.encryptedWorkbook` for an .xls or .xlsx with an opening
    ///   password; `.unsupportedWorkbook` for a compound file that holds no Excel 97–2003 workbook
    ///   (a Word document, an Excel 5.0/95 workbook); `.noWorksheet`; `.workbookTooLarge`; and
    ///   `.corruptWorkbook` for anything damaged.
    init(path: String, limits: WorkbookLimits) throws(ReadProblem) {
        let file = try CompoundFile(path: path, limits: limits)
        if Self.encryptedPackageStreams.allSatisfy(file.contains) { throw .encryptedWorkbook }
        guard let bytes = try file.stream("Workbook") else {
            if file.contains("Book") {
                throw .unsupportedWorkbook(reason: "an Excel 5.0/95 workbook (BIFF5 “Book” stream)")
            }
            let names = file.entries.map(\.name).joined(separator: ", ")
            throw .unsupportedWorkbook(reason: "the compound file holds no Workbook stream, only: \(names)")
        }
        stream = BIFFStream(bytes)
        let globals = try XLSGlobals(stream, maxStringUnits: limits.sharedStringBytes / 2)
        self.globals = globals
        let worksheets = globals.boundSheets.filter(\.isWorksheet)
        guard !worksheets.isEmpty else { throw .noWorksheet }
        sheets = worksheets.map { WorkbookSheet(name: $0.name, isHidden: $0.isHidden) }
        sheetOffsets = worksheets.map(\.offset)
    }

    /// A reader of the rows of `sheets[index]`.
    ///
    /// - Throws: `.corruptWorkbook` when the sheet's substream is not where the workbook says.
    func rows(ofSheet index: Int) throws(ReadProblem) -> any RowSource {
        try XLSSheetReader(stream: stream, offset: sheetOffsets[index], name: sheets[index].name, globals: globals)
    }
}

/// What the globals substream of a BIFF8 workbook says that the sheets need.
struct XLSGlobals {
    /// A BOUNDSHEET8 record: one sheet tab.
    struct BoundSheet {
        var name: String
        /// Where the sheet's BOF record is in the workbook stream.
        var offset: Int
        var isHidden: Bool
        /// False for chart sheets, macro sheets and VBA modules.
        var isWorksheet: Bool
    }

    private(set) var boundSheets: [BoundSheet] = []
    private(set) var dateSystem = ExcelDateSystem.from1900
    private(set) var sharedStrings: [String] = []
    /// For each XF record, by the index a cell's `ixfe` gives, whether its number format is a date.
    private(set) var dateFormats: [Bool] = []

    /// Reads the globals substream at the start of `stream`.
    ///
    /// - Parameter maxStringUnits: the most UTF-16 code units the shared strings may hold.
    /// - Throws: `.unsupportedWorkbook` for a BIFF version other than 8, `.encryptedWorkbook` at a
    ///   FILEPASS record, `.workbookTooLarge` when the shared strings exceed `maxStringUnits`,
    ///   `.corruptWorkbook` for damaged records.
    init(_ stream: BIFFStream, maxStringUnits: Int) throws(ReadProblem) {
        guard let bof = try stream.record(at: 0) else { throw .corruptWorkbook(reason: "the Workbook stream is empty") }
        if BIFFRecordType.olderBOFs.contains(bof.type) {
            throw .unsupportedWorkbook(reason: "a BIFF2–4 workbook (Excel 2.x–4.0)")
        }
        guard bof.type == BIFFRecordType.bof, bof.length >= 4 else {
            throw .corruptWorkbook(reason: "the Workbook stream does not start with a BOF record")
        }
        let version = stream.uint16(bof.start)
        guard version == BIFFSubstream.biff8Version else {
            throw .unsupportedWorkbook(reason: "BIFF version 0x\(String(version, radix: 16)), not BIFF8 (0x600)")
        }
        guard stream.uint16(bof.start + 2) == BIFFSubstream.globals else {
            throw .corruptWorkbook(reason: "the Workbook stream does not start with the workbook globals")
        }
        var formatCodes: [Int: String] = [:]
        var xfFormats: [Int] = []
        var budget = maxStringUnits
        var offset = bof.end
        while let record = try stream.record(at: offset), record.type != BIFFRecordType.eof {
            offset = record.end
            switch record.type {
            case BIFFRecordType.filePass:
                throw .encryptedWorkbook
            case BIFFRecordType.dateMode where record.length >= 2:
                dateSystem = stream.uint16(record.start) == 1 ? .from1904 : .from1900
            case BIFFRecordType.boundSheet:
                boundSheets.append(try Self.boundSheet(record, in: stream))
            case BIFFRecordType.format:
                var cursor = stream.cursor(record)
                let id = Int(try cursor.uint16())
                formatCodes[id] = try cursor.string(countBytes: 2, budget: &budget)
            case BIFFRecordType.extendedFormat where record.length >= 4:
                xfFormats.append(Int(stream.uint16(record.start + 2)))
            case BIFFRecordType.sharedStrings:
                guard let (segments, end) = try stream.continuedRecord(at: record.start - 4) else { break }
                sharedStrings = try Self.sharedStrings(BIFFCursor(stream: stream, segments: segments), budget: &budget)
                offset = end
            default:
                break
            }
        }
        dateFormats = xfFormats.map { ExcelNumberFormat.isDate(id: $0, code: formatCodes[$0]) }
    }

    /// A BOUNDSHEET8 record: the sheet's offset (4 bytes), its state, its type, and its name.
    private static func boundSheet(_ record: BIFFRecord, in stream: BIFFStream) throws(ReadProblem) -> BoundSheet {
        var cursor = stream.cursor(record)
        let offset = Int(try cursor.uint32())
        let state = try cursor.byte()
        let type = try cursor.byte()
        var budget = Int.max
        let name = try cursor.string(countBytes: 1, budget: &budget)
        return BoundSheet(name: name, offset: offset, isHidden: state & 0x03 != 0, isWorksheet: type == 0)
    }

    /// The strings of the SST: a total count and a unique count (4 bytes each), then the unique
    /// strings. A unique count that promises more strings than the records hold is not believed:
    /// reading stops at their end.
    private static func sharedStrings(_ cursor: BIFFCursor, budget: inout Int) throws(ReadProblem) -> [String] {
        var cursor = cursor
        _ = try cursor.uint32()
        let unique = Int(try cursor.uint32())
        var strings: [String] = []
        strings.reserveCapacity(min(unique, 1 << 16))
        while strings.count < unique, !cursor.isAtEnd {
            strings.append(try cursor.string(countBytes: 2, budget: &budget))
        }
        return strings
    }
}
