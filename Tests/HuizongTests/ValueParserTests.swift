import Testing
@testable import Huizong

@Suite struct ValueParserTests {
    static let booleanField = Field(key: "b", label: "是否", type: .boolean, constraints: FieldConstraints(), aliases: [],
                                    isCode: false, checksum: nil,
                                    trueValues: ["是", "Y", "y", "yes", "true", "1", "√", "有"],
                                    falseValues: ["否", "N", "n", "no", "false", "0", "×", "无"], hint: nil)

    @Test(arguments: [
        ("2009-06-15", "2009-06-15"), ("2009/6/15", "2009-06-15"), ("2009.6.15", "2009-06-15"),
        ("2009年6月15日", "2009-06-15"), ("20090615", "2009-06-15"), ("2008-02-29", "2008-02-29"),
        ("2009年6月15号", "2009-06-15"), ("2009-6-5", "2009-06-05"),
    ])
    func datesAreCanonical(input: String, expected: String) {
        #expect(ValueParser(field: nil).parse(input, as: .date) == .date(expected))
    }

    @Test(arguments: ["2009-02-29", "2009-13-01", "2009-6", "2009/06-15", "15/6/2009", "2009年6月", "200906150", "2009-06-15x",
                      "2009-06-99999999999999999999", "2009-06-015", "2009-06-0000000001", "09-06-15", "2009-06-15日"])
    func badDatesAreRejected(input: String) {
        #expect(ValueParser(field: nil).parse(input, as: .date) == nil)
    }

    @Test(arguments: [
        ("2009-06", "2009-06"), ("2009/6", "2009-06"), ("2009.6", "2009-06"), ("2009年6月", "2009-06"), ("200906", "2009-06"),
    ])
    func yearMonthsAreCanonical(input: String, expected: String) {
        #expect(ValueParser(field: nil).parse(input, as: .yearmonth) == .yearMonth(expected))
    }

    @Test(arguments: ["2009-13", "2009-00", "09-06", "2009年6", "2009-06-01", "2009-99999999999999999999", "2009-006"])
    func badYearMonthsAreRejected(input: String) {
        #expect(ValueParser(field: nil).parse(input, as: .yearmonth) == nil)
    }

    @Test(arguments: [
        ("1,234.50", "1234.5"), ("1,234", "1234"), ("1200元", "1200"), ("3人", "3"), ("2件", "2"), ("5次", "5"),
        ("84.50", "84.5"), ("096", "96"), ("0.0", "0"), ("-0", "0"), ("100", "100"), (".5", "0.5"),
        ("000", "0"), ("-0.000", "0"), ("+12", "12"), ("0012.3400", "12.34"), ("-00.50", "-0.5"), ("1200 元", "1200"),
    ])
    func numbersAreCanonical(input: String, expected: String) {
        #expect(Self.numbers.parse(input, as: .number)?.canonical == expected)
    }

    /// The plan's suffixes (seeds/plan.yaml).
    static let numbers = ValueParser(field: nil, suffixes: ["元", "人", "件", "次", "分"])

    @Test(arguments: ["abc", "1.2.3", "", "1,", "12元5", "--1", "1e5", "1,2,3", "12,34", "1,,234", "8 5", "85人人",
                      "-", "+", ".", "1.", "-.", "元", "1.5.", "1,234.5.6", "+-1", "١٢",
                      ",5", "1,234,5", "1 200元", "90分分"])
    func badNumbersAreRejected(input: String) {
        #expect(Self.numbers.parse(input, as: .number) == nil)
    }

    @Test(arguments: [("90分", "90"), ("1,234,567.5", "1234567.5"), ("1,200 元", "1200"), ("-1,000", "-1000")])
    func groupedNumbersAndUnits(input: String, expected: String) {
        #expect(Self.numbers.parse(input, as: .number)?.canonical == expected)
    }

    @Test func integersAllowZeroFractionOnly() {
        let parser = ValueParser(field: nil)
        #expect(parser.parse("12.0", as: .integer)?.canonical == "12")
        #expect(parser.parse("12.5", as: .integer) == nil)
    }

    @Test(arguments: [("是", true), ("Y", true), ("yes", true), ("true", true), ("1", true), ("√", true), ("有", true),
                      ("否", false), ("N", false), ("no", false), ("false", false), ("0", false), ("×", false), ("无", false)])
    func booleansFromTheField(input: String, expected: Bool) {
        #expect(ValueParser(field: Self.booleanField).parse(input, as: .boolean) == .boolean(expected))
    }

    @Test func unknownBooleanSpelling() {
        #expect(ValueParser(field: Self.booleanField).parse("maybe", as: .boolean) == nil)
    }
}

