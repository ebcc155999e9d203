/// Fuzz and property tests of the readers: random inputs checked against invariants that are
/// exactly true, so that any failure is a bug.
///
/// - The CSV tokenizer against a plain reference tokenizer, on inputs fed in random chunks.
/// - The CSV reader: every byte accounted for (records re-serialised and re-tokenized give the same
///   records; lines spanned add up to the input's lines), and the reference on UTF-8 text.
/// - The XML reader on mutated returns: a record or a `ReadProblem`, never a crash; lines in order;
///   the same outcome whatever the chunk size.
/// - The .xlsx reader on mutated workbooks: rows or a `ReadProblem`, never a crash or a hang.
/// - The .ods reader likewise, in ODSFuzzTests.swift.
///
/// The default counts (30 000 tokenizer inputs, 10 000 reader inputs, 1 500 XML returns, 600
/// workbooks) take about 5 s together in a debug build on 2 cores. For a long run, multiply them
/// (a run seed from the clock is then added to the fixed one and printed):
///
///     HUIZONG_FUZZ_ITERATIONS=100 swift test --filter Fuzz
///
/// A failure is minimised and its message says how to run it again (the seed runs after the
/// fixed one), for example:
///
///     HUIZONG_FUZZ_SEED=0x… HUIZONG_FUZZ_ITERATIONS=100 swift test --filter Fuzz
///
/// `HUIZONG_FUZZ_TRACE=1` prints every case's seed before it runs, to find the case that crashed
/// the process; the .xlsx test also leaves the workbook it was reading in the folder it prints.
import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

// MARK: - Run settings

/// Seeds and iteration counts of a fuzz run, from the environment.
enum FuzzRun {
    static let fixedSeed: UInt64 = 0x4855_495A_4F4E_4721 // "HUIZONG!"

    /// `HUIZONG_FUZZ_ITERATIONS`: what the default counts are multiplied by.
    static let multiplier: Int = {
        guard let text = ProcessInfo.processInfo.environment["HUIZONG_FUZZ_ITERATIONS"], let value = Int(text), value > 0 else {
            return 1
        }
        return value
    }()

    static let trace = ProcessInfo.processInfo.environment["HUIZONG_FUZZ_TRACE"] != nil

    /// The fixed seed, then `HUIZONG_FUZZ_SEED` (decimal or 0x-hex) when set, else a seed from the
    /// clock on a long run.
    static let seeds: [UInt64] = {
        var seeds = [fixedSeed]
        if let text = ProcessInfo.processInfo.environment["HUIZONG_FUZZ_SEED"] {
            let seed = text.hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
            if let seed { seeds.append(seed) }
        } else if multiplier > 1 {
            var clock = SplitMix64(seed: UInt64(Date().timeIntervalSince1970 * 1e6))
            seeds.append(clock.next())
        }
        print("FuzzTests: iterations ×\(multiplier), seeds \(seeds.map(hex))")
        return seeds
    }()

    static func iterations(_ base: Int) -> Int { base * multiplier }

    static func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }

    /// Where a case is, and how to run it again.
    static func caseLocation(seed: UInt64, index: Int) -> String {
        "seed \(hex(seed)), case \(index); run again with HUIZONG_FUZZ_SEED=\(hex(seed)) HUIZONG_FUZZ_ITERATIONS=\(multiplier)"
    }

    /// The cases of one test: a generator per case, derived from the run seed and the test's salt,
    /// so that a case does not depend on what earlier cases drew.
    ///
    /// - Parameter body: runs one case; returns false to stop this seed's cases (after a failure).
    static func forEachCase(salt: UInt64, base: Int, _ body: (_ seed: UInt64, _ index: Int, inout SplitMix64) -> Bool) {
        for seed in seeds {
            var master = SplitMix64(seed: seed ^ salt)
            for index in 0..<iterations(base) {
                let caseSeed = master.next()
                if trace { print("FuzzTests: salt \(hex(salt)) seed \(hex(seed)) case \(index) (\(hex(caseSeed)))") }
                var random = SplitMix64(seed: caseSeed)
                if !body(seed, index, &random) { break }
            }
        }
    }
}

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, seedable, and the same on every platform.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (the modulo bias is immaterial here).
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int(next() % UInt64(bound))
    }

    mutating func pick<T>(_ choices: [T]) -> T { choices[below(choices.count)] }

    /// True once in `count` times.
    mutating func oneIn(_ count: Int) -> Bool { below(count) == 0 }
}

// MARK: - Shared helpers

/// How the cases of a test ended, by kind of problem, to show what a run reached.
final class FuzzTally {
    private var counts: [String: Int] = [:]

    func add(_ problem: ReadProblem?) {
        let kind = problem.map { String(String(describing: $0).prefix { $0 != "(" }) } ?? "read to the end"
        counts[kind, default: 0] += 1
    }

    func print(_ test: String) {
        let total = counts.values.reduce(0, +)
        let kinds = counts.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        Swift.print("FuzzTests: \(test): \(total) cases: \(kinds)")
    }
}

enum FuzzSupport {
    /// Bytes as a Swift literal when they are UTF-8, else as hex.
    static func show(_ bytes: [UInt8], limit: Int = 4000) -> String {
        if bytes.count > limit { return "\(bytes.count) bytes (too long to show)" }
        if let text = String(validating: bytes, as: UTF8.self) { return String(reflecting: text) }
        return "[" + bytes.map { String(format: "0x%02X", $0) }.joined(separator: ", ") + "] (not UTF-8)"
    }

    /// A smallest input that still fails, found by removing ever smaller spans (delta debugging).
    ///
    /// - Parameter budget: the most times `fails` is called.
    static func minimize(_ input: [UInt8], budget: Int = 20_000, fails: ([UInt8]) -> Bool) -> [UInt8] {
        var current = input
        var calls = 0
        var span = max(1, current.count / 2)
        while calls < budget {
            var removedAny = false
            var start = 0
            while start < current.count, calls < budget {
                var candidate = current
                candidate.removeSubrange(start..<min(start + span, candidate.count))
                calls += 1
                if fails(candidate) {
                    current = candidate
                    removedAny = true
                } else {
                    start += span
                }
            }
            if !removedAny {
                if span == 1 { break }
                span = max(1, span / 2)
            }
        }
        return current
    }

