/// Builds a sheet's rows from expat's events over the XML part that holds them: one builder per
/// workbook format (`XLSXSheetRowBuilder`, `ODSRowBuilder`).
protocol SheetRowBuilding {
    /// A start tag or an empty-element tag.
    mutating func start(_ name: XMLName, _ attributes: XMLAttributes) throws(ReadProblem)
    /// The end of the innermost open element.
    ///
    /// - Returns: true when a row is ready for `takeRow()`, or the sheet has ended: expat is then
    ///   suspended until the reader has taken what is ready.
    mutating func end() throws(ReadProblem) -> Bool
    mutating func characters(_ utf8: UnsafeBufferPointer<UInt8>) throws(ReadProblem)
    /// The next finished row, nil when there is none.
    mutating func takeRow() -> SourceRow?
    /// True once the sheet's rows have all been seen, so that the rest of the part need not be read.
    var isComplete: Bool { get }
}

/// Reads one sheet's rows from its part, one row at a time.
///
/// The part is inflated on a thread of its own (`PartStream`) and parsed chunk by chunk with expat,
/// which is suspended at the end of every row, so memory holds a few 1 MiB chunks and one row
/// however long the sheet is.
final class SheetPartReader<Builder: SheetRowBuilding>: RowSource {
    /// Workbook XML parts are UTF-8.
    let encoding = "UTF-8"
    /// The name of the sheet being read.
    let sheetName: String

    private let stream: PartStream
    private let assembler: SheetRowAssembler<Builder>
    private let parser: ExpatParser
    private var chunk: [UInt8] = []
    private var failure: ReadProblem?

    /// Starts inflating `part` of `archive`, which from now on belongs to the reader.
    init(part: String, of archive: WorkbookArchive, sheetName: String, builder: Builder) {
        self.sheetName = sheetName
        assembler = SheetRowAssembler(builder)
        parser = ExpatParser(encoding: .utf8, delegate: assembler)
        stream = PartStream(part, of: archive, maxBytes: archive.limits.totalBytes)
    }

    deinit {
        stream.cancel()
    }

    /// The next row of the sheet, or nil after the last one.
    ///
    /// - Throws: `.malformedXML`, `.corruptWorkbook`, `.workbookTooLarge`, `.tooLarge`, `.tooDeep`;
    ///   once a call has thrown, every later call throws the same problem.
    func nextRow() throws(ReadProblem) -> SourceRow? {
        if let failure { throw failure }
        do throws(ReadProblem) {
            while true {
                if let row = assembler.takeRow() { return row }
                if assembler.isComplete {
                    stream.cancel()
                    return nil
                }
                if parser.isSuspended {
                    try parser.resume()
                } else if parser.isFinished {
                    return nil
                } else if try stream.next(into: &chunk) {
                    try parser.parse(chunk[...], isFinal: false)
                } else {
                    try parser.parse([], isFinal: true)
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

/// Hands expat's events over a sheet's part to a builder, and suspends expat whenever the builder
/// has a row ready.
///
/// The builder is a struct at an address of its own rather than in a stored property: Swift checks
/// exclusive access to a class's stored properties at run time, once for each field an event
/// touched and still once an event for a struct property, and a sheet of 100,000 rows has ten
/// million events. Only this class reaches the builder, from one expat call at a time.
private final class SheetRowAssembler<Builder: SheetRowBuilding>: ExpatParserDelegate {
    private let builder: UnsafeMutablePointer<Builder>

    init(_ initial: Builder) {
        builder = .allocate(capacity: 1)
        builder.initialize(to: initial)
    }

    deinit {
        builder.deinitialize(count: 1)
        builder.deallocate()
    }

    var isComplete: Bool { builder.pointee.isComplete }

    func takeRow() -> SourceRow? {
        builder.pointee.takeRow()
    }

    func parser(_ parser: ExpatParser, didStartElement name: XMLName, attributes: XMLAttributes) throws(ReadProblem) {
        try builder.pointee.start(name, attributes)
    }

    func parserDidEndElement(_ parser: ExpatParser) throws(ReadProblem) {
        if try builder.pointee.end() { parser.suspend() }
    }

    func parser(_ parser: ExpatParser, foundCharacters utf8: UnsafeBufferPointer<UInt8>) throws(ReadProblem) {
        try builder.pointee.characters(utf8)
    }
}
