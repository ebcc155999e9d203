import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

@Suite struct RegistryTests {
    let registry: Registry

    init() throws {
        registry = try Registry.load(path: TestSupport.seeds + "/units.csv")
    }

    /// PRODUCT §4: a realistic town of about 20 villages and 60 enterprises, every code valid.
    @Test func shippedRegistryIsARealisticTown() {
        let units = registry.units
        let villages = units.filter { $0.type == "村" }
        let enterprises = units.filter { $0.type == "企业" }
        #expect(villages.count == 20)
        #expect(enterprises.count == 60)
        #expect(villages.allSatisfy { $0.code.count == 12 && $0.code.allSatisfy(\.isASCIIDigit) && $0.villageCode.isEmpty })
        #expect(enterprises.allSatisfy { CreditCodeChecksum.isValid($0.code) })
        let villageCodes = Set(villages.map(\.code))
        #expect(enterprises.allSatisfy { $0.villageCode.isEmpty || villageCodes.contains($0.villageCode) })
        #expect(Set(units.map(\.name)).count == units.count)
    }

    @Test func brokenRegistryNamesFileAndLine() throws {
        let folder = try TestSupport.temporaryFolder()
        let path = folder + "/units.csv"
        try TestSupport.write("单位代码,单位名称,单位类型,所在村代码\n330206110201,东岙村,村,\n330206110202,下邵村,社区,\n", to: path)
        let error = try #require(throws: SchemaError.self) { try Registry.load(path: path) }
        #expect(error.line == 3)
        #expect(error.problem == .unknownValue("社区", allowed: ["村", "企业"]))
        try TestSupport.write("单位代码,单位名称,单位类型\n330206110201,东岙村,村\n", to: path)
        let missing = try #require(throws: SchemaError.self) { try Registry.load(path: path) }
        #expect(missing.place == "所在村代码")
        try TestSupport.write("单位代码,单位名称,单位类型,所在村代码\n330206110201,东岙村,村,\n330206110201,东岙,村,\n", to: path)
        let duplicate = try #require(throws: SchemaError.self) { try Registry.load(path: path) }
        #expect(duplicate.problem == .duplicate("330206110201"))
    }

    /// The packed table finds every unit of a county-sized registry, and nothing else.
    @Test func packedRegistryFindsEveryUnit() {
        let units = (0..<20_000).map { i in
            Registry.Unit(code: String(format: "9133020610%08d", i), name: "企业\(i)", type: i % 10 == 0 ? "村" : "企业",
                          villageCode: i % 10 == 0 ? "" : String(format: "3302061102%02d", i % 50))
        }
        let long = Registry.Unit(code: "X", name: String(repeating: "很长的名称", count: 20_000), type: "企业", villageCode: "")
        let registry = Registry(units: units + [long, Registry.Unit(code: units[7].code, name: "重复", type: "村", villageCode: "")])
        #expect(registry.count == units.count + 1)
        #expect(registry.units == units + [long])
        #expect(units.allSatisfy { registry.unit($0.code) == $0 })
        #expect(registry.unit("X") == long)
        #expect(registry.unit("913302061099999999") == nil)
        #expect(registry.unit("") == nil)
        #expect(Registry(units: []).unit("X") == nil)
    }
}

@Suite struct StoreEncodingTests {
    /// Keys sort field by field in code point order, whatever the values hold.
    @Test func orderedKeysSortLikeTheirFields() {
        let keys: [[String]] = [["a", "b"], ["a2", "a"], ["a", "a"], ["", "z"], ["a\u{0}", "a"], ["a", "b\u{0}c"], ["é", "x"], ["Z", "x"]]
        let byBytes = keys.sorted { OrderedKey.encode($0).lexicographicallyPrecedes(OrderedKey.encode($1)) }
        let byFields = keys.sorted { $0.lexicographicallyPrecedes($1) { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) } }
        #expect(byBytes == byFields)
        for key in keys { #expect(OrderedKey.decode(OrderedKey.encode(key)) == key) }
        #expect(OrderedKey.decode(Data([0x61, 0x00])) == nil)
    }

    @Test func packedStringsRoundTrip() {
        let long = String(repeating: "法", count: 4000)
        for strings in [[], [""], ["a", "", "统一社会信用代码"], ["3:x", "12:"], ["\u{0}", "\r\n"], [long, "0123456789", long + "x"]] as [[String]] {
            #expect(PackedStrings.decode(PackedStrings.encode(strings)) == strings)
            // A row's cells pack to the same bytes as their texts.
            #expect(PackedStrings.encode(RowCells(strings)) == PackedStrings.encode(strings))
        }
        #expect(PackedStrings.encode(["统一", "", "0123456789"]) == Data("6:统一0:10:0123456789".utf8))
        for damaged in ["5:ab", "x", ":", "1", "1:a1", "+1:a", "-1:", "1:a:"] {
            #expect(PackedStrings.decode(Data(damaged.utf8)) == nil, "\(damaged)")
        }
        #expect(PackedStrings.decode(Data()) == [])
    }
}
