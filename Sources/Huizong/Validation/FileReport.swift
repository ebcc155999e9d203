/// What validating one file found (the per-file part of PRODUCT §7.3 `files[]`).
public struct FileReport: Sendable {
    /// The file as the user named it (validate) or relative to the inbox (run).
    public var file: String
    /// `csv`, `xml` or `xlsx`.
    public var format: String
    public var encoding: String?
    public var returnType: String?
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