    private final class Result<Value>: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Value?
        func set(_ value: Value) { lock.withLock { self.value = value } }
        func get() -> Value? { lock.withLock { value } }
    }

    /// Runs `body` on a thread of its own; nil when that takes longer than `timeout` seconds (the
    /// thread is then left running: a hang is a failure anyway).
    static func withWatchdog<Value>(timeout: Double = 10, _ body: @escaping @Sendable () -> Value) -> Value? {
        let result = Result<Value>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            result.set(body())
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        guard done.wait(timeout: .now() + timeout) == .success else { return nil }
        return result.get()
    }

    /// What a case of a workbook reader's fuzz test drew: what was done, the workbook's bytes, and
    /// what is wrong with how those bytes read once written to a path (nil when nothing is),
    /// counting the outcome in a tally when one is given.
    typealias WorkbookCase = (description: String, bytes: [UInt8], violation: ([UInt8], String, FuzzTally?) -> String?)

    /// Runs the cases of a workbook reader's fuzz test, each workbook written to the same scratch
    /// file; a seed's first failing case is minimised, saved where it can be opened, and recorded.
    ///
    /// - Parameters:
    ///   - reader: the reader's name in messages, e.g. `XLSXReader`.
    ///   - fileExtension: that of the scratch and saved files.
    static func fuzzWorkbooks(reader: String, fileExtension: String, salt: UInt64, base: Int,
                              _ makeCase: (inout SplitMix64) -> WorkbookCase) throws {
        let folder = try TestSupport.temporaryFolder()
        let path = folder + "/current." + fileExtension
        if FuzzRun.trace { print("FuzzTests: the workbook being read is \(path)") }
        var failed = false
        let tally = FuzzTally()
        defer { tally.print(reader) }
        FuzzRun.forEachCase(salt: salt, base: base) { seed, index, random in
            let (description, input, violation) = makeCase(&random)
            guard let found = violation(input, path, tally) else { return true }
            failed = true
            let name = "\(fileExtension)-\(FuzzRun.hex(seed))-\(index)"
            let saved = save(input, name: name + "." + fileExtension)
            let minimal = found.contains("a hang") ? input : minimize(input, budget: 400) { violation($0, path, nil) != nil }
            let savedMinimal = save(minimal, name: name + "-minimal." + fileExtension)
            Issue.record("""
                \(reader) breaks an invariant (\(FuzzRun.caseLocation(seed: seed, index: index)); \(description)): \(found)
                input saved in \(saved), \(minimal.count)-byte minimal input in \(savedMinimal)
                """)
            return false
        }
        if !failed { TestSupport.remove(folder) }
    }

    /// Keeps a failing input where it can be opened, and says where.
    static func save(_ bytes: [UInt8], name: String) -> String {
        let path = NSTemporaryDirectory() + "huizong-fuzz-failures/" + name
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    /// Random damage to a file: 1 to 4 of bit flips, inserted, overwritten, deleted or duplicated
    /// bytes, inserted tokens, and (rarely) a truncation.
    static func mutate(_ base: [UInt8], _ random: inout SplitMix64, tokens: [[UInt8]]) -> [UInt8] {
        var bytes = base
        for _ in 0...random.below(4) {
            let position = random.below(bytes.count + 1)
            // An empty file can only grow.
            switch bytes.isEmpty ? 12 : random.below(16) {
            case 0...3:
                bytes[min(position, bytes.count - 1)] ^= 1 << UInt8(random.below(8))
            case 4, 5:
                bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
            case 6, 7:
                bytes[min(position, bytes.count - 1)] = random.pick([0x00, 0x0A, 0x0D, 0x22, 0x26, 0x3C, 0x3E, 0x7F, 0x80, 0xBF, 0xE4, 0xFF])
            case 8, 9:
                bytes.removeSubrange(position..<min(bytes.count, position + 1 + random.below(16)))
            case 10, 11:
                let start = random.below(bytes.count)
                let span = Array(bytes[start..<min(bytes.count, start + 1 + random.below(64))])
                bytes.insert(contentsOf: span, at: random.below(bytes.count + 1))
            case 12, 13, 14:
                bytes.insert(contentsOf: random.pick(tokens), at: position)
            case 15:
                bytes.removeSubrange(position...)
            default:
                break
            }
        }
        return bytes
    }

    /// Reads `source` into `rows` up to its end or its problem, then tells whether it stays there:
    /// a call after the end gives nil again, and one after a problem throws the same problem.
    static func readToStop(_ source: any RowSource, into rows: inout [SourceRow]) -> (problem: ReadProblem?, staysAtEnd: Bool) {
        do throws(ReadProblem) {
            while let row = try source.nextRow() { rows.append(row) }
        } catch {
            do throws(ReadProblem) {
                _ = try source.nextRow()
                return (error, false)
            } catch let again {
                return (error, again == error)
            }
        }
        do throws(ReadProblem) {
            return (nil, try source.nextRow() == nil)
        } catch {
            return (error, false)
        }
    }

    /// Line breaks in `bytes` as the CSV tokenizer and expat count them: CR, LF, and CRLF as one.
    static func lineBreaks(in bytes: some Collection<UInt8>) -> Int {
        var count = 0
        var afterCR = false
        for byte in bytes {
            if byte == 0x0D {
                count += 1
            } else if byte == 0x0A, !afterCR {
                count += 1
            }
            afterCR = byte == 0x0D
        }
        return count
    }
}

// MARK: - CSV

struct FuzzCSVRecord: Equatable, CustomStringConvertible {
    var line: Int
    var fields: [String]
    var description: String { "\(line): \(fields.map { String(reflecting: $0) }.joined(separator: " | "))" }
}

struct FuzzCSVOutcome: Equatable, CustomStringConvertible {
    var records: [FuzzCSVRecord]
    var problem: ReadProblem?

    /// The same outcome with the text of a `.tooLarge` left out: it is a message, not a result.
    var comparable: FuzzCSVOutcome {
        guard case .tooLarge = problem else { return self }
        return FuzzCSVOutcome(records: records, problem: .tooLarge(limit: ""))
    }

