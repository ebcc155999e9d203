import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// Every fixture return in `Fixtures/returns/` against the issues `expected.json` lists for it:
/// row, field, code and the constraint or rule. Together they show every §6 code a single file
/// can carry, every rule id and every §3.3 normalisation, in CSV (UTF-8, GB18030, UTF-16) and XML
/// (UTF-8, UTF-16, GB2312, GBK).
@Suite struct FixtureReturnsTests {
    struct Expected: Decodable, Comparable, CustomStringConvertible {
        var row: Int?
        var field: String?
        var code: String
        var rule: String?
        var constraint: String?

        static func < (a: Expected, b: Expected) -> Bool { a.description < b.description }

        var description: String {
            "row \(row.map(String.init) ?? "-") \(field ?? "-") \(code) \(rule ?? constraint ?? "")"
        }
    }

    static let folder = TestSupport.repositoryRoot + "/Tests/HuizongTests/Fixtures/returns"

    static let expected: [String: [Expected]] = {
        let data = FileManager.default.contents(atPath: folder + "/expected.json") ?? Data()
        return (try? JSONDecoder().decode([String: [Expected]].self, from: data)) ?? [:]
    }()

    static let validator: ReturnValidator? = try? Workspace(root: TestSupport.repositoryRoot).validator
    /// What `huizong validate` runs: each file alone, then the history rules over its rows.
    static let check: FilingCheck? = (try? Workspace(root: TestSupport.repositoryRoot)).map(FilingCheck.init)

    @Test func everyFixtureHasAnExpectation() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder)
            .filter { !$0.hasPrefix(".") && $0 != "expected.json" }
        #expect(Set(files) == Set(Self.expected.keys))
        #expect(files.count >= 40)
    }

    @Test(arguments: expected.keys.sorted())
    func fixture(name: String) throws {
        let check = try #require(Self.check)
        let report = try #require(check.validate([(Self.folder + "/" + name, name)]).first)
        let found = report.issues.map {
            Expected(row: $0.row, field: $0.field, code: $0.code.rawValue, rule: $0.rule, constraint: $0.constraint)
        }
        #expect(found.sorted().map(\.description) == Self.expected[name]!.sorted().map(\.description))
        let rejected = report.rowsRejected
        #expect(report.rowsRead == report.rowsAccepted + rejected)
    }

    /// Every code a single file can carry appears in some fixture. `locked` needs the office's
    /// decisions in a store: ReportingCycleTests show it. `stored-as-number` needs a workbook's number
    /// cells: StoredAsNumberTests write one. `not-authorised` needs a portal account: PortalTests
    /// show it.
    @Test func fixturesCoverEveryCode() {
        let codes = Set(Self.expected.values.flatMap { $0.map(\.code) })
        let singleFile = Set(IssueCode.allCases.map(\.rawValue)).subtracting(["conflict", "duplicate-file", "locked", "stored-as-number",
                                                                               "not-authorised"])
        #expect(codes == singleFile)
    }

    @Test func fixturesCoverEveryRuleAndConstraint() throws {
        let schema = try TestSupport.schema()
        let rules = Set(Self.expected.values.flatMap { $0.compactMap(\.rule) })
        #expect(rules == Set(schema.returnTypes.flatMap { $0.rules.map(\.id) }))
        let constraints = Set(Self.expected.values.flatMap { $0.compactMap(\.constraint) })
        #expect(constraints == ["required", "enum", "minLength", "maxLength", "pattern", "minimum", "maximum"])
    }

    /// Returns in GB18030, UTF-16 and GB2312/GBK-declared XML yield the right Chinese values.
    @Test(arguments: [
        ("enterprise-gb18030.csv", "contact", "王𬀩"),
        ("enterprise-gb18030.csv", "name", "宁波市北仑区清溪镇林头服装厂"),
        ("enterprise-utf16be.txt", "name", "宁波北仑芦江水产食品有限公司"),
        ("village-utf16le.txt", "name", "河头村"),
        ("village-gb2312.xml", "name", "下邵村"),
        ("village-gb2312.xml", "legal_adviser", "虞国平"),
        ("enterprise-gbk.xml", "name", "宁波市北仑区清溪镇河头机械配件厂"),
        ("village-utf16.xml", "name", "塘头村"),
    ])
    func encodedReturnsReadChineseValues(name: String, field: String, value: String) throws {
        let validator = try #require(Self.validator)
        var rows: [RowValues] = []
        let report = validator.validate(path: Self.folder + "/" + name, name: name) { rows.append($0.values) }
        let type = try #require(report.returnType.flatMap(validator.schema.returnType(named:)))
        let index = try #require(type.fieldIndex(key: field))
        #expect(rows.contains { $0[index]?.canonical == value })
    }
}
