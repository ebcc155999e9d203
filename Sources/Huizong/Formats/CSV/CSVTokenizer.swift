/// An RFC 4180 CSV tokenizer: an explicit state machine over UTF-8 bytes that does no I/O.
///
/// The caller feeds bytes in chunks cut anywhere — between the two quotes of an escaped quote, or
/// between the CR and LF of a line end — and `feed` stops right after each completed record, so the
/// caller takes the record (`fields()`, `recordLine`) before feeding the rest of the chunk. Bytes are
/// copied once into a reusable record buffer and fields are kept as end offsets into it: nothing is
/// allocated per field, and a record is handed out as those two buffers (`RowCells`).
///
/// Leniency follows what spreadsheet programs write and read: a quote inside an unquoted field is
/// kept literally, and text after a closing quote continues the field. CR, LF and CRLF all end a
/// record. An empty line is a record of one empty field, so line numbers stay those a clerk sees.
public struct CSVTokenizer {
    /// The default bound on the memory of one record: far beyond any honest return row, and small
    /// enough that a hostile file cannot exhaust memory.
    public static let defaultRecordLimit = 64 << 20

    /// What a field costs against the limit besides its bytes: its end offset now and the value it
    /// becomes later. Without it a line of nothing but delimiters would escape the bound.
    static let fieldCost = 32

    private static let quote = UInt8(ascii: "\"")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let lineFeed = UInt8(ascii: "\n")

    private enum State {
        /// Before the first byte of a record; ending the input here adds no record.
        case startRecord
        /// A record just ended with CR: an LF next is part of the same line end.
        case recordEndedByCR
        /// After a delimiter; ending the input here completes a record with an empty last field.
        case startField
        case inField
        case inQuotedField
        /// A CR inside quotes: an LF next does not start another line.
        case inQuotedFieldAfterCR
        /// A quote inside a quoted field: either the first of an escaped pair or the closing quote.
        case quoteInQuotedField
    }

    public let delimiter: UInt8
    /// The most memory one record may take: its bytes plus `fieldCost` per field.
    public let recordLimit: Int
    /// The line (1-based) on which the record last completed starts.
    public private(set) var recordLine = 1

    private var state = State.startRecord
    private var line = 1
    private var recordIsComplete = false
    private var bytes: [UInt8] = []
    private var fieldEnds: [UInt32] = []
    private var budget: Int

    /// - Parameters:
    ///   - delimiter: the field separator; it must not be a quote, CR or LF.
    ///   - recordLimit: the most memory one record may take (see `recordLimit`).
    public init(delimiter: UInt8 = UInt8(ascii: ","), recordLimit: Int = defaultRecordLimit) {
        precondition(![Self.quote, Self.carriageReturn, Self.lineFeed].contains(delimiter), "delimiter cannot be a quote or line end")
        self.delimiter = delimiter
        self.recordLimit = recordLimit
        budget = recordLimit
    }

    /// Consumes bytes from `input` until a record is complete or the input is used up.
    ///
    /// - Returns: how many bytes of `input` were consumed, and whether a record is complete; if so,
    ///   read it with `fields()` and `recordLine` before the next call, then feed the rest.
    /// - Throws: `ReadProblem.tooLarge` when the record grows beyond `recordLimit`.
    public mutating func feed(_ input: UnsafeBufferPointer<UInt8>) throws(ReadProblem) -> (consumed: Int, recordEnded: Bool) {
        if recordIsComplete { beginRecord() }
        let count = input.count
        var index = 0
        while index < count {
            switch state {
            case .recordEndedByCR:
                if input[index] == Self.lineFeed { index += 1 }
                state = .startRecord
            case .quoteInQuotedField where input[index] == Self.quote:
                index += 1
                try append(Self.quote)
                state = .inQuotedField
            case .startRecord, .startField, .quoteInQuotedField:
                // After a closing quote the field goes on as at its start: a delimiter or line end
                // closes it, anything else is kept literally (a quote there was the escape above).
                let byte = input[index]
                if byte == Self.quote {
                    index += 1
                    state = .inQuotedField
                } else if byte == delimiter {
                    index += 1
                    try endField()
                    state = .startField
                } else if byte == Self.carriageReturn || byte == Self.lineFeed {
                    try endRecord(terminator: byte)
                    return (index + 1, true)
                } else {
                    state = .inField
                }
            case .inField:
                let start = index
                while index < count {
                    let byte = input[index]
                    if byte == delimiter || byte == Self.lineFeed || byte == Self.carriageReturn { break }
                    index += 1
                }
                try append(UnsafeBufferPointer(rebasing: input[start..<index]))
                guard index < count else { break }
                let byte = input[index]
                index += 1
                if byte == delimiter {
                    try endField()
                    state = .startField
                } else {
                    try endRecord(terminator: byte)
                    return (index, true)
                }
            case .inQuotedField:
                let start = index
                while index < count {
                    let byte = input[index]
                    if byte == Self.quote || byte == Self.lineFeed || byte == Self.carriageReturn { break }
                    index += 1
                }
                try append(UnsafeBufferPointer(rebasing: input[start..<index]))
                guard index < count else { break }
                let byte = input[index]
                index += 1
                if byte == Self.quote {
                    state = .quoteInQuotedField
                } else {
                    try append(byte)
                    line += 1
                    if byte == Self.carriageReturn { state = .inQuotedFieldAfterCR }
                }
            case .inQuotedFieldAfterCR:
                if input[index] == Self.lineFeed {
                    try append(Self.lineFeed)
                    index += 1
                }
                state = .inQuotedField
            }
        }
        return (count, false)
    }

    /// Ends the input.
    ///
    /// - Returns: whether a last record, one without a line end after it, is complete.
    /// - Throws: `ReadProblem.unterminatedQuote` with the line where the record started when a quoted
    ///   field is still open.
    public mutating func finish() throws(ReadProblem) -> Bool {
        if recordIsComplete { beginRecord() }
        switch state {
        case .startRecord, .recordEndedByCR:
            return false
        case .inQuotedField, .inQuotedFieldAfterCR:
            throw .unterminatedQuote(line: recordLine)
        case .startField, .inField, .quoteInQuotedField:
            try endField()
            recordIsComplete = true
            state = .startRecord
            return true
        }
    }

    /// The fields of the record last completed, copied out of the reused buffers at their size.
    public func fields() -> RowCells {
        RowCells(bytes: bytes, ends: fieldEnds).compacted()
    }

    private mutating func beginRecord() {
        bytes.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        budget = recordLimit
        recordLine = line
        recordIsComplete = false
    }

    private mutating func endRecord(terminator: UInt8) throws(ReadProblem) {
        try endField()
        recordIsComplete = true
        line += 1
        state = terminator == Self.carriageReturn ? .recordEndedByCR : .startRecord
    }

    private mutating func endField() throws(ReadProblem) {
        try spend(Self.fieldCost)
        fieldEnds.append(UInt32(bytes.count))
    }

    private mutating func append(_ run: UnsafeBufferPointer<UInt8>) throws(ReadProblem) {
        try spend(run.count)
        bytes.append(contentsOf: run)
    }

    private mutating func append(_ byte: UInt8) throws(ReadProblem) {
        try spend(1)
        bytes.append(byte)
    }

    private mutating func spend(_ cost: Int) throws(ReadProblem) {
        budget -= cost
        if budget < 0 {
            throw .tooLarge(limit: Self.describe(bytes: recordLimit))
        }
    }

    private static func describe(bytes: Int) -> String {
        bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB" : "\(bytes) B"
    }
}
