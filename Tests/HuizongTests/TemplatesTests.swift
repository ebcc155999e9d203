import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// The templates of PRODUCT §9: the committed ones are what the schema generates, each example
/// passes its XSD and huizong, the XSD is strict about the canonical form, and a third return type
/// gets templates with no code change.
@Suite struct TemplatesTests {
    static let root = TestSupport.repositoryRoot
    static let titles = ["企业创建情况表", "民主法治村创建情况表"]

    /// A way to spoil the enterprise example that its XSD must reject.
    struct Spoiled: CustomStringConvertible, Sendable {
        var description: String
        var edit: @Sendable (String) -> String
    }

    static let spoiled: [Spoiled] = [
        Spoiled(description: "rating 优秀秀") { replacing("integrity_rating", with: "优秀秀", in: $0) },
        Spoiled(description: "period 2009-13") { replacing("period", with: "2009-13", in: $0) },
        Spoiled(description: "period before the plan") { replacing("period", with: "2009-03", in: $0) },
        Spoiled(description: "period with a time zone") { replacing("period", with: "2009-06Z", in: $0) },
        Spoiled(description: "boolean yes") { replacing("workers_congress", with: "yes", in: $0) },
        Spoiled(description: "credit code of 17 characters") { replacing("credit_code", with: "91330206144101142", in: $0) },
        Spoiled(description: "credit code with an O") { replacing("credit_code", with: "91330206144101142O", in: $0) },
        Spoiled(description: "village code of 11 digits") { replacing("village_code", with: "33020611020", in: $0) },
        Spoiled(description: "phone with letters") { replacing("phone", with: "0574-8612345X", in: $0) },
        Spoiled(description: "negative head count") { replacing("employees", with: "-1", in: $0) },
        Spoiled(description: "score above 100") { replacing("integrity_score", with: "100.5", in: $0) },
        Spoiled(description: "date 2009/5/5") { replacing("filed_on", with: "2009/5/5", in: $0) },
        Spoiled(description: "empty required text") { replacing("contact", with: "", in: $0) },
        Spoiled(description: "missing required field") { $0.replacingOccurrences(of: "<name>示例企业（请改为本单位名称）</name>", with: "") },
        Spoiled(description: "unknown element") { $0.replacingOccurrences(of: "<row>", with: "<row>\n    <remark>备注</remark>") },
        Spoiled(description: "field twice") { $0.replacingOccurrences(of: "<row>", with: "<row>\n    <contact>王五</contact>") },
        Spoiled(description: "type township") { $0.replacingOccurrences(of: "type=\"enterprise\"", with: "type=\"township\"") },
        Spoiled(description: "row twice, same primary key") { text in
            let row = text[text.range(of: "  <row>")!.lowerBound..<text.range(of: "</row>\n")!.upperBound]
            return text.replacingOccurrences(of: "</return>", with: row + "</return>")
        },
    ]

    /// The text with the content of the element `key` replaced.
    static func replacing(_ key: String, with value: String, in text: String) -> String {
        guard let start = text.range(of: "<\(key)>"), let end = text.range(of: "</\(key)>") else { return text }
        return text.replacingCharacters(in: start.upperBound..<end.lowerBound, with: value)
    }

    /// The shipped workspace's templates, generated into a fresh folder.
    func generated() throws -> (folder: String, paths: [String]) {
        let folder = try TestSupport.temporaryFolder()
        return (folder, try TemplateSet.write(workspace: Workspace(root: Self.root), to: folder))
    }

    /// `xmllint --schema` on an XML text: 0 when it validates, 3 when it does not (5 would mean
    /// the XSD itself is broken).
    func xmllint(_ xml: String, schema: String) throws -> BinaryRunner.Result {
        let path = try TestSupport.temporaryFolder() + "/return.xml"
        try TestSupport.write(xml, to: path)
        return try BinaryRunner.runProgram("/usr/bin/xmllint", ["--noout", "--schema", schema, path])
    }

