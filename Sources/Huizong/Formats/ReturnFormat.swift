/// The formats a return comes in (PRODUCT §5, §12), each read by its own reader: `CSVReader`
/// hands over rows as a `RowSource`, the workbooks (`XLSXWorkbook`, `XLSWorkbook`, `ODSWorkbook`)
/// their sheets as `WorkbookSource`s, `XMLReturnReader` rows bound to the fields its root names.
///
/// A file's name says that it is a return; its first bytes say which format it is. A zip is a
/// workbook (OpenDocument when it says so, else Office Open XML), a compound file an .xls (or a
/// workbook with a password, which its reader tells), text whose first character is `<` is XML,
/// other text is CSV: a workbook named .csv, or a CSV named .xlsx, is read as what it is. Only where
/// the bytes say nothing (an empty file, white space, bytes that are no text) does the name decide.
public enum ReturnFormat: String, Sendable {
    /// `xlsx` covers .xlsm, whose macros are never run; `xls` covers WPS's .et.
    case csv, xml, xlsx, xls, ods

    /// The extensions that mark a return, and the format each names.
    private static let extensions: [String: ReturnFormat] = [
        ".csv": .csv, ".txt": .csv, ".tsv": .csv, ".xml": .xml, ".xlsx": .xlsx, ".xlsm": .xlsx,
        ".xls": .xls, ".et": .xls, ".ods": .ods,
    ]

    /// True for the spreadsheet formats, whose error reports are workbooks.
    public var isWorkbook: Bool {
        switch self {
        case .xlsx, .xls, .ods: true
        case .csv, .xml: false
        }
    }

    /// How many bytes of a file are looked at.
    static let headLength = 512

    /// The format `name`'s extension names; nil for a file that is no return.
    public init?(name: String) {
        guard let format = Self.extensions[FileName(name).ext.lowercased()] else { return nil }
        self = format
    }

    /// The format of the file at `path`, a return named `name`: by its first bytes, else by the name.
    public static func of(path: String, named name: String) -> ReturnFormat? {
        var head: [UInt8] = []
        if let input = try? ByteInput(path: path, chunkSize: headLength) {
            _ = try? input.readChunk(into: &head)
        }
        return content(head) ?? ReturnFormat(name: name)
    }

    /// The first entry of an OpenDocument spreadsheet: its media type, stored uncompressed, as the
    /// standard requires and every producer writes it.
    private static let openDocumentSpreadsheet = Array("mimetypeapplication/vnd.oasis.opendocument.spreadsheet".utf8)

    /// The format the first bytes of a file show, nil when they show none.
    static func content(_ head: [UInt8]) -> ReturnFormat? {
        let zip: [[UInt8]] = [[0x50, 0x4B, 0x03, 0x04], [0x50, 0x4B, 0x05, 0x06]]
        if zip.contains(where: head.starts) {
            let firstEntry = head.dropFirst(30)
            return firstEntry.starts(with: openDocumentSpreadsheet) ? .ods : .xlsx
        }
        if head.starts(with: WorkbookArchive.compoundFileMagic) { return .xls }
        guard let first = firstCharacter(head) else { return nil }
        return first == UInt8(ascii: "<") ? .xml : .csv
    }

    /// The first character after a byte order mark and white space, if it is ASCII; nil for a file
    /// of nothing else, or bytes that are no text (a NUL outside UTF-16).
    private static func firstCharacter(_ head: [UInt8]) -> UInt8? {
        func isSpace(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
        }
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
            let (low, high) = head[0] == 0xFF ? (0, 1) : (1, 0)
            for i in stride(from: 2, to: head.count - 1, by: 2) {
                let unit = UInt16(head[i + low]) | UInt16(head[i + high]) << 8
                if unit < 0x80, isSpace(UInt8(unit)) { continue }
                return unit < 0x80 ? UInt8(unit) : 0x80
            }
            return nil
        }
        let text = head.starts(with: [0xEF, 0xBB, 0xBF]) ? head.dropFirst(3) : head[...]
        guard !text.contains(0) else { return nil }
        return text.first { !isSpace($0) }
    }
}