    var description: String {
        (records.map(\.description) + [problem.map { "throws \($0)" } ?? "ends"]).joined(separator: "\n    ")
    }
}

/// RFC 4180 with `CSVTokenizer`'s documented leniencies, written in the plainest way: the whole
/// input at once, one field at a time.
///
/// A quote starts a quoted field only as a field's first byte; elsewhere it is kept. Text after a
/// closing quote continues the field. CR, LF and CRLF end a record, inside quotes they are kept and
/// counted as one line. A blank line is a record of one empty field; nothing after the last line end
/// adds no record. A record costs its bytes plus 32 per field against the limit.
enum ReferenceCSV {
    static let quote = UInt8(ascii: "\"")
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")
    static let fieldCost = 32

    static func tokenize(_ input: [UInt8], delimiter: UInt8, recordLimit: Int = CSVTokenizer.defaultRecordLimit) -> FuzzCSVOutcome {
        var records: [FuzzCSVRecord] = []
        var index = 0
        var line = 1
        while index < input.count {
            let recordLine = line
            var fields: [[UInt8]] = []
            while true {
                var field: [UInt8] = []
                if index < input.count, input[index] == quote {
                    index += 1
                    while true {
                        guard index < input.count else {
                            let spent = fields.reduce(field.count) { $0 + $1.count + fieldCost }
                            let problem: ReadProblem = spent > recordLimit ? .tooLarge(limit: "") : .unterminatedQuote(line: recordLine)
                            return FuzzCSVOutcome(records: records, problem: problem)
                        }
                        let byte = input[index]
                        index += 1
                        if byte == quote {
                            guard index < input.count, input[index] == quote else { break }
                            field.append(quote)
                            index += 1
                        } else {
                            field.append(byte)
                            if byte == cr || byte == lf { line += 1 }
                            if byte == cr, index < input.count, input[index] == lf {
                                field.append(lf)
                                index += 1
                            }
                        }
                    }
                }
                while index < input.count, input[index] != delimiter, input[index] != cr, input[index] != lf {
                    field.append(input[index])
                    index += 1
                }
                fields.append(field)
                guard index < input.count else { break }
                let byte = input[index]
                index += 1
                if byte == delimiter { continue }
                line += 1
                if byte == cr, index < input.count, input[index] == lf { index += 1 }
                break
            }
            if fields.reduce(0, { $0 + $1.count + fieldCost }) > recordLimit {
                return FuzzCSVOutcome(records: records, problem: .tooLarge(limit: ""))
            }
            records.append(FuzzCSVRecord(line: recordLine, fields: fields.map { String(decoding: $0, as: UTF8.self) }))
        }
        return FuzzCSVOutcome(records: records, problem: nil)
    }

    /// The delimiter `CSVReader` sniffs: of comma, tab and semicolon, the most frequent outside
    /// quotes on the first line that is not white space, the earliest on a tie; nil when the text
    /// is all white space.
    static func sniffDelimiter(_ text: [UInt8]) -> UInt8? {
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: "\t"), UInt8(ascii: ";")]
        guard let start = text.firstIndex(where: { !isWhiteSpace($0) }) else { return nil }
        var counts = [0, 0, 0]
        var inQuotes = false
        for byte in text[start...] {
            if byte == quote {
                inQuotes.toggle()
            } else if byte == cr || byte == lf {
                if !inQuotes { break }
            } else if !inQuotes, let candidate = candidates.firstIndex(of: byte) {
                counts[candidate] += 1
            }
        }
        return candidates[counts.firstIndex(of: counts.max()!)!]
    }

    static func isWhiteSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || (9...13).contains(byte)
    }

    /// Records written back as RFC 4180 CSV, quoting a field only when it must be; LF after each.
    static func serialize(_ records: [[String]], delimiter: UInt8) -> [UInt8] {
        var bytes: [UInt8] = []
        for fields in records {
            for (position, field) in fields.enumerated() {
                if position > 0 { bytes.append(delimiter) }
                let utf8 = Array(field.utf8)
                if utf8.contains(where: { $0 == delimiter || $0 == quote || $0 == cr || $0 == lf }) {
                    bytes.append(quote)
                    for byte in utf8 {
                        if byte == quote { bytes.append(quote) }
                        bytes.append(byte)
                    }
                    bytes.append(quote)
                } else {
                    bytes += utf8
                }
            }
            bytes.append(lf)
        }
        return bytes
    }

    /// How many lines a record spans: its own plus the line breaks inside its fields.
    static func span(_ fields: [String]) -> Int {
        1 + fields.reduce(0) { $0 + FuzzSupport.lineBreaks(in: $1.utf8) }
    }
}

enum CSVFuzz {
    static let alphabet: [[UInt8]] = ["a", ",", "\"", "\r", "\n", ";", "é", "中", "\0"].map { Array($0.utf8) }

    /// Text of 0 to 200 symbols from `alphabet` plus `extra`, mostly short: short inputs reach the
    /// edge cases most often.
    static func randomText(_ random: inout SplitMix64, extra: [[UInt8]] = []) -> [UInt8] {
        let symbols = alphabet + extra
        let length = random.below(random.pick([8, 30, 200]) + 1)
        var bytes: [UInt8] = []
        for _ in 0..<length { bytes += random.pick(symbols) }
        return bytes
    }

    /// Feeds `input` to a `CSVTokenizer` in chunks of the sizes `chunkSizes` gives in turn, and
    /// also checks what `feed` promises: it consumes at least a byte, and all of them unless a
    /// record ended. A broken promise is returned as an `.unreadable` problem.
    static func tokenize(_ input: [UInt8], delimiter: UInt8, recordLimit: Int, chunkSizes: [Int]) -> FuzzCSVOutcome {
        var tokenizer = CSVTokenizer(delimiter: delimiter, recordLimit: recordLimit)
        var records: [FuzzCSVRecord] = []
        var start = 0
        var turn = 0
        do throws(ReadProblem) {
            while start < input.count {
                let end = min(input.count, start + chunkSizes[turn % chunkSizes.count])
                turn += 1
                var offset = start
                while offset < end {
                    let step = try input.withUnsafeBufferPointer { (buffer) throws(ReadProblem) in
                        try tokenizer.feed(UnsafeBufferPointer(rebasing: buffer[offset..<end]))
                    }
                    guard (1...(end - offset)).contains(step.consumed), step.recordEnded || step.consumed == end - offset else {
                        let broken = "feed consumed \(step.consumed) of \(end - offset) bytes at \(offset), recordEnded \(step.recordEnded)"
                        return FuzzCSVOutcome(records: records, problem: .unreadable(reason: broken))
                    }
                    offset += step.consumed
                    if step.recordEnded {
                        records.append(FuzzCSVRecord(line: tokenizer.recordLine, fields: Array(tokenizer.fields())))
                    }
                }
                start = end
            }
            if try tokenizer.finish() {
                records.append(FuzzCSVRecord(line: tokenizer.recordLine, fields: Array(tokenizer.fields())))
            }
            return FuzzCSVOutcome(records: records, problem: nil)
        } catch {
            return FuzzCSVOutcome(records: records, problem: error)
        }
    }

