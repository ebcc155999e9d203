#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a CSV return (PRODUCT §5) one row at a time: detects the encoding, decodes it to UTF-8,
/// sniffs the delimiter from the header line, and hands the text to `CSVTokenizer`.
///
/// The file is read in chunks and never held whole, so memory stays flat however long the file is.
/// The price is reading some of it more than once: a file without a BOM is read through once to
/// learn whether it is all UTF-8 (else it is GB18030), and the start of every file is decoded once
/// more to find the header line before rows are read from the top.
public final class CSVReader: RowSource {
    /// How many bytes are read from the file at a time.
    public static let chunkSize = 1 << 20

    public let encoding: String
    /// The field separator sniffed from the header line: comma, tab or semicolon.
    public let delimiter: UInt8

    private let text: DecodedText
    private var tokenizer: CSVTokenizer
    private var chunk: [UInt8] = []
    private var position = 0
    private var isFinished = false

    /// Opens the file at `path`.
    ///
    /// - Parameter recordLimit: the most memory one record may take (`CSVTokenizer.recordLimit`).
    /// - Throws: `.unreadable` when the file cannot be opened or read, `.empty` when it holds
    ///   nothing but a BOM and white space, `.invalidBytes` when its start is not valid in its encoding.
    public convenience init(path: String, recordLimit: Int = CSVTokenizer.defaultRecordLimit) throws(ReadProblem) {
        try self.init(input: try ByteInput(path: path, chunkSize: Self.chunkSize), recordLimit: recordLimit)
    }

    /// Reads CSV held in memory, as if it were a file's bytes.
    ///
    /// - Throws: as `init(path:recordLimit:)`.
    public convenience init(bytes: [UInt8], recordLimit: Int = CSVTokenizer.defaultRecordLimit) throws(ReadProblem) {
        try self.init(input: ByteInput(bytes: bytes, chunkSize: Self.chunkSize), recordLimit: recordLimit)
    }

    private init(input: ByteInput, recordLimit: Int) throws(ReadProblem) {
        let detection = try Self.detectEncoding(of: input)
        text = try DecodedText(input, detection: detection)
        delimiter = try Self.sniffDelimiter(in: text)
        try text.restart()
        encoding = detection.encoding.rawValue
        tokenizer = CSVTokenizer(delimiter: delimiter, recordLimit: recordLimit)
    }

    /// The next record, numbered by the line it starts on. An empty line is a row of one empty cell.
    ///
    /// - Throws: `.invalidBytes`, `.unterminatedQuote`, `.tooLarge` or `.unreadable`; after that the
    ///   reader is at its end.
    public func nextRow() throws(ReadProblem) -> SourceRow? {
        do {
            return try readRow()
        } catch {
            isFinished = true
            throw error
        }
    }

    private func readRow() throws(ReadProblem) -> SourceRow? {
        while !isFinished {
            guard position < chunk.count else {
                position = 0
                if try !text.next(into: &chunk) {
                    isFinished = true
                    return try tokenizer.finish() ? completedRow() : nil
                }
                continue
            }
            let step = try chunk.withUnsafeBufferPointer { (buffer) throws(ReadProblem) in
                try tokenizer.feed(UnsafeBufferPointer(rebasing: buffer[position...]))
            }
            position += step.consumed
            if step.recordEnded {
                return completedRow()
            }
        }
        return nil
    }

    private func completedRow() -> SourceRow {
        SourceRow(number: tokenizer.recordLine, cells: tokenizer.fields())
    }

    /// Feeds the detector until it is settled: only the first chunk when a BOM starts the file, the
    /// whole file when it is valid UTF-8.
    private static func detectEncoding(of input: ByteInput) throws(ReadProblem) -> TextEncodingDetector.Detection {
        var detector = TextEncodingDetector()
        var chunk: [UInt8] = []
        while try input.readChunk(into: &chunk) {
            if let detection = chunk.withUnsafeBufferPointer({ detector.feed($0) }) {
                return detection
            }
        }
        return detector.finish()
    }