    func text(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test func committedTemplatesMatchTheSchema() throws {
        let (folder, paths) = try generated()
        let names = paths.map { String($0.dropFirst(folder.count + 1)) }
        let extensions = [".csv", ".xlsx", ".xml", ".xsd"]
        let expected: [String] = Self.titles.flatMap { title in extensions.map { title + $0 } }
        #expect(names == expected)
        let committed = try FileManager.default.contentsOfDirectory(atPath: Self.root + "/templates")
            .filter { !$0.hasPrefix(".") }
        #expect(Set(committed) == Set(names), "templates/ holds other files than the schema generates")
        for name in names {
            let fresh = FileManager.default.contents(atPath: folder + "/" + name)
            let kept = FileManager.default.contents(atPath: Self.root + "/templates/" + name)
            #expect(fresh == kept, "templates/\(name) is not what the schema generates; if the schema change is meant, copy \(folder)/\(name) into templates/")
        }
    }

    @Test func csvHeaderIsExactlyTheLabels() throws {
        let (folder, _) = try generated()
        let bytes = try #require(FileManager.default.contents(atPath: folder + "/企业创建情况表.csv"))
        let labels = try TestSupport.schema().returnType(named: "enterprise")!.fields.map(\.label)
        #expect(Array(bytes) == [0xEF, 0xBB, 0xBF] + Array((labels.joined(separator: ",") + "\r\n").utf8))
        #expect(!String(decoding: bytes, as: UTF8.self).contains("必填"))
    }

    @Test(arguments: titles)
    func examplePassesItsXSD(title: String) throws {
        let (folder, _) = try generated()
        let result = try xmllint(try text(folder + "/\(title).xml"), schema: folder + "/\(title).xsd")
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test(arguments: spoiled)
    func xsdRejects(_ variant: Spoiled) throws {
        let (folder, _) = try generated()
        let example = try text(folder + "/企业创建情况表.xml")
        let xml = variant.edit(example)
        try #require(xml != example, "the variant changed nothing")
        let result = try xmllint(xml, schema: folder + "/企业创建情况表.xsd")
        #expect(result.status == 3, "\(result.stderr)")
    }

    /// Fields in any order, an optional field left out or left empty: what huizong accepts too.
    @Test func xsdAcceptsAnyFieldOrderAndAnAbsentOptionalField() throws {
        let (folder, _) = try generated()
        let example = try text(folder + "/企业创建情况表.xml")
        let lines = example.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "  <row>")) + 1
        let end = try #require(lines.firstIndex(of: "  </row>"))
        let reversed = (lines[..<start] + lines[start..<end].reversed() + lines[end...]).joined(separator: "\n")
        let withoutVillage = example.replacingOccurrences(of: "<village_code>000000000000</village_code>", with: "")
        for xml in [reversed, withoutVillage, Self.replacing("village_code", with: "", in: example)] {
            try #require(xml != example)
            let result = try xmllint(xml, schema: folder + "/企业创建情况表.xsd")
            #expect(result.status == 0, "\(result.stderr)")
        }
    }

    /// 填报说明 (PRODUCT §11.1) is an optional element of every type's XML: an example validates with
    /// it filled in, empty or left out, and huizong reads what it holds.
    @Test(arguments: titles)
    func explanationIsOptionalInTheXML(title: String) throws {
        let (folder, _) = try generated()
        defer { TestSupport.remove(folder) }
        let example = try text(folder + "/\(title).xml")
        try #require(example.contains("<explanation></explanation>"))
        let explained = Self.replacing("explanation", with: "本月开展集中普法宣传，参加人次较多", in: example)
        let variants = ["filled": explained, "empty": example,
                        "absent": example.replacingOccurrences(of: "<explanation></explanation>", with: "")]
        let validator = try Workspace(root: Self.root).validator
        for (name, xml) in variants {
            let path = folder + "/\(name).xml"
            try TestSupport.write(xml, to: path)
            let result = try BinaryRunner.runProgram("/usr/bin/xmllint", ["--noout", "--schema", folder + "/\(title).xsd", path])
            #expect(result.status == 0, "\(name): \(result.stderr)")
            var explanations: [String?] = []
            let report = validator.validate(path: path, name: name + ".xml") { outcome in
                let type = validator.schema.returnType(named: outcome.returnType)!
                explanations.append(outcome.values[type.explanationField!]?.canonical)
            }
            #expect(report.issues.allSatisfy { $0.code == .foreignKey }, "\(name): \(report.issues.map(\.code))")
            #expect(explanations == [name == "filled" ? "本月开展集中普法宣传,参加人次较多" : nil], "\(name)")
        }
        let xsd = try text(folder + "/\(title).xsd")
        #expect(xsd.contains("<xs:element name=\"explanation\" type=\"xs:string\" minOccurs=\"0\">"))
    }

    /// The blank templates are read as their return types with nothing wrong but that they are empty
    /// (`empty-return`, a warning); the XML example's row
    /// is rejected for its example unit codes alone, so that an example sent unchanged never passes
    /// for a unit's return (PRODUCT §14).
    @Test func huizongReadsEveryTemplateAndRejectsTheExampleUnits() throws {
        let (folder, paths) = try generated()
        let validator = try Workspace(root: Self.root).validator
        for path in paths where !path.hasSuffix(".xsd") {
            let report = validator.validate(path: path, name: String(path.dropFirst(folder.count + 1)))
            #expect(report.returnType != nil, "\(path)")
            #expect(report.rowsAccepted == 0, "\(path)")
            guard path.hasSuffix(".xml") else {
                #expect(report.issues.map(\.code) == [.emptyReturn], "\(path): \(report.issues.map(\.code))")
                continue
            }
            let type = try #require(validator.schema.returnType(named: report.returnType ?? ""))
            #expect(report.rowsRejected == 1)
            #expect(report.issues.map(\.code) == type.registryLinks.map { _ in .foreignKey }, "\(path): \(report.issues.map(\.code))")
            let example = try text(path)
            #expect(example.contains("原样报送会被退回"))
            #expect(example.contains("（请改为本单位名称）"))
        }
        #expect(CreditCodeChecksum.isValid(XMLExampleTemplate.exampleCreditCode))
    }