@Suite struct NormalisationTests {
    @Test(arguments: [
        ("１２３", false, "123"), ("　张三　", false, "张三"), ("'0574-86123456", false, "0574-86123456"),
        ("（集团）", false, "(集团)"), ("９１３３０２０６ａｂ", true, "91330206AB"), (" 91330206mA2ab ", true, "91330206MA2AB"),
        ("１，２３４", false, "1,234"),
    ])
    func cells(raw: String, isCode: Bool, expected: String) {
        #expect(Normalisation.cell(raw, isCode: isCode) == expected)
    }

    /// Text the quick paths pass through unchanged must be what the full rules give: random text
    /// of Chinese, ASCII, and every kind of character the rules change.
    @Test func quickPathsAgreeWithTheFullRules() {
        let alphabet = Array("张三企业良好是否优秀合格1a9Z-.'（）１ａ\u{3000}\u{A0}\u{85}\u{2003}\u{200B}\u{FEFF}\u{2060}\u{1680}\u{205F} \t\r\né𬀩")
        var generator = SplitMix64(seed: 2009)
        for _ in 0..<20_000 {
            let raw = String((0..<(1 + generator.below(6))).map { _ in alphabet[generator.below(alphabet.count)] })
            var full = Normalisation.halfWidth(Normalisation.withoutInvisibles(raw)).trimmingWhiteSpace()
            if full.hasPrefix("'") { full = String(full.dropFirst()).trimmingWhiteSpace() }
            #expect(Normalisation.cell(raw, isCode: false) == full, "\(raw.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test func headerLabelsIgnoreBracketWidthAndSpaces() {
        #expect(HeaderText.key(" 拖欠工资金额(元) ") == HeaderText.key("拖欠工资金额（元）"))
        #expect(HeaderText.key("联系电话：") == HeaderText.key("联系电话:"))
    }

    @Test(arguments: ["9.13302E+17", "9.13302E17", "9E+17", "1.5E+11"])
    func scientificNumbers(text: String) {
        var text = text
        let looks = text.withUTF8(Normalisation.looksLikeScientificNumber)
        #expect(looks)
    }

    @Test(arguments: ["91330206E12345678X", "E+17", "9.1.3E+17", "9.13302E+", "913302061234567890", "9.13302E+1E7", "9.E+17",
                      ".5E+17", "9.13302E++17", "9.13302E-17"])
    func notScientificNumbers(text: String) {
        var text = text
        let looks = text.withUTF8(Normalisation.looksLikeScientificNumber)
        #expect(!looks)
    }
}

@Suite struct CreditCodeChecksumTests {
    /// Codes printed on real business licences.
    @Test(arguments: ["91110000600037341L", "91350100M000100Y43", "91440300708461136T"])
    func publishedCodesAreValid(code: String) {
        #expect(CreditCodeChecksum.isValid(code))
    }

    @Test func checkCharacterDetectsOneWrongCharacter() throws {
        let body = "91330206256012345"
        let check = try #require(CreditCodeChecksum.expectedCheckCharacter(of: body))
        #expect(CreditCodeChecksum.isValid(body + String(check)))
        let altered = "91330206256012346" + String(check)
        #expect(!CreditCodeChecksum.isValid(altered))
    }

    /// A canonical number's value is the double `Double(text)` reads, bit for bit, whether its
    /// digits take the exact division or are too many for it, and so is the value read with the
    /// canonical text in one pass; ten thousand texts of up to twenty digits, a dot anywhere, some
    /// negative, from a fixed seed.
    @Test func canonicalValuesAreWhatDoubleReads() {
        var random = SplitMix64(seed: 0x6875_697A)
        var texts = ["0", "0.1", "-0.3", "35000.5", "69.7", "999999999999999", "9999999999999999", "0.0000000000000000000001",
                     "1.7976931348623157", "123456789012345.6", "0.30000000000000004"]
        for _ in 0..<10_000 {
            let count = random.below(20) + 1
            var digits = (0..<count).map { _ in Character(String(random.below(10))) }
            if digits.count > 1, digits[0] == "0" { digits[0] = "7" }
            var text = String(digits)
            let dot = random.below(count + 1)
            if dot > 0, dot < count { text.insert(".", at: text.index(text.startIndex, offsetBy: dot)) }
            if random.oneIn(3) { text = "-" + text }
            texts.append(text)
        }
        for text in texts {
            #expect(CanonicalNumber.value(ofCanonical: text)?.bitPattern == Double(text)?.bitPattern, "\(text)")
            let read = CanonicalNumber.read(utf8: Array(text.utf8))
            #expect(read?.text == CanonicalNumber.canonical(Substring(text)), "\(text)")
            #expect(read.map { $0.value.bitPattern } == read.flatMap { Double($0.text)?.bitPattern }, "\(text)")
        }
        #expect(CanonicalNumber.value(ofCanonical: "") == nil && CanonicalNumber.value(ofCanonical: "1.2.3") == nil)
    }

    @Test func charactersOutsideTheAlphabetHaveNoCheck() {
        #expect(CreditCodeChecksum.expectedCheckCharacter(of: "9133020625601234I") == nil)
    }
}