    /// Finds the header line, the first that holds more than white space, and picks its delimiter.
    ///
    /// - Throws: `.empty` when the text holds nothing but white space.
    private static func sniffDelimiter(in text: DecodedText) throws(ReadProblem) -> UInt8 {
        var sniffer = DelimiterSniffer()
        var chunk: [UInt8] = []
        while try text.next(into: &chunk) {
            if sniffer.scan(chunk) { break }
        }
        guard let delimiter = sniffer.delimiter else { throw .empty }
        return delimiter
    }
}

/// Picks the delimiter of a header line: the candidate that occurs most often outside quotes, the
/// earlier candidate on a tie, a comma when none occurs. The header is where the file's layout is
/// surest: labels are short words without the delimiter in them.
private struct DelimiterSniffer {
    private static let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: "\t"), UInt8(ascii: ";")]
    /// How much of a header line is looked at; a longer header is hostile and its start suffices.
    private static let longestLine = CSVReader.chunkSize

    private var counts = [Int](repeating: 0, count: candidates.count)
    private var foundHeader = false
    private var inQuotes = false
    private var scanned = 0

    /// The delimiter, or nil when no byte other than white space was scanned.
    var delimiter: UInt8? {
        guard foundHeader else { return nil }
        var best = 0
        for candidate in counts.indices where counts[candidate] > counts[best] {
            best = candidate
        }
        return Self.candidates[best]
    }

    /// Scans the next bytes of text.
    ///
    /// - Returns: true once the header line has ended, when later bytes no longer matter.
    mutating func scan(_ bytes: [UInt8]) -> Bool {
        for byte in bytes {
            if !foundHeader {
                if Self.isWhiteSpace(byte) { continue }
                foundHeader = true
            }
            scanned += 1
            switch byte {
            case UInt8(ascii: "\""):
                inQuotes.toggle()
            case UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                if !inQuotes { return true }
            default:
                if !inQuotes, let candidate = Self.candidates.firstIndex(of: byte) {
                    counts[candidate] += 1
                }
            }
            if scanned == Self.longestLine { return true }
        }
        return false
    }

    /// ASCII white space only: a file of nothing else is empty.
    private static func isWhiteSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || (UInt8(ascii: "\t")...UInt8(ascii: "\r")).contains(byte)
    }
}

/// The text of a file as UTF-8, chunk by chunk, from just after its BOM.
///
/// UTF-8 is checked as it passes, other encodings go through `Transcoder`. Bytes invalid in the
/// encoding stop the reading with their offset in the file, BOM included.
private final class DecodedText {
    private let input: ByteInput
    private let detection: TextEncodingDetector.Detection
    private var transcoder: Transcoder?
    private var validator = UTF8Validator()
    private var raw: [UInt8] = []

    init(_ input: ByteInput, detection: TextEncodingDetector.Detection) throws(ReadProblem) {
        self.input = input
        self.detection = detection
        try restart()
    }

    /// Goes back to the first byte after the BOM.
    func restart() throws(ReadProblem) {
        try input.rewind(to: detection.byteOrderMarkLength)
        validator = UTF8Validator()
        transcoder = detection.encoding == .utf8 ? nil : try Transcoder(from: detection.encoding.rawValue)
    }

    /// Replaces `text` with the next decoded chunk, which may be empty when a chunk ends inside a
    /// multi-byte sequence.
    ///
    /// - Returns: false at the end of the file.
    func next(into text: inout [UInt8]) throws(ReadProblem) -> Bool {
        guard let transcoder else {
            let more = try input.readChunk(into: &text)
            let invalid = more ? text.withUnsafeBufferPointer { validator.validate($0) } : validator.finish()
            if let invalid {
                throw .invalidBytes(encoding: TextEncoding.utf8.rawValue, offset: detection.byteOrderMarkLength + invalid)
            }
            return more
        }
        let more = try input.readChunk(into: &raw)
        text.removeAll(keepingCapacity: true)
        do {
            try transcoder.convert(raw, isFinal: !more, into: &text)
        } catch .invalidBytes(let encoding, let offset) {
            if let utf8Offset = detection.firstNonUTF8Byte {
                throw .neitherUTF8NorGB18030(utf8Offset: utf8Offset, gb18030Offset: offset)
            }
            throw .invalidBytes(encoding: encoding, offset: detection.byteOrderMarkLength + offset)
        }
        return more
    }
}
