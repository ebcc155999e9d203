import Foundation

/// Validates return files against the plan schema and the unit registry (PRODUCT §5, §6).
///
/// Files are streamed row by row; a file that cannot be read yields a file-level issue, never a
/// crash, so the other files go on.
public struct ReturnValidator: Sendable {
    public let schema: PlanSchema
    public let registry: Registry
    private let headers: HeaderMatcher

    public init(schema: PlanSchema, registry: Registry) {
        self.schema = schema
        self.registry = registry
        headers = HeaderMatcher(schema: schema)
    }

    /// Validates one file.
    /// - Parameters:
    ///   - path: where to read it.
    ///   - name: how reports name it; its extension says that it is a return, and its content which
    ///     format (`ReturnFormat`; `path` may be a descriptor's `/proc/self/fd/N`).
    ///   - onRow: called for every checked data row, in file order.
    public func validate(path: String, name: String, onRow: (RowOutcome) -> Void = { _ in }) -> FileReport {
        guard ReturnFormat(name: name) != nil, let format = ReturnFormat.of(path: path, named: name) else {
            let fileName = FileName(name)
            var report = FileReport(file: name, format: "unknown")
            report.issues.append(fileIssue(name, .unreadable(.unknownExtension(fileName.ext.isEmpty ? fileName.base : fileName.ext))))
            return report
        }
        var report = FileReport(file: name, format: format.rawValue)
        let limits = schema.limits
        do throws(ReadProblem) {
            if let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int, size > limits.fileBytes {
                throw ReadProblem.tooLarge(limit: ReadLimits.text(bytes: limits.fileBytes))
            }
            switch format {
            case .csv:
                try validateTable(CSVReader(path: path, recordLimit: limits.rowBytes), into: &report, onRow: onRow)
            case .xml:
                try validateXML(XMLReturnReader(path: path), into: &report, onRow: onRow)
            case .xlsx:
                try validateWorkbook(XLSXWorkbook(path: path, limits: workbookLimits), into: &report, onRow: onRow)
            case .xls:
                try validateWorkbook(XLSWorkbook(path: path, limits: workbookLimits), into: &report, onRow: onRow)
            case .ods:
                try validateWorkbook(ODSWorkbook(path: path, limits: workbookLimits), into: &report, onRow: onRow)
            }
            if report.returnType != nil, report.rowsRead == 0, !report.isRejectedWhole { report.issues.append(fileIssue(name, .emptyReturn)) }
        } catch {
            report.issues.append(fileIssue(name, .unreadable(error)))
            // A file that cannot be read to its end is rejected whole, the rows before the fault too.
            report.rowsRejected += report.rowsAccepted
            report.rowsAccepted = 0
        }
        if let sheet = report.sheet {
            for i in report.issues.indices where report.issues[i].code.isFileLevel {
                report.issues[i].sheet = sheet
            }
        }
        report.issues = Self.inReadingOrder(report.issues)
        return report
    }

    /// A CSV's header is its first line that is not blank.
    private func validateTable(_ source: any RowSource, into report: inout FileReport,
                               onRow: (RowOutcome) -> Void) throws(ReadProblem) {
        report.encoding = source.encoding
        switch try header(of: source, within: 1, file: report.file) {
        case .noRows:
            throw .empty
        case .noMatch:
            report.issues.append(fileIssue(report.file, .unknownReturnType(titles: schema.returnTypes.map(\.title))))
        case .found(let match):
            try checkRows(of: source, under: match, into: &report, onRow: onRow)
        }
    }

    /// The plan's limits on what a workbook may inflate to.
    private var workbookLimits: WorkbookLimits {
        var limits = WorkbookLimits()
        limits.totalBytes = schema.limits.unzippedBytes
        limits.compressionRatio = schema.limits.unzipRatio
        return limits
    }

    /// Rows a workbook may have above its header: a title, notes, the unit's name and date.
    private static let rowsBeforeHeader = 30

