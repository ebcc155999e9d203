/// The issue codes of PRODUCT §6. Their raw values are a contract: reports and other programs use them.
public enum IssueCode: String, Sendable, CaseIterable, Codable {
    case formatError = "format-error"
    case encodingError = "encoding-error"
    case unknownReturnType = "unknown-return-type"
    case blankLabel = "blank-label"
    case duplicateLabel = "duplicate-label"
    case missingLabel = "missing-label"
    case extraLabel = "extra-label"
    case extraCell = "extra-cell"
    case missingCell = "missing-cell"
    case typeError = "type-error"
    case constraintError = "constraint-error"
    case checksumError = "checksum-error"
    case rowConstraint = "row-constraint"
    case primaryKey = "primary-key"
    case foreignKey = "foreign-key"
    case conflict = "conflict"
    case registryMismatch = "registry-mismatch"
    case duplicateFile = "duplicate-file"
    case needsExplanation = "needs-explanation"
    case explained = "explained"
    case locked = "locked"
    case storedAsNumber = "stored-as-number"
    case emptyReturn = "empty-return"
    case notAuthorised = "not-authorised"

    /// The code's entry in the catalogue: severity, level, title, advice and examples.
    public var entry: IssueCatalogue.Entry { IssueCatalogue[self] }

    public var severity: Severity { entry.severity }

    /// File-level codes reject the whole file (errors) or concern no single row (warnings): those
    /// about the file and those about its header.
    public var isFileLevel: Bool { entry.level == .file || entry.level == .header }
}

public enum Severity: String, Sendable, Codable {
    case error
    case warning
}
