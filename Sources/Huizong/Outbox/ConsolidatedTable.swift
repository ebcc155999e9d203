/// `outbox/consolidated/<type>.csv` (PRODUCT §7.3): one row per primary key in force, sorted by it;
/// the labels in schema order (the 填报说明 field aside), then 来源文件, 来源行号, 填报说明 and 审核状态.
/// Streamed from the store to the file.
struct ConsolidatedTable {
    static let sourceLabels = ["来源文件", "来源行号"]
    static let explanationLabel = "填报说明"
    static let stateLabel = "审核状态"
    private static let pieceSize = 1 << 20

    private let writer: AtomicFileWriter
    private var text: CSVText

    init(_ type: ReturnType, path: String) throws(OutputError) {
        writer = try AtomicFile.create(path)
        text = CSVText(header: Self.header(type))
    }

    /// The columns after the fields, as PRODUCT §7.3 pins them; the explanation keeps the plan's label.
    static func trailingLabels(_ type: ReturnType) -> [String] {
        sourceLabels + [type.explanationField.map { type.fields[$0].label } ?? explanationLabel, stateLabel]
    }

    /// The fields shown under their labels: all but 填报说明, which goes after the source so that the
    /// columns are the same whether or not the plan declares it.
    static func fieldColumns(_ type: ReturnType) -> [Int] {
        type.fields.indices.filter { $0 != type.explanationField }
    }

    static func header(_ type: ReturnType) -> [String] {
        fieldColumns(type).map { type.fields[$0].label } + trailingLabels(type)
    }

    /// The row of one version in force: its values, its source file and row, its explanation and
    /// its review state (always in Chinese: the table is a return, and returns are read in Chinese).
    static func cells(_ type: ReturnType, _ version: CurrentVersion) -> [String] {
        fieldColumns(type).map { value(version, at: $0) }
            + [version.file, String(version.row), explanation(type, version), version.state.label(.zh)]
    }

    /// The value of field `index`; empty where the version was stored before the field was added.
    static func value(_ version: CurrentVersion, at index: Int) -> String {
        index < version.values.count ? version.values[index] : ""
    }

    static func explanation(_ type: ReturnType, _ version: CurrentVersion) -> String {
        type.explanationField.map { value(version, at: $0) } ?? ""
    }

    mutating func append(_ type: ReturnType, _ version: CurrentVersion) throws(OutputError) {
        text.append(Self.cells(type, version))
        if text.bytes.count >= Self.pieceSize { try writer.append(text.take()) }
    }

    mutating func commit() throws(OutputError) {
        try writer.append(text.take())
        try writer.commit()
    }
}