    /// A workbook's return is on the sheet named after a return type, else on the first sheet whose
    /// header matches a type, visible sheets first; sheets with nothing on them are passed over.
    /// The header is the first row that matches a type: titles and notes above it are skipped
    /// (PRODUCT §5).
    private func validateWorkbook(_ workbook: any WorkbookSource, into report: inout FileReport,
                                  onRow: (RowOutcome) -> Void) throws(ReadProblem) {
        let named = workbook.sheet(namedOneOf: schema.returnTypes.map(\.title))
        var unmatched: Int?
        for index in named.map({ [$0] }) ?? workbook.searchOrder {
            let source = try workbook.rows(ofSheet: index)
            report.encoding = source.encoding
            report.sheet = SheetChoice(workbook, index)
            switch try header(of: source, within: Self.rowsBeforeHeader, file: report.file) {
            case .noRows:
                continue
            case .noMatch:
                if unmatched == nil { unmatched = index }
            case .found(let match):
                try checkRows(of: source, under: match, into: &report, onRow: onRow)
                return
            }
        }
        guard let unmatched else {
            report.sheet = nil
            throw .empty
        }
        report.sheet = SheetChoice(workbook, unmatched)
        report.issues.append(fileIssue(report.file, .unknownReturnType(titles: schema.returnTypes.map(\.title))))
    }

    /// What the first rows of a table say of its return type.
    private enum HeaderSearch {
        /// Nothing but blank rows.
        case noRows
        /// Rows, none of which matches a return type.
        case noMatch
        case found(HeaderMatcher.Match)
    }

    /// Reads up to `limit` rows that are not blank, until one matches a return type's header.
    private func header(of source: any RowSource, within limit: Int, file: String) throws(ReadProblem) -> HeaderSearch {
        var looked = 0
        while looked < limit, let row = try Self.nextFilledRow(of: source) {
            looked += 1
            if let match = headers.match(Array(row.cells), file: file) { return .found(match) }
        }
        return looked == 0 ? .noRows : .noMatch
    }

    /// The next row that is not blank (PRODUCT §5 skips those).
    private static func nextFilledRow(of source: any RowSource) throws(ReadProblem) -> SourceRow? {
        while let row = try source.nextRow() {
            if !row.isBlank { return row }
        }
        return nil
    }

    /// Checks the rows after the header `match` found.
    private func checkRows(of source: any RowSource, under match: HeaderMatcher.Match, into report: inout FileReport,
                           onRow: (RowOutcome) -> Void) throws(ReadProblem) {
        report.returnType = match.type.name
        report.issues += match.issues
        let checker = RowChecker(type: match.type, columnFields: match.columnFields, width: match.width,
                                 schema: schema, registry: registry, file: report.file)
        if report.isRejectedWhole {
            while let row = try Self.nextFilledRow(of: source) {
                let outcome = RowOutcome(returnType: match.type.name, row: row.number, issues: [], values: RowValues(count: 0),
                                         original: checker.original(row), wasChecked: false)
                try count(outcome, into: &report)
                onRow(outcome)
            }
            return
        }
        try checkInBatches(checker, into: &report, onRow: onRow) { () throws(ReadProblem) in
            try Self.nextFilledRow(of: source).map { ($0, []) }
        }
    }

    /// XML rows come bound to the fields of the type the root names (PRODUCT §5): an unknown
    /// element is reported once per file and ignored, a field element given twice in one row is an
    /// error of that row. Rows are not skipped when blank: a `<row/>` is a row the unit sent.
    private func validateXML(_ reader: XMLReturnReader, into report: inout FileReport,
                             onRow: (RowOutcome) -> Void) throws(ReadProblem) {
        let typeName = try reader.readRoot()
        report.encoding = reader.encoding
        guard let type = typeName.flatMap(schema.returnType(named:)) else {
            let known = schema.returnTypes.map { LabeledValue(label: $0.title, value: $0.name) }
            report.issues.append(fileIssue(report.file, .unknownXMLType(typeName, known: known)))
            return
        }
        report.returnType = type.name
        reader.bindFields(type.fields.map(\.key))
        let checker = RowChecker(type: type, columnFields: type.fields.indices.map { $0 }, width: type.fields.count,
                                 schema: schema, registry: registry, file: report.file)
        let file = report.file
        var unknownElements: [Issue] = []
        try checkInBatches(checker, into: &report, onRow: onRow) { () throws(ReadProblem) in
            guard let read = try reader.nextRow() else { return nil }
            for name in read.unknownElements where !schema.ignoredLabels.contains(name) {
                unknownElements.append(Issue(file: file, row: nil, field: nil, label: name, code: .extraLabel,
                                             value: name, finding: .unknownElement))
            }
            let repeated = read.repeatedFields.map { element in
                let field = type.fields[element.field]
                return Issue(file: file, row: read.row.number, field: field.key, label: field.label, code: .extraCell,
                             value: element.text, finding: .repeatedElement(field.key))
            }
            return (read.row, repeated)
        }
        report.issues += unknownElements
    }