    /// Every row of a `CSVReader`, its delimiter, and what it threw.
    struct ReaderOutcome {
        var delimiter: UInt8?
        var rows: [SourceRow] = []
        var problem: ReadProblem?
        /// Whether `nextRow()` gave nil once more after the end or after a problem, as documented.
        var staysAtEnd = true

        var asCSV: FuzzCSVOutcome {
            FuzzCSVOutcome(records: rows.map { FuzzCSVRecord(line: $0.number, fields: Array($0.cells)) }, problem: problem)
        }
    }

    static func read(_ bytes: [UInt8]) -> ReaderOutcome {
        let reader: CSVReader
        do throws(ReadProblem) {
            reader = try CSVReader(bytes: bytes)
        } catch {
            return ReaderOutcome(problem: error)
        }
        var outcome = ReaderOutcome(delimiter: reader.delimiter)
        do throws(ReadProblem) {
            while let row = try reader.nextRow() { outcome.rows.append(row) }
        } catch {
            outcome.problem = error
        }
        do throws(ReadProblem) {
            outcome.staysAtEnd = try reader.nextRow() == nil
        } catch {
            outcome.staysAtEnd = false
        }
        return outcome
    }

    /// What is wrong with how `CSVReader` read `input`, or nil when every invariant holds.
    static func readerViolation(_ input: [UInt8], tally: FuzzTally? = nil) -> String? {
        let outcome = read(input)
        tally?.add(outcome.problem)
        var numbers = outcome.rows.map(\.number)
        if let first = numbers.first, first < 1 { return "row number \(first) below 1" }
        if zip(numbers, numbers.dropFirst()).contains(where: { $0 >= $1 }) { return "row numbers not increasing: \(numbers)" }
        if !outcome.staysAtEnd { return "nextRow() did not stay at the end after \(outcome.problem.map { "\($0)" } ?? "nil")" }
        switch outcome.problem {
        case nil, .empty?, .invalidBytes?, .neitherUTF8NorGB18030?, .unterminatedQuote?: break
        case let other?: return "unexpected problem \(other)"
        }
        if let delimiter = outcome.delimiter {
            // Every byte accounted: the records written back and read again are the same records,
            // each starting where the lines of the ones before it end.
            let cells = outcome.rows.map { Array($0.cells) }
            let again = tokenize(ReferenceCSV.serialize(cells, delimiter: delimiter), delimiter: delimiter,
                                 recordLimit: CSVTokenizer.defaultRecordLimit, chunkSizes: [CSVReader.chunkSize])
            var line = 1
            numbers = cells.map { fields in defer { line += ReferenceCSV.span(fields) }; return line }
            let expected = zip(numbers, cells).map { FuzzCSVRecord(line: $0, fields: $1) }
            if again != FuzzCSVOutcome(records: expected, problem: nil) {
                return "round trip differs:\n  read back: \(again)\n  expected: \(expected)"
            }
        }
        // UTF-8 text, with or without its BOM, is read exactly as the reference reads it.
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let text = input.starts(with: bom) ? Array(input.dropFirst(3)) : input
        guard String(validating: text, as: UTF8.self) != nil else { return nil }
        guard let delimiter = ReferenceCSV.sniffDelimiter(text) else {
            return outcome.problem == .empty ? nil : "white space only, yet not .empty: \(outcome.asCSV)"
        }
        if outcome.delimiter != delimiter {
            return "delimiter \(outcome.delimiter.map { String(reflecting: UnicodeScalar($0)) } ?? "none"), expected \(String(reflecting: UnicodeScalar(delimiter)))"
        }
        let expected = ReferenceCSV.tokenize(text, delimiter: delimiter)
        if outcome.asCSV != expected {
            return "differs from the reference:\n  reader: \(outcome.asCSV)\n  reference: \(expected)"
        }
        if outcome.problem == nil {
            // The lines the records span add up to the lines of the text.
            let spanned = outcome.rows.reduce(0) { $0 + ReferenceCSV.span(Array($1.cells)) }
            let lines = FuzzSupport.lineBreaks(in: text) + (text.last.map { $0 != 0x0A && $0 != 0x0D } == true ? 1 : 0)
            if spanned != lines { return "records span \(spanned) lines of \(lines)" }
        }
        return nil
    }
}

@Suite struct FuzzCSVTests {
    @Test func fuzzTokenizerMatchesReference() {
        let tally = FuzzTally()
        defer { tally.print("CSV tokenizer") }
        FuzzRun.forEachCase(salt: 0xC5F, base: 30_000) { seed, index, random in
            let input = CSVFuzz.randomText(&random)
            let delimiter = random.oneIn(4) ? UInt8(ascii: ";") : UInt8(ascii: ",")
            let recordLimit = random.oneIn(5) ? 1 + random.below(120) : CSVTokenizer.defaultRecordLimit
            let chunkSizes = (0..<16).map { _ in 1 + random.below(7) }
            func outcomes(_ input: [UInt8]) -> (FuzzCSVOutcome, FuzzCSVOutcome) {
                (CSVFuzz.tokenize(input, delimiter: delimiter, recordLimit: recordLimit, chunkSizes: chunkSizes).comparable,
                 ReferenceCSV.tokenize(input, delimiter: delimiter, recordLimit: recordLimit))
            }
            let (actual, expected) = outcomes(input)
            tally.add(expected.problem)
            guard actual != expected else { return true }
            let minimal = FuzzSupport.minimize(input) { let (actual, expected) = outcomes($0); return actual != expected }
            let (minimalActual, minimalExpected) = outcomes(minimal)
            Issue.record("""
                CSVTokenizer differs from the reference (\(FuzzRun.caseLocation(seed: seed, index: index)); \
                delimiter \(String(reflecting: UnicodeScalar(delimiter))), record limit \(recordLimit), chunk sizes \(chunkSizes))
                input: \(FuzzSupport.show(input))
                minimal input: \(FuzzSupport.show(minimal))
                  tokenizer: \(minimalActual)
                  reference: \(minimalExpected)
                """)
            return false
        }
    }

