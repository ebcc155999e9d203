/// `outbox/consolidated/<type>.csv` (PRODUCT §7.3): one row per primary key in force, sorted by it;
/// the labels in schema order, then 来源文件 and 来源行号.
enum ConsolidatedTable {
    static let sourceLabels = ["来源文件", "来源行号"]

    static func csv(_ type: ReturnType, versions: [CurrentVersion]) -> [UInt8] {
        var text = CSVText(header: type.fields.map(\.label) + sourceLabels)
        for version in versions {
            text.append(version.values + [version.file, String(version.row)])
        }
        return text.bytes
    }
}