    @Test func thirdReturnTypeGetsTemplatesWithNoCodeChange() throws {
        let root = try TestSupport.temporaryFolder()
        try FileManager.default.copyItem(atPath: TestSupport.seeds, toPath: root + "/seeds")
        try TestSupport.write(Self.mediationType, to: root + "/seeds/returns/mediation.yaml")
        let workspace = try Workspace(root: root)
        let paths = try TemplateSet.write(workspace: workspace, to: root + "/templates")
        #expect(paths.count == 12)
        let base = root + "/templates/人民调解委员会情况表"
        #expect(paths.contains(base + ".csv"))
        let example = try text(base + ".xml")
        #expect(example.contains("<register_no>TJ0000-Aa.aa</register_no>"))
        #expect(try xmllint(example, schema: base + ".xsd").status == 0)
        #expect(try xmllint(Self.replacing("established", with: "", in: example), schema: base + ".xsd").status == 0)
        #expect(try xmllint(Self.replacing("mediators", with: "0", in: example), schema: base + ".xsd").status == 3)
        #expect(try xmllint(Self.replacing("rating", with: "优", in: example), schema: base + ".xsd").status == 3)
        let report = workspace.validator.validate(path: base + ".xml", name: "mediation.xml")
        #expect(report.issues.map(\.code) == [.foreignKey], "only the example village code is wrong: \(report.issues.map(\.code))")
    }

    /// A return type the code has never seen: no example values, an unlinked pattern, an optional
    /// date, a minimum above 0, and a band rule that the derived values must satisfy.
    static let mediationType = """
        name: mediation
        title: 人民调解委员会情况表
        schema:
          fields:
            - {name: village_code, title: 村代码, type: string, code: true, constraints: {required: true, pattern: "[0-9]{12}"}}
            - {name: committee, title: 调解委员会名称, type: string, constraints: {required: true}}
            - {name: register_no, title: 登记编号, type: string, constraints: {required: true, pattern: "TJ[0-9]{4}-(A|B)[^IO]\\\\.[a-z]{2,}"}}
            - {name: period, title: 报送期间, type: yearmonth, planPeriod: true, constraints: {required: true}}
            - {name: mediators, title: 调解员人数, type: integer, constraints: {required: true, minimum: 1}}
            - {name: cases, title: 调解件数, type: integer, constraints: {required: true, minimum: 0}}
            - {name: success_rate, title: 调解成功率, type: number, constraints: {required: true, minimum: 0, maximum: 100}}
            - {name: rating, title: 等级, type: string, constraints: {required: true, enum: [优秀, 良好, 合格, 不合格]}}
            - {name: trained, title: 参加培训, type: boolean, trueValues: [是], falseValues: [否], constraints: {required: true}}
            - {name: note, title: 备注, type: string}
            - {name: established, title: 成立日期, type: date}
          primaryKey: [village_code, period]
          foreignKeys:
            - {fields: village_code, reference: {resource: units, fields: 单位代码}, unitType: 村}
        rules:
          - id: rating-band
            check: rating == band(success_rate)
            message: {zh: 等级与调解成功率不符, en: the rating does not match the success rate}

        """

    /// Each pattern's example matches it; a pattern outside the subset the templates assume has none.
    @Test(arguments: [
        "[0-9A-HJ-NPQRTUWXY]{18}", "[0-9]{12}", "1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}",
        "TJ[0-9]{4}-(A|B)[^IO]\\.[a-z]{2,}", "\\d{3}\\s\\w", "[^0-9a]+", "(ab|cd)*x?", "a{0}b", "[a\\-z]{2,5}",
    ])
    func patternExampleMatches(pattern: String) throws {
        let value = try #require(PatternExample.value(matching: pattern))
        #expect(try FieldPattern(pattern).matches(value), "\(value)")
    }

    @Test(arguments: ["a(?=b)", "[abc", "a{2", "(ab", "*a"])
    func patternOutsideTheSubsetHasNoExample(pattern: String) {
        #expect(PatternExample.value(matching: pattern) == nil)
    }
}