    /// The reference itself, on cases worked out by hand, so that the two cannot share a mistake
    /// unnoticed.
    @Test func fuzzReferenceOnKnownCases() {
        let cases: [(String, [FuzzCSVRecord], ReadProblem?)] = [
            ("", [], nil),
            ("\n", [.init(line: 1, fields: [""])], nil),
            ("a,\"b\"\"c\"x,d\"e\r\n\r\"f\ng\"\r", [.init(line: 1, fields: ["a", "b\"cx", "d\"e"]), .init(line: 2, fields: [""]),
                                                    .init(line: 3, fields: ["f\ng"])], nil),
            ("a,", [.init(line: 1, fields: ["a", ""])], nil),
            ("\"a\r\nb\",c\n\"x", [.init(line: 1, fields: ["a\r\nb", "c"])], .unterminatedQuote(line: 3)),
        ]
        for (input, records, problem) in cases {
            let expected = FuzzCSVOutcome(records: records, problem: problem)
            #expect(ReferenceCSV.tokenize(Array(input.utf8), delimiter: UInt8(ascii: ",")) == expected, "\(String(reflecting: input))")
            #expect(CSVFuzz.tokenize(Array(input.utf8), delimiter: UInt8(ascii: ","), recordLimit: .max, chunkSizes: [1]) == expected)
        }
    }

    @Test func fuzzReaderAccountsForEveryByte() {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let tally = FuzzTally()
        defer { tally.print("CSV reader") }
        FuzzRun.forEachCase(salt: 0xC5F2, base: 10_000) { seed, index, random in
            var input = CSVFuzz.randomText(&random, extra: [[0x09], [0x20]])
            if random.oneIn(6) { input = bom + input }
            if random.oneIn(4) {
                // Not UTF-8, or another BOM: the encoding paths, held to the general invariants.
                input = FuzzSupport.mutate(input, &random, tokens: [[0xFF, 0xFE], [0xFE, 0xFF], [0xD6, 0xD0], [0x81, 0x30, 0x81, 0x30], [0xED, 0xA0, 0x80]])
            }
            guard let violation = CSVFuzz.readerViolation(input, tally: tally) else { return true }
            let minimal = FuzzSupport.minimize(input) { CSVFuzz.readerViolation($0) != nil }
            Issue.record("""
                CSVReader breaks an invariant (\(FuzzRun.caseLocation(seed: seed, index: index))): \(violation)
                input: \(FuzzSupport.show(input))
                minimal input: \(FuzzSupport.show(minimal))
                  \(CSVFuzz.readerViolation(minimal) ?? "")
                """)
            return false
        }
    }
}

// MARK: - XML

enum XMLFuzz {
    /// A small return that touches what the reader handles: a DOCTYPE with an internal entity,
    /// comments, a processing instruction, CDATA, character references, CRLF, empty rows.
    static let smallReturn = Array("""
        <?xml version="1.0" encoding="UTF-8"?>\r
        <!DOCTYPE return [<!ENTITY town "东岙">]>
        <!-- 2009 年第二季度 -->
        <return type="village">\r
          <row><village_code>330206110201</village_code><name>&town;村</name><period>2009-06</period></row>
          <row>
            <name><![CDATA[<西岙> & 村]]></name><note>第一行\r
        第二行 &#x4E2D;&amp;&lt;</note><rating/><extra><b>x</b></extra>
          </row>
          <row/><?pi data?>
        </return>

        """.utf8)

    /// The small return without its DOCTYPE, so that it is read by the scanner rather than expat.
    static let smallReturnWithoutDTD: [UInt8] = {
        let text = String(decoding: smallReturn, as: UTF8.self)
            .replacingOccurrences(of: "<!DOCTYPE return [<!ENTITY town \"东岙\">]>\n", with: "")
            .replacingOccurrences(of: "&town;", with: "东岙")
        return Array(text.utf8)
    }()

    static let tokens: [[UInt8]] = [
        "<row>", "</row>", "<row/>", "<name>", "</name>", "<!--", "-->", "<![CDATA[", "]]>", "&amp;", "&#x0;",
        "&#xD800;", "&town;", "&undefined;", "<?xml version=\"1.0\"?>", "<!DOCTYPE r [<!ENTITY e SYSTEM \"x\">]>",
        "encoding=\"GBK\"", "encoding=\"EBCDIC\"", "\u{FEFF}", "\r\n", "中", "<a b='1' b='2'>", "<x:y xmlns:x='u'>",
    ].map { Array($0.utf8) }

    static let bases: [(name: String, bytes: [UInt8])] = {
        var bases = [("small return", smallReturn), ("small return without a DTD", smallReturnWithoutDTD)]
        for path in ["samples/村创建情况表-2009-Q2.xml", "Tests/HuizongTests/Fixtures/returns/village-gb2312.xml",
                     "Tests/HuizongTests/Fixtures/returns/village-utf16.xml"] {
            if let data = FileManager.default.contents(atPath: TestSupport.repositoryRoot + "/" + path) {
                bases.append((path, [UInt8](data)))
            }
        }
        return bases
    }()

    struct Outcome: Equatable, CustomStringConvertible {
        var encoding: String?
        var rootType: String?
        var rows: [XMLRow] = []
        var problem: ReadProblem?
        /// Whether a call after the end gave nil again, and one after a problem threw it again.
        var staysAtEnd = true

