/// One problem found in a return, as reports show it (PRODUCT §6, §7.3 `issues[]`).
public struct Issue: Sendable, Equatable {
    /// The file as the user named it (validate) or relative to the inbox (run).
    public var file: String
    /// The row number a clerk sees (PRODUCT §5); nil for file-level issues.
    public var row: Int?
    /// The field key, or nil.
    public var field: String?
    /// The column label a clerk sees, or nil.
    public var label: String?
    public var code: IssueCode
    /// Which constraint failed, for `constraint-error` (`required`, `enum`, `pattern`, …).
    public var constraint: String?
    /// The rule id, for `row-constraint`.
    public var rule: String?
    /// The value as given.
    public var value: String?
    public var finding: Finding
    /// Set where the schema decides a code's severity: a rule of `level: warning` (PRODUCT §11.1).
    public var severityOverride: Severity? = nil
    /// For a file-level issue of a workbook: the sheet read, and the others.
    public var sheet: SheetChoice? = nil

    public var severity: Severity { severityOverride ?? code.severity }

    public func message(_ language: Language) -> String {
        Messages.text(self, language) + (sheet.map { Messages.sheetNote($0, language) } ?? "")
    }

    /// What a reader said about a file it could not read (the XML parser's reason, a missing
    /// part's name, the system's error), for the office and for whoever looks into it; never part
    /// of the message, which a clerk reads. Nil for every other issue.
    public var detail: String? {
        if case .unreadable(let problem) = finding { Messages.detail(problem) } else { nil }
    }
}

/// What exactly is wrong: the facts a message is made from.
public enum Finding: Sendable, Equatable {
    case unreadable(ReadProblem)
    case unknownReturnType(titles: [String])
    /// The `type` of `<return>` (nil when absent); `known` pairs each type's title with its name.
    case unknownXMLType(String?, known: [LabeledValue])
    case blankLabel(column: Int)
    case duplicateLabel(column: Int, firstColumn: Int, firstLabel: String)
    case missingLabel
    case extraLabel
    /// An XML element that is no field of the return type.
    case unknownElement
    /// A field element given twice in one `<row>`.
    case repeatedElement(String)
    case extraCell(expected: Int, found: Int)
    case missingCell(expected: Int, found: Int)
    case notOfType(FieldType)
    /// A code a spreadsheet stored as a number, or typed in scientific notation: digits are lost.
    case codeTurnedIntoNumber
    /// A code a spreadsheet stored as a number with every digit still there.
    case codeStoredAsNumber
    case structuredValue
    /// A spreadsheet formula whose result the file does not hold.
    case unsavedFormula
    case required(hint: LocalizedText?)
    case notInEnum([String])
    /// `length` characters after normalisation.
    case wrongLength(length: Int, minimum: Int?, maximum: Int?)
    case patternMismatch(hint: LocalizedText?)
    case belowMinimum(Bound)
    case aboveMaximum(Bound)
    case wrongCheckCharacter(expected: Character)
    case unregistered(unitType: String)
    case wrongUnitType(expected: String, registeredAs: String)
    case nameDiffers(registered: String)
    /// A rule's message, the row's values of the fields it uses, and the plan's score bands when it uses them.
    case ruleFailed(LocalizedText, values: [LabeledValue], bands: [ScoreBand])
    case duplicateKey(firstRow: Int, labels: [String])
    /// The same primary key with other values in another file of the same run.
    case conflict(otherFile: String, otherRow: Int, labels: [String])
    /// The same bytes were processed before, as `firstName` on `firstSeen` (YYYY-MM-DD).
    case duplicateFile(firstName: String, firstSeen: String)
    /// A `verify` rule failed and the row has no 填报说明: the rule's message, the row's values of
    /// the fields it uses and, for history rules, the previous period's values (PRODUCT §11.1, §11.2).
    case needsExplanation(LocalizedText, values: [LabeledValue], previous: [LabeledValue], previousPeriod: String?)
    /// A `verify` rule failed and the row's 填报说明 explains it; the issue's value is the explanation.
    case explained(LocalizedText, previousPeriod: String?)
    /// The unit's return for the period is approved, or the period is closed (PRODUCT §11.4).
    case locked(LockReason)
    /// A header and not a single data row.
    case emptyReturn
    /// A row, in a file submitted through the portal, for a unit the submitting account may not file for.
    case notAuthorised(account: String)
}

/// Why rows for a unit and period are no longer taken (PRODUCT §11.4).
public enum LockReason: Sendable, Equatable {
    /// The office approved the unit's return for the period: who, and when (ISO 8601).
    case approved(by: String, at: String)
    /// The office closed the period (关账): who, and when.
    case closed(period: String, by: String, at: String)
}

/// A column label with the value a row holds in it, quoted in rule messages.
public struct LabeledValue: Sendable, Equatable {
    public var label: String
    public var value: String
}
