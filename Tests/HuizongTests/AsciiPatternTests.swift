import Testing
@testable import Huizong

/// The byte matcher must decide exactly as Swift `Regex` does on every value it decides.
@Suite struct AsciiPatternTests {
    static let compiled = [
        "[0-9A-HJ-NPQRTUWXY]{18}", "[0-9]{12}", "1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}",
        "\\d{4}-\\d{2}", "[A-Z]+\\.[a-z]*", "a?b+c*", "x{2,}y", "[^0-9]{1,3}", ".{3}", "[\\w-]+@[\\w.-]+",
        "[-a]b[a-]", "|ab", "a\\|b", "[ ]?\\s", "0{0}1",
    ]
    static let leftToRegex = [
        "(ab)+", "^a$", "a{,3}", "a*?", "a++", "[[:alpha:]]", "[a-z&&[^x]]", "\\p{Han}", "[]a]", "a{x}", "\\bword",
        "[^]", "中+",
    ]

    @Test func plansPatternsAreMatchedOverBytes() throws {
        for source in Self.compiled {
            #expect(AsciiPattern(source) != nil, "\(source)")
        }
        for source in Self.leftToRegex {
            #expect(AsciiPattern(source) == nil, "\(source)")
        }
    }

    @Test func decidesAsRegexDoes() throws {
        let alphabet = Array("0123456789abcxyzABHIOXY-_.@ |\\{}[]中")
        var generator = SplitMix64(seed: 20091231)
        for source in Self.compiled {
            let matcher = try #require(AsciiPattern(source))
            let regex = try Regex("^(?:" + source + ")$")
            var values = ["", "913302061000000089", "13857411692", "0574-86781234", "05748678123", "2009-04", "aab", "xxy", "abc"]
            for _ in 0..<3000 {
                let length = generator.below(21)
                values.append(String((0..<length).map { _ in alphabet[generator.below(alphabet.count)] }))
            }
            for value in values where Self.decides(value) {
                let expected = (try regex.wholeMatch(in: value)) != nil
                var bytes = value
                #expect(bytes.withUTF8 { matcher.matches($0) } == expected, "\(source) on \(value)")
            }
        }
    }

    @Test func valuesItCannotDecideGoToRegex() throws {
        let pattern = try FieldPattern("[^0-9]{2}")
        #expect(!Self.decides("中文"))
        #expect(pattern.matches("中文"))
        #expect(!Self.decides("a\r\nb"))
        #expect(!Self.decides(String(repeating: "1", count: 64)))
        #expect(try FieldPattern("[0-9]{64}").matches(String(repeating: "1", count: 64)))
    }

    static func decides(_ value: String) -> Bool {
        var value = value
        return value.withUTF8 { AsciiPattern.decides($0) }
    }
}
