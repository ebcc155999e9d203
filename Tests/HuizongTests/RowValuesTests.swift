import Testing
@testable import Huizong

@Suite struct RowValuesTests {
    static let values: [CellValue?] = [
        .text("宁波东岙机械有限公司"), nil, .number(35000.5, canonical: "35000.5"), .boolean(true), .boolean(false),
        .date("2009-05-02"), .yearMonth("2009-04"), .text(""), .number(-3, canonical: "-3"),
    ]

    /// Every kind of value reads back as it was set, as a value, as its canonical text and as bytes.
    @Test func valuesReadBackAsTheyWereSet() {
        let row = RowValues(Self.values)
        #expect(row.count == Self.values.count)
        #expect(Array(row) == Self.values)
        #expect(row.canonicalTexts == Self.values.map { $0?.canonical ?? "" })
        for (i, value) in Self.values.enumerated() {
            #expect(row.hasValue(i) == (value != nil))
            #expect(row.canonical(i) == value?.canonical)
            #expect(row.withCanonicalUTF8(i) { Array($0) } == value.map { Array($0.canonical.utf8) })
            #expect(row.ruleValue(i) == value?.ruleValue)
        }
        #expect(row.number(2) == 35000.5 && row.number(0) == nil && row.number(1) == nil)
        #expect(row.isText(0) && row.isText(7) && !row.isText(5) && !row.isText(1) && !row.isText(2))
        #expect(row.withCanonicalUTF8(Optional<Int>.none) { $0 == nil } && row.withCanonicalUTF8(Optional(1)) { $0 == nil })
        #expect(row.withCanonicalUTF8(Optional(0)) { $0.map { Array($0) } } == Array("宁波东岙机械有限公司".utf8))
    }

    /// A value set again, out of order or taken away reads as the last one set; the texts left
    /// behind in the buffer are not read, nor compared.
    @Test func aValueSetAgainOrClearedReadsAsTheLastOne() {
        var row = RowValues(Self.values)
        row[0] = .text("甲")
        row.clear(2)
        row[1] = .yearMonth("2009-12")
        var expected = Self.values
        expected[0] = .text("甲")
        expected[2] = nil
        expected[1] = .yearMonth("2009-12")
        #expect(Array(row) == expected)
        #expect(row == RowValues(expected))
        #expect(row != RowValues(Self.values))
        row[1] = nil
        #expect(!row.hasValue(1) && row.canonical(1) == nil)
    }

    /// The parser writes a cell's value into the row as the value it reads on its own gives.
    @Test func theParserWritesWhatItReads() {
        let parser = ValueParser(field: nil)
        let cells: [(String, FieldType)] = [("宁波", .string), ("1,200", .integer), ("12.50", .number), ("2009/6/5", .date),
                                            ("2009年6月", .yearmonth), ("12.5", .integer), ("abc", .number)]
        var row = RowValues(count: cells.count)
        for (i, (text, type)) in cells.enumerated() {
            var text = text
            let parsed = text.withUTF8 { parser.parse(utf8: $0, as: type, into: &row, at: i) }
            #expect(parsed == (parser.parse(text, as: type) != nil), "\(text)")
            #expect(row[i] == parser.parse(text, as: type), "\(text)")
        }
        #expect(row.canonicalTexts == ["宁波", "1200", "12.5", "2009-06-05", "2009-06", "", ""])
    }
}
