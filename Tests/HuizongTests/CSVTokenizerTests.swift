import Testing
@testable import Huizong

/// One tokenizer case: the input, and the records it holds keyed by the line each starts on.
struct TokenizerCase: Sendable, CustomTestStringConvertible {
    let input: String
    let delimiter: Character
    let records: [Int: [String]]

    init(_ input: String, delimiter: Character = ",", _ records: [Int: [String]]) {
        self.input = input
        self.delimiter = delimiter
        self.records = records
    }

    var expected: [TokenizedRecord] {
        records.keys.sorted().map { TokenizedRecord(line: $0, fields: records[$0]!) }
    }

    var testDescription: String { String(reflecting: input) }
}

struct TokenizedRecord: Equatable {
    let line: Int
    let fields: [String]
}

/// Feeds `input` to a tokenizer `chunkSize` bytes at a time and collects every record.
func tokenize(_ input: [UInt8], delimiter: UInt8 = UInt8(ascii: ","), chunkSize: Int = .max,
              recordLimit: Int = CSVTokenizer.defaultRecordLimit) throws(ReadProblem) -> [TokenizedRecord] {
    var tokenizer = CSVTokenizer(delimiter: delimiter, recordLimit: recordLimit)
    var records: [TokenizedRecord] = []
    var chunkStart = 0
    while chunkStart < input.count {
        var chunk = Array(input[chunkStart..<min(chunkStart + chunkSize, input.count)])
        chunkStart += chunk.count
        while !chunk.isEmpty {
            let step = try chunk.withUnsafeBufferPointer { (buffer) throws(ReadProblem) in try tokenizer.feed(buffer) }
            chunk.removeFirst(step.consumed)
            if step.recordEnded {
                records.append(TokenizedRecord(line: tokenizer.recordLine, fields: Array(tokenizer.fields())))
            }
        }
    }
    if try tokenizer.finish() {
        records.append(TokenizedRecord(line: tokenizer.recordLine, fields: Array(tokenizer.fields())))
    }
    return records
}

@Suite struct CSVTokenizerTests {
    static let cases: [TokenizerCase] = [
        TokenizerCase("", [:]),
        TokenizerCase("a,b,c\n1,2,3\n", [1: ["a", "b", "c"], 2: ["1", "2", "3"]]),
        TokenizerCase("a,b\n1,2", [1: ["a", "b"], 2: ["1", "2"]]),
        TokenizerCase("\"a,b\",c\n", [1: ["a,b", "c"]]),
        TokenizerCase("\"say \"\"hi\"\"\",x\n", [1: ["say \"hi\"", "x"]]),
        TokenizerCase("\"\"\"\"\n", [1: ["\""]]),
        TokenizerCase("a,b\r\nc,d\r\n", [1: ["a", "b"], 2: ["c", "d"]]),
        TokenizerCase("a,b\rc,d\r", [1: ["a", "b"], 2: ["c", "d"]]),
        TokenizerCase("a\r\nb\rc\nd", [1: ["a"], 2: ["b"], 3: ["c"], 4: ["d"]]),
        TokenizerCase("\"line 1\nline 2\",x\ny,z\n", [1: ["line 1\nline 2", "x"], 3: ["y", "z"]]),
        TokenizerCase("\"a\r\nb\",c\r\nd\r\n", [1: ["a\r\nb", "c"], 3: ["d"]]),
        TokenizerCase("\"a\rb\r\rc\"\nd", [1: ["a\rb\r\rc"], 5: ["d"]]),
        TokenizerCase(",,\n", [1: ["", "", ""]]),
        TokenizerCase("a,b,\n", [1: ["a", "b", ""]]),
        TokenizerCase("a,", [1: ["a", ""]]),
        TokenizerCase("\"\",a,\"\"\n", [1: ["", "a", ""]]),
        TokenizerCase("a,\"\"", [1: ["a", ""]]),
        TokenizerCase("\"a\"", [1: ["a"]]),
        TokenizerCase("a\n\nb\n", [1: ["a"], 2: [""], 3: ["b"]]),
        TokenizerCase("a\r\n\r\nb", [1: ["a"], 2: [""], 3: ["b"]]),
        TokenizerCase("\n", [1: [""]]),
        TokenizerCase("ab\"c,d\n", [1: ["ab\"c", "d"]]),
        TokenizerCase("\"ab\"c,d\n", [1: ["abc", "d"]]),
        TokenizerCase(" \"a\" ,b\n", [1: [" \"a\" ", "b"]]),
        TokenizerCase("名称,代码\n法治,1\n", [1: ["名称", "代码"], 2: ["法治", "1"]]),
        TokenizerCase("a\u{0}b,\u{1}\n", [1: ["a\u{0}b", "\u{1}"]]),
        TokenizerCase("a;\"b;c\";d,e\n", delimiter: ";", [1: ["a", "b;c", "d,e"]]),
        TokenizerCase("a\tb\t\r\n1\t2\t3", delimiter: "\t", [1: ["a", "b", ""], 2: ["1", "2", "3"]]),
    ]

    @Test(arguments: cases)
    func records(_ testCase: TokenizerCase) throws {
        #expect(try tokenize(Array(testCase.input.utf8), delimiter: testCase.delimiter.asciiValue!) == testCase.expected)
    }

    @Test(arguments: cases, [1, 2, 3])
    func chunkBoundariesDoNotMatter(_ testCase: TokenizerCase, chunkSize: Int) throws {
        let records = try tokenize(Array(testCase.input.utf8), delimiter: testCase.delimiter.asciiValue!, chunkSize: chunkSize)
        #expect(records == testCase.expected)
    }

    @Test(arguments: [
        ("\"abc", 1),
        ("a,b\n1,\"oops\n2,3\n", 2),
        ("a\n\"x\"\"\r", 2),
        ("\"a\nb\"\n\"c", 3),
    ])
    func unterminatedQuoteReportsWhereTheRecordStarts(input: String, line: Int) {
        #expect(throws: ReadProblem.unterminatedQuote(line: line)) {
            try tokenize(Array(input.utf8))
        }
    }

    @Test func recordBeyondTheLimitIsTooLarge() {
        #expect(throws: ReadProblem.tooLarge(limit: "100 B")) {
            try tokenize(Array(String(repeating: "x", count: 101).utf8), recordLimit: 100)
        }
    }

    @Test func manyEmptyFieldsCountAgainstTheLimit() {
        let commas = String(repeating: ",", count: 1000)
        #expect(throws: ReadProblem.tooLarge(limit: "1000 B")) {
            try tokenize(Array(commas.utf8), recordLimit: 1000)
        }
    }

    @Test func limitAppliesToEachRecordAlone() throws {
        let input = String(repeating: "0123456789\n", count: 100)
        #expect(try tokenize(Array(input.utf8), recordLimit: 10 + CSVTokenizer.fieldCost).count == 100)
    }

    @Test func limitIsDescribedInMebibytes() {
        #expect(throws: ReadProblem.tooLarge(limit: "1 MiB")) {
            try tokenize([UInt8](repeating: UInt8(ascii: "x"), count: (1 << 20) + 1), recordLimit: 1 << 20)
        }
    }
}
