import Testing
@testable import Huizong

@Suite struct PackedKeyTests {
    @Test func equalPartsPackEqual() {
        #expect(PackedKey(["913302061000000089", "2009-04"]) == PackedKey(["913302061000000089", "2009-04"]))
        #expect(PackedKey(["913302061000000089", "2009-04"]).hashValue == PackedKey(["913302061000000089", "2009-04"]).hashValue)
        #expect(PackedKey(["913302061000000089", "2009-04"]) != PackedKey(["913302061000000089", "2009-05"]))
    }

    @Test func partsKeepTheirBorders() {
        #expect(PackedKey(["ab", "c"]) != PackedKey(["a", "bc"]))
        #expect(PackedKey(["a", ""]) != PackedKey(["", "a"]))
        #expect(PackedKey(["a\u{0}", "b"]) != PackedKey(["a", "\u{0}b"]))
    }

    @Test func longKeysAreExactToo() {
        let long = String(repeating: "清溪镇", count: 40)
        #expect(PackedKey([long, "2009-04"]) == PackedKey([long, "2009-04"]))
        #expect(PackedKey([long, "2009-04"]) != PackedKey([long + "x", "2009-04"]))
        #expect(PackedKey([long + "x", "2009-04"]) != PackedKey([long, "x2009-04"]))
        let atTheEdge = String(repeating: "1", count: 29)
        #expect(PackedKey([atTheEdge, "a"]) != PackedKey([atTheEdge, "ab"]))
        #expect(PackedKey([atTheEdge, "ab"]) == PackedKey([atTheEdge, "ab"]))
    }

    @Test func indexKeepsTheFirstRowOfEveryKey() {
        var index = PrimaryKeyIndex()
        let keys = (0..<50_000).map { PackedKey([String(format: "9133020610%08d", $0), "2009-04"]) }
        for (i, key) in keys.enumerated() { index.insert(key, row: i + 2) }
        index.insert(keys[9], row: 99_999)
        #expect(keys.indices.allSatisfy { index.firstRow(of: keys[$0]) == $0 + 2 })
        #expect(index.firstRow(of: PackedKey(["913302061000000009", "2009-05"])) == nil)
    }

    /// Units' places and months, neighbours in both, each found as itself and nothing else.
    @Test func exactIndexKeepsTheFirstRowOfEveryUnitAndMonth() {
        var index = PrimaryKeyIndex(exact: true)
        let keys = (0..<60_000).map { PackedKey(unit: $0 / 12, month: 24_108 + $0 % 12) }
        for (i, key) in keys.enumerated() { index.insert(key, row: i + 2) }
        index.insert(keys[9], row: 99_999)
        #expect(keys.indices.allSatisfy { index.firstRow(of: keys[$0]) == $0 + 2 })
        #expect(index.firstRow(of: PackedKey(unit: 5_000, month: 24_108)) == nil)
        #expect(index.firstRow(of: PackedKey(unit: 0, month: 24_120)) == nil)
        #expect(PackedKey(unit: 1, month: 0) != PackedKey(unit: 0, month: 1))
    }
}