        var description: String {
            "encoding \(encoding ?? "-"), root type \(rootType ?? "-"), \(rows.count) rows (lines \(rows.map(\.row.number))), "
                + (problem.map { "throws \($0)" } ?? "ends") + (staysAtEnd ? "" : ", but a later call does not repeat it")
        }
    }

    static func read(_ bytes: [UInt8], chunkSize: Int, expatOnly: Bool = false) -> Outcome {
        let reader: XMLReturnReader
        do throws(ReadProblem) {
            reader = try XMLReturnReader(bytes: bytes, chunkSize: chunkSize, expatOnly: expatOnly)
        } catch {
            return Outcome(problem: error)
        }
        var outcome = Outcome(encoding: reader.encoding)
        do throws(ReadProblem) {
            outcome.rootType = try reader.readRoot()
            reader.bindFields(XMLReturnReaderTests.villageKeys)
            while let row = try reader.nextRow() { outcome.rows.append(row) }
            outcome.staysAtEnd = try reader.nextRow() == nil
        } catch {
            outcome.problem = error
            do throws(ReadProblem) {
                _ = try reader.nextRow()
                outcome.staysAtEnd = false
            } catch {
                outcome.staysAtEnd = error == outcome.problem
            }
        }
        return outcome
    }

    /// What is wrong with how `XMLReturnReader` read `input` in chunks of each of `chunkSizes`.
    static func violation(_ input: [UInt8], chunkSizes: [Int], tally: FuzzTally? = nil) -> String? {
        let outcomes = chunkSizes.map { read(input, chunkSize: $0) }
        tally?.add(outcomes[0].problem)
        let first = outcomes[0]
        for (size, outcome) in zip(chunkSizes, outcomes).dropFirst() where outcome != first {
            return "chunks of \(chunkSizes[0]) bytes: \(first)\nchunks of \(size) bytes: \(outcome)" + difference(first, outcome)
        }
        // The scanner gives the rows that expat gives, and refuses what expat refuses, but for
        // names beyond ASCII, which it reads by XML's fifth edition. Its reason and place are
        // expat's but at a few corners, such as a character cut by the end of the file, where
        // expat points at the start of the text and the scanner at the character.
        let expat = read(input, chunkSize: chunkSizes[0], expatOnly: true)
        if expat.rows != first.rows || expat.rootType != first.rootType || (expat.problem == nil) != (first.problem == nil),
           !XMLScannerTests.isNewerNameCharacter(expat.problem, in: input) {
            return "as read: \(first)\nby expat alone: \(expat)" + difference(first, expat)
        }
        for outcome in outcomes {
            if !outcome.staysAtEnd { return "\(outcome)" }
            let lines = outcome.rows.map(\.row.number)
            if zip(lines, lines.dropFirst()).contains(where: { $0 > $1 }) { return "row lines out of order: \(lines)" }
            // Every line is counted by a CR or an LF byte, in all the encodings read.
            let lastLine = 1 + input.count { $0 == 0x0A || $0 == 0x0D }
            if let line = lines.first(where: { !(1...lastLine).contains($0) }) { return "row line \(line) outside 1...\(lastLine)" }
        }
        return nil
    }

    private static func difference(_ one: Outcome, _ other: Outcome) -> String {
        guard let index = one.rows.indices.first(where: { $0 < other.rows.count && one.rows[$0] != other.rows[$0] }) else {
            return ""
        }
        return "\nfirst differing row: \(one.rows[index])\n                 vs  \(other.rows[index])"
    }
}

@Suite struct FuzzXMLTests {
    @Test func fuzzBasesReadCleanly() {
        #expect(XMLFuzz.bases.count == 5)
        for (name, bytes) in XMLFuzz.bases {
            let outcome = XMLFuzz.read(bytes, chunkSize: 1 << 20)
            #expect(outcome.problem == nil && !outcome.rows.isEmpty, "\(name): \(outcome)")
        }
    }

    @Test func fuzzMutatedReturns() {
        let tally = FuzzTally()
        defer { tally.print("XML reader") }
        FuzzRun.forEachCase(salt: 0x3A1, base: 1500) { seed, index, random in
            let base = random.pick(XMLFuzz.bases)
            let input = FuzzSupport.mutate(base.bytes, &random, tokens: XMLFuzz.tokens)
            // Tiny chunks are slow on the 12 KB sample; they are mostly given to the small bases.
            let small = random.oneIn(base.bytes.count > 8000 ? 8 : 2) ? 1 + random.below(7) : 8 + random.below(120)
            let chunkSizes = [1 << 20, small, 128 + random.below(2048)]
            guard let violation = XMLFuzz.violation(input, chunkSizes: chunkSizes, tally: tally) else { return true }
            let minimal = FuzzSupport.minimize(input, budget: 3000) { XMLFuzz.violation($0, chunkSizes: chunkSizes) != nil }
            let saved = FuzzSupport.save(input, name: "xml-\(FuzzRun.hex(seed))-\(index).xml")
            Issue.record("""
                XMLReturnReader breaks an invariant (\(FuzzRun.caseLocation(seed: seed, index: index)); mutated \(base.name), \
                chunk sizes \(chunkSizes)): \(violation)
                input saved in \(saved)
                minimal input: \(FuzzSupport.show(minimal))
                  \(XMLFuzz.violation(minimal, chunkSizes: chunkSizes) ?? "")
                """)
            return false
        }
    }

    /// Found by `fuzzMutatedReturns` (seed 0x4855495a4f4e4721, cases 120 and 188, village-gb2312.xml
    /// mutated): in a GB return, bytes that are not GB18030 used to fail the transcoding of their
    /// whole chunk before expat parsed the valid start of it, so an earlier XML error or the rows
    /// before the bad bytes depended on where chunks were cut. Now the outcome is the same.
    @Test func gbEncodingErrorDoesNotDependOnChunkSize() {
        let start = Array(#"<?xml version="1.0" encoding="GB2312"?>\#n<return type="village">"#.utf8)
        let padding = Array(repeating: UInt8(ascii: " "), count: 1024)
        let xmlErrorFirst = start + Array("<row><name>&</name></row>".utf8) + padding + [0xC0, 0x20]
        let rowFirst = start + Array("<row><name>x</name></row>".utf8) + padding + Array("<row><name>".utf8) + [0xC0, 0x20]
        for input in [xmlErrorFirst, rowFirst] {
            let whole = XMLFuzz.read(input, chunkSize: 1 << 20)
            let small = XMLFuzz.read(input, chunkSize: 3)
            #expect(whole == small)
        }
        #expect(XMLFuzz.read(xmlErrorFirst, chunkSize: 3).problem == .malformedXML(line: 2, column: 36, reason: "not well-formed (invalid token)"))
        #expect(XMLFuzz.read(rowFirst, chunkSize: 3).rows == [XMLReturnReaderTests.row(2, ["", "x", ""])])
    }
}

// MARK: - XLSX

/// Writes a zip archive of stored (uncompressed) entries, so that a mutated part can be packed
/// again with the right sizes and CRC and reach the XML parsers rather than the zip checks.
enum StoredZip {
    private static let crcTable: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return ~crc
    }

