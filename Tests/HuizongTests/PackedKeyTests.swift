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
}
