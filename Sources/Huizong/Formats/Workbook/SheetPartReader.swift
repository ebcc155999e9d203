/// Builds a sheet's rows from the events of `XMLScanner` over the XML part that holds them: one
/// builder per workbook format (`XLSXRowBuilder`, `ODSRowBuilder`). A sheet's rows need no
/// positions: a row is numbered as the sheet numbers it.
protocol SheetRowBuilding: XMLScanEvents {
    /// A start tag or an empty-element tag.
    mutating func start(_ name: ScannedName, _ attributes: ScannedAttributes) throws(ReadProblem)
    /// Character data, references resolved; one run of text may come in several pieces.
    mutating func characters(_ utf8: UnsafeBufferPointer<UInt8>) throws(ReadProblem)
    /// The next finished row, nil when there is none.
    mutating func takeRow() -> SourceRow?
    /// True once the sheet's rows have all been seen, so that the rest of the part need not be read.
    var isComplete: Bool { get }
}

extension SheetRowBuilding {
    mutating func start(_ name: ScannedName, _ attributes: ScannedAttributes, at _: ScannedPosition) throws(ReadProblem) -> Bool {
        try start(name, attributes)
        return false
    }

    mutating func characters(_ utf8: UnsafeBufferPointer<UInt8>, at _: ScannedPosition) throws(ReadProblem) {
        try characters(utf8)
    }
}

/// Reads one sheet's rows from its part, one row at a time.
///
/// The part is inflated on a thread of its own (`PartStream`) and read chunk by chunk by a
/// `XMLScanner`, which pauses at the end of every row, so memory holds a few 1 MiB chunks and
/// one row however long the sheet is.
final class SheetPartReader<Builder: SheetRowBuilding>: RowSource {
    /// Workbook XML parts are UTF-8.
    let encoding = "UTF-8"
    /// The name of the sheet being read.
    let sheetName: String

    private let stream: PartStream
    private var scanner = XMLScanner()
    /// The builder is at an address of its own rather than in a stored property: Swift checks
    /// exclusive access to a class's stored properties at run time, and the scanner hands the
    /// builder millions of events. Only this reader reaches it, from one call at a time.
    private let builder: UnsafeMutablePointer<Builder>
    private var chunk: [UInt8] = []
    private var failure: ReadProblem?

    /// Starts inflating `part` of `archive`, which from now on belongs to the reader.
    init(part: String, of archive: WorkbookArchive, sheetName: String, builder: Builder) {
        self.sheetName = sheetName
        self.builder = .allocate(capacity: 1)
        self.builder.initialize(to: builder)
        stream = PartStream(part, of: archive, maxBytes: archive.limits.totalBytes)
    }

    deinit {
        stream.cancel()
        builder.deinitialize(count: 1)
        builder.deallocate()
    }

    /// The next row of the sheet, or nil after the last one.
    ///
    /// - Throws: `.malformedXML`, `.invalidBytes`, `.corruptWorkbook`, `.workbookTooLarge`,
    ///   `.tooLarge`, `.tooDeep`; once a call has thrown, every later call throws the same problem.
    func nextRow() throws(ReadProblem) -> SourceRow? {
        if let failure { throw failure }
        do throws(ReadProblem) {
            while true {
                if let row = builder.pointee.takeRow() { return row }
                if builder.pointee.isComplete {
                    stream.cancel()
                    return nil
                }
                switch try scanner.scan(into: &builder.pointee) {
                case .paused:
                    continue
                case .documentType:
                    throw scanner.documentTypeRefusal("document type declaration, which no workbook part has")
                case .needsBytes:
                    if try stream.next(into: &chunk) {
                        scanner.append(chunk)
                    } else {
                        scanner.finishInput()
                    }
                case .finished:
                    return nil
                }
            }
        } catch {
            let problem = error == .empty ? .corruptWorkbook(reason: "the sheet “\(sheetName)” is empty") : error
            failure = problem
            stream.cancel()
            throw problem
        }
    }
}