    /// Rows checked together on every core (`RowChecker.check(_:)`).
    private static let batchSize = 2048

    /// Batches read and started ahead of the one being handed on.
    private static let batchesAhead = 2

    /// Checks the rows `next` reads a batch at a time on the worker threads, then counts each
    /// outcome and hands it to `onRow` in file order, on this thread. The rows are read on a thread
    /// of their own meanwhile, so reading the next batches, checking them and handing on the last
    /// all run at once. The rows read before a read fault are still counted and handed on.
    /// - Parameter next: the next row and the issues reading it found, which come first in its outcome.
    private func checkInBatches(_ checker: RowChecker, into report: inout FileReport, onRow: (RowOutcome) -> Void,
                                next: () throws(ReadProblem) -> (SourceRow, [Issue])?) throws(ReadProblem) {
        let batches = BatchQueue<(rows: RowsInCheck, readingIssues: [[Issue]])>(capacity: Self.batchesAhead)
        var readFault: ReadProblem?
        var handOnFault: ReadProblem?
        Parallel.alongside({
            var rows: [SourceRow] = []
            var readingIssues: [[Issue]] = []
            func startBatch() -> Bool {
                defer {
                    rows = []
                    readingIssues = []
                }
                return batches.put((checker.startChecking(rows), readingIssues))
            }
            defer { batches.finish() }
            do throws(ReadProblem) {
                while let (row, issues) = try next() {
                    rows.append(row)
                    readingIssues.append(issues)
                    if rows.count == Self.batchSize, !startBatch() { return }
                }
            } catch {
                readFault = error
            }
            if !rows.isEmpty { _ = startBatch() }
        }, {
            do throws(ReadProblem) {
                while let batch = batches.take() {
                    var row = 0
                    try checker.outcomes(of: batch.rows) { (outcome: inout RowOutcome) throws(ReadProblem) in
                        if !batch.readingIssues[row].isEmpty { outcome.issues.insert(contentsOf: batch.readingIssues[row], at: 0) }
                        row += 1
                        try count(outcome, into: &report)
                        onRow(outcome)
                    }
                }
            } catch {
                handOnFault = error
                batches.cancel()
            }
        })
        if let fault = handOnFault ?? readFault { throw fault }
    }

    /// File-level issues first, then by row; the order of discovery within a row is kept.
    ///
    /// Issues already in that order, as a file's own are, are handed back as they are; others are
    /// put in order through their places alone and copied once: a large file's issues are a
    /// large part of what validating it holds, and sorting the issues themselves copied them thrice.
    static func inReadingOrder(_ issues: [Issue]) -> [Issue] {
        func row(_ place: Int) -> Int { issues[place].row ?? 0 }
        if issues.indices.dropFirst().allSatisfy({ row($0 - 1) <= row($0) }) { return issues }
        return issues.indices.sorted { (row($0), $0) < (row($1), $1) }.map { issues[$0] }
    }

    private func count(_ outcome: RowOutcome, into report: inout FileReport) throws(ReadProblem) {
        guard report.rowsRead < schema.limits.rows else { throw .tooManyRows(limit: schema.limits.rows) }
        report.rowsRead += 1
        report.issues += outcome.issues
        if outcome.isAccepted { report.rowsAccepted += 1 } else { report.rowsRejected += 1 }
    }

    private func fileIssue(_ file: String, _ finding: Finding) -> Issue {
        let code: IssueCode = switch finding {
        case .unreadable(let problem): problem.code
        case .emptyReturn: .emptyReturn
        default: .unknownReturnType
        }
        return Issue(file: file, row: nil, field: nil, label: nil, code: code, value: nil, finding: finding)
    }
}