    static func archive(_ parts: [(name: String, data: [UInt8])]) -> [UInt8] {
        var output: [UInt8] = []
        var directory: [UInt8] = []
        func append(_ value: Int, bytes count: Int, to target: inout [UInt8]) {
            for shift in stride(from: 0, to: count * 8, by: 8) { target.append(UInt8(truncatingIfNeeded: value >> shift)) }
        }
        for part in parts {
            let name = Array(part.name.utf8)
            let crc = Int(crc32(part.data))
            let offset = output.count
            // Local header: signature, version 2.0, UTF-8 names, stored, 1980-01-01, CRC, sizes.
            for (value, count) in [(0x0403_4B50, 4), (20, 2), (0x0800, 2), (0, 2), (0, 2), (0x21, 2), (crc, 4),
                                   (part.data.count, 4), (part.data.count, 4), (name.count, 2), (0, 2)] {
                append(value, bytes: count, to: &output)
            }
            output += name + part.data
            for (value, count) in [(0x0201_4B50, 4), (20, 2), (20, 2), (0x0800, 2), (0, 2), (0, 2), (0x21, 2), (crc, 4),
                                   (part.data.count, 4), (part.data.count, 4), (name.count, 2), (0, 2), (0, 2), (0, 2),
                                   (0, 2), (0, 4), (offset, 4)] {
                append(value, bytes: count, to: &directory)
            }
            directory += name
        }
        let directoryOffset = output.count
        output += directory
        for (value, count) in [(0x0605_4B50, 4), (0, 2), (0, 2), (parts.count, 2), (parts.count, 2), (directory.count, 4),
                               (directoryOffset, 4), (0, 2)] {
            append(value, bytes: count, to: &output)
        }
        return output
    }
}

extension FuzzSupport {
    /// Tokens that damage a zip's structure where they land.
    static let zipTokens: [[UInt8]] = [
        [0x50, 0x4B, 0x03, 0x04], [0x50, 0x4B, 0x01, 0x02], [0x50, 0x4B, 0x05, 0x06], [0xFF, 0xFF, 0xFF, 0xFF],
        [0x00, 0x00, 0x00, 0x00], [0xFF, 0xFF], [0x08, 0x00], [0x00, 0x00, 0x00, 0x80],
    ]

    /// A damaged workbook: one of `rawBases` with its zip's bytes damaged, or one of `parts` damaged
    /// with `partTokens` among others (or dropped) and packed again with sizes and CRCs that match,
    /// so that the damage reaches the XML parsers rather than the zip checks.
    static func randomArchive(_ random: inout SplitMix64, parts: [(name: String, data: [UInt8])],
                              rawBases: [(name: String, bytes: [UInt8])], partTokens: [[UInt8]]) -> (description: String, bytes: [UInt8]) {
        if random.oneIn(2) {
            var parts = parts
            let target = random.below(parts.count)
            var description = "built workbook, "
            if random.oneIn(10) {
                description += "without \(parts[target].name)"
                parts.remove(at: target)
            } else {
                description += "\(parts[target].name) mutated"
                parts[target].data = mutate(parts[target].data, &random, tokens: partTokens)
            }
            var bytes = StoredZip.archive(parts)
            if random.oneIn(4) {
                description += ", then the zip mutated"
                bytes = mutate(bytes, &random, tokens: zipTokens)
            }
            return (description, bytes)
        }
        let base = random.pick(rawBases)
        return ("\(base.name), zip mutated", mutate(base.bytes, &random, tokens: zipTokens))
    }
}

enum XLSXFuzz {
    static let titles = ["民主法治村创建情况表", "企业创建情况表"]
    static let main = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
    static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// A workbook of every kind of cell the reader shows: shared strings with runs, an inline
    /// string, a formula's cached string, a date style, a custom date format, a boolean, an error,
    /// an ISO date, a number, a cell without `r`, a row without `r`, and a hidden first sheet.
    static let parts: [(name: String, data: [UInt8])] = [
        ("[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            </Types>
            """),
        ("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(relationships)/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """),
        ("xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook \(main) xmlns:r="\(relationships)"><workbookPr/><sheets>\
            <sheet name="说明" sheetId="1" state="hidden" r:id="rId1"/><sheet name="企业创建情况表" sheetId="2" r:id="rId2"/>\
            </sheets></workbook>
            """),
        ("xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(relationships)/worksheet" Target="worksheets/sheet1.xml"/>\
            <Relationship Id="rId2" Type="\(relationships)/worksheet" Target="/xl/worksheets/sheet2.xml"/>\
            <Relationship Id="rId3" Type="\(relationships)/sharedStrings" Target="sharedStrings.xml"/>\
            <Relationship Id="rId4" Type="\(relationships)/styles" Target="styles.xml"/></Relationships>
            """),
        ("xl/styles.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet \(main)><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>\
            <cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/>\
            </cellXfs></styleSheet>
            """),
        ("xl/sharedStrings.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <sst \(main) count="4" uniqueCount="4"><si><t>统一社会信用代码</t></si><si><t>企业名称</t></si>\
            <si><r><t>宁波</t></r><r><rPr><b/></rPr><t xml:space="preserve">东岙 </t></r><rPh><t>ning</t></rPh></si>\
            <si><t>a_x000D_b</t></si></sst>
            """),
        ("xl/worksheets/sheet1.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet \(main)><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>说明</t></is></c></row></sheetData></worksheet>
            """),
        ("xl/worksheets/sheet2.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet \(main)><dimension ref="A1:XFD5"/><sheetData>\
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>填报日期</t></is></c></row>\
            <row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="str"><f>A2</f><v>x_x000A_y</v></c><c r="C2" s="1"><v>39994</v></c>\
            <c r="D2" t="b"><v>1</v></c><c r="E2" t="e"><v>#DIV/0!</v></c><c r="F2" t="s"><v>3</v></c></row>\
            <row><c><v>9.1330206144101E+17</v></c><c t="d"><v>2009-06-25T00:00:00</v></c><c s="2"><v>40000.5</v></c><c s="1"/></row>\
            <row r="5"><c r="XFD5"><v>1</v></c></row>\
            </sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>
            """),
    ].map { ($0.0, Array($0.1.utf8)) }

