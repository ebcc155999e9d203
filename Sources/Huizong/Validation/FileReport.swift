/// What validating one file found (the per-file part of PRODUCT §7.3 `files[]`).
public struct FileReport: Sendable {
    /// The file as the user named it (validate) or relative to the inbox (run).
    public var file: String
    /// `csv`, `xml` or `xlsx`.
    public var format: String
    public var encoding: String?
    public var returnType: String?
    /// The sheet a workbook's return was read from, nil for other files.
    public var sheet: SheetChoice?
    /// Non-blank data rows read.
    public var rowsRead = 0
    public var rowsAccepted = 0
    public var rowsRejected = 0
    public var issues: [Issue] = []

    /// A file-level error rejects the whole file.
    public var isRejectedWhole: Bool {
        issues.contains { $0.code.isFileLevel && $0.severity == .error }
    }

    public var hasErrors: Bool {
        issues.contains { $0.severity == .error }
    }
}

/// The sheet of a workbook that was read, and the others: a workbook's file-level messages name
/// them, so that a clerk whose return sits on another sheet sees why it was not found.
public struct SheetChoice: Sendable, Equatable {
    public var read: String
    public var others: [String]

    init(_ workbook: any WorkbookSource, _ index: Int) {
        read = workbook.sheets[index].name
        others = workbook.sheets.indices.filter { $0 != index }.map { workbook.sheets[$0].name }
    }
}
