/// `outbox/consolidated/<type>.csv` (PRODUCT §7.3): one row per primary key in force, sorted by it;
/// the labels in schema order, then 来源文件 and 来源行号. Streamed from the store to the file.
struct ConsolidatedTable {
    static let sourceLabels = ["来源文件", "来源行号"]
    private static let pieceSize = 1 << 20

    private let writer: AtomicFileWriter
    private var text: CSVText

    init(_ type: ReturnType, path: String) throws(OutputError) {
        writer = try AtomicFile.create(path)
        text = CSVText(header: Self.header(type))
    }

    /// The header row: the labels in schema order, then the source labels.
    static func header(_ type: ReturnType) -> [String] {
        type.fields.map(\.label) + sourceLabels
    }

    /// The row of one version in force: its values, then its source file and row.
    static func cells(_ version: CurrentVersion) -> [String] {
        version.values + [version.file, String(version.row)]
    }

    mutating func append(_ version: CurrentVersion) throws(OutputError) {
        text.append(Self.cells(version))
        if text.bytes.count >= Self.pieceSize { try writer.append(text.take()) }
    }

    mutating func commit() throws(OutputError) {
        try writer.append(text.take())
        try writer.commit()
    }
}