    static let builtWorkbook = StoredZip.archive(parts)

    static let rawBases: [(name: String, bytes: [UInt8])] = {
        var bases = [("built workbook", builtWorkbook)]
        for path in ["templates/企业创建情况表.xlsx", "Tests/HuizongTests/Fixtures/xlsx/libreoffice-enterprise.xlsx"] {
            if let data = FileManager.default.contents(atPath: TestSupport.repositoryRoot + "/" + path) {
                bases.append((path, [UInt8](data)))
            }
        }
        return bases
    }()

    /// A damaged workbook (`FuzzSupport.randomArchive`).
    static func randomWorkbook(_ random: inout SplitMix64) -> (description: String, bytes: [UInt8]) {
        FuzzSupport.randomArchive(&random, parts: parts, rawBases: rawBases, partTokens: XMLFuzz.tokens + [
            "<row>", "<row r=\"0\">", "<row r=\"1048577\">", "<c r=\"A0\">", "<c r=\"XFE1\">", "<c t=\"s\"><v>99</v></c>",
            "<v>1e308</v>", "<v>-1</v>", "<is><r><t>x</t></r></is>", "s=\"99\"", "t=\"d\"", "t=\"n\"",
            "r:id=\"rId9\"", "Target=\"../../x.xml\"", "date1904=\"1\"", "state=\"veryHidden\"",
        ].map { Array($0.utf8) })
    }

    struct Outcome: Equatable, Sendable, CustomStringConvertible {
        var sheetName: String?
        var rows: [SourceRow] = []
        var problem: ReadProblem?
        /// Whether a call after the end gave nil again, and one after a problem threw it again.
        var staysAtEnd = true

        var description: String {
            "sheet \(sheetName ?? "-"), \(rows.count) rows (numbers \(rows.map(\.number).prefix(20))), "
                + (problem.map { "throws \($0)" } ?? "ends") + (staysAtEnd ? "" : ", but a later call does not repeat it")
        }
    }

    static func read(path: String) -> Outcome {
        let reader: XLSXReader
        do throws(ReadProblem) {
            reader = try XLSXReader.opening(path: path, preferredSheetNames: titles)
        } catch {
            return Outcome(problem: error)
        }
        var outcome = Outcome(sheetName: reader.sheetName)
        (outcome.problem, outcome.staysAtEnd) = FuzzSupport.readToStop(reader, into: &outcome.rows)
        return outcome
    }

    /// Reads the workbook at `path` on a thread of its own; nil when that takes longer than the
    /// watchdog's 10 s.
    static func readWithWatchdog(path: String) -> Outcome? {
        FuzzSupport.withWatchdog { read(path: path) }
    }

    /// What is wrong with how `XLSXReader` read the workbook written to `path`, or nil.
    static func violation(_ bytes: [UInt8], path: String, twice: Bool, tally: FuzzTally? = nil) -> String? {
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        guard let outcome = readWithWatchdog(path: path) else { return "no outcome within 10 s: a hang" }
        tally?.add(outcome.problem)
        if !outcome.staysAtEnd { return "\(outcome)" }
        if let row = outcome.rows.first(where: { !(1...1_048_576).contains($0.number) }) { return "row number \(row.number)" }
        if let row = outcome.rows.first(where: { $0.cells.count > 16_384 }) { return "row \(row.number) has \(row.cells.count) cells" }
        if twice {
            guard let again = readWithWatchdog(path: path) else { return "no outcome within 10 s the second time: a hang" }
            if again != outcome { return "read twice, two outcomes:\n  \(outcome)\n  \(again)" }
        }
        return nil
    }
}

@Suite struct FuzzXLSXTests {
    @Test func fuzzBasesReadCleanly() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(XLSXFuzz.rawBases.count == 3)
        for (name, bytes) in XLSXFuzz.rawBases {
            _ = FileManager.default.createFile(atPath: folder + "/base.xlsx", contents: Data(bytes))
            let outcome = XLSXFuzz.read(path: folder + "/base.xlsx")
            #expect(outcome.problem == nil && !outcome.rows.isEmpty, "\(name): \(outcome)")
        }
        _ = FileManager.default.createFile(atPath: folder + "/built.xlsx", contents: Data(XLSXFuzz.builtWorkbook))
        let built = XLSXFuzz.read(path: folder + "/built.xlsx")
        #expect(built.sheetName == "企业创建情况表")
        #expect(built.rows == [
            SourceRow(number: 1, cells: ["统一社会信用代码", "企业名称", "填报日期"]),
            SourceRow(number: 2, cells: ["宁波东岙 ", "x\ny", "2009-06-30", "TRUE", "#DIV/0!", "a\rb"]),
            SourceRow(number: 3, cells: ["9.1330206144101E+17", "2009-06-25", "2009-07-06 12:00"], numberCells: [0]),
            SourceRow(number: 5, cells: Array(repeating: "", count: 16_383) + ["1"], numberCells: [16_383]),
        ])
    }

    @Test func fuzzMutatedWorkbooks() throws {
        try FuzzSupport.fuzzWorkbooks(reader: "XLSXReader", fileExtension: "xlsx", salt: 0x715, base: 600) { random in
            let (description, input) = XLSXFuzz.randomWorkbook(&random)
            let twice = random.oneIn(4)
            return (description, input, { XLSXFuzz.violation($0, path: $1, twice: twice, tally: $2) })
        }
    }
}
