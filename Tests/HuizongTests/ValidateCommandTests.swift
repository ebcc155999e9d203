import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// `huizong validate` as a unit runs it: the built binary on real files (PRODUCT §8).
@Suite struct ValidateCommandTests {
    let root = TestSupport.repositoryRoot
    var samples: String { root + "/samples" }

    func validate(_ arguments: [String], root: String? = nil) throws -> BinaryRunner.Result {
        try BinaryRunner.run(["validate", "--root", root ?? self.root] + arguments)
    }

    @Test func samplesInTextForAClerk() throws {
        let result = try validate([samples])
        #expect(result.status == 1)
        let out = result.stdout
        #expect(out.contains("企业创建情况表-2009-06-五金厂.csv（企业创建情况表，GB18030）"))
        #expect(out.contains("第 4 行  统一社会信用代码  [错误 type-error]"))
        #expect(out.contains("单元格格式设为“文本”"))
        #expect(out.contains("第 5 行  劳动合同签订人数  [错误 row-constraint]"))
        #expect(out.contains("村创建情况表-2009-06-下邵村.xml（民主法治村创建情况表，GB2312）\n  读取 1 行，全部通过。"))
        #expect(out.contains("村创建情况表-2009-06-东岙村.txt（民主法治村创建情况表，UTF-16LE）"))
        #expect(out.contains("第 192 行  调解成功件数"))
        #expect(out.contains("共检查 5 个文件：2 个有错误，3 个可以报送"))
        #expect(!out.contains("README"))
        #expect(result.stderr.isEmpty)
    }

    @Test func cleanFileExitsZero() throws {
        let result = try validate([samples + "/企业创建情况表-2009-06-清溪镇企业协会.csv"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("读取 25 行，全部通过。"))
    }

    @Test func englishMessages() throws {
        let result = try validate(["--lang", "en", samples + "/企业创建情况表-2009-06-五金厂.csv"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("row 4  统一社会信用代码  [error type-error]"))
        #expect(result.stdout.contains("Format the column as Text"))
        #expect(result.stdout.contains("Checked 1 file: 1 with errors"))
    }

    @Test func jsonIsOneObjectWithTheIssuesShape() throws {
        let result = try validate(["--format", "json", samples])
        #expect(result.status == 1)
        #expect(result.stderr.isEmpty)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(Array(object.keys) == ["issues"])
        let issues = try #require(object["issues"] as? [[String: Any]])
        #expect(issues.count == 4)
        for issue in issues {
            for key in ["file", "row", "field", "code", "severity", "value", "message"] {
                #expect(issue[key] != nil, "issue lacks \(key)")
            }
            if issue["code"] as? String == "row-constraint" { #expect(issue["rule"] is String) }
        }
        let sci = try #require(issues.first { $0["code"] as? String == "type-error" })
        #expect(sci["row"] as? Int == 4)
        #expect(sci["field"] as? String == "credit_code")
        #expect(sci["value"] as? String == "9.13302E+17")
        #expect((sci["file"] as? String)?.hasSuffix("企业创建情况表-2009-06-五金厂.csv") == true)
        let rules = issues.compactMap { $0["rule"] as? String }.sorted()
        #expect(rules == ["contracts-within-employees", "integrity-rating-band", "resolved-within-disputes"])
    }

    @Test func fileLevelIssuesHaveNullRowInJSON() throws {
        let file = root + "/Tests/HuizongTests/Fixtures/returns/unknown-type.csv"
        let result = try validate(["--format", "json", file])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let issue = try #require((object["issues"] as? [[String: Any]])?.first)
        #expect(issue["code"] as? String == "unknown-return-type")
        #expect(issue["row"] is NSNull)
        #expect(issue["field"] is NSNull)
    }

    @Test func usageErrorsExitTwo() throws {
        let missing = try validate(["/no/such/return.csv"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("找不到文件"))
        let badFlag = try validate(["--format", "yaml", samples])
        #expect(badFlag.status == 2)
        let nothing = try BinaryRunner.run(["validate"])
        #expect(nothing.status == 2)
    }

    @Test func brokenSchemaExitsTwoNamingTheFile() throws {
        let workspace = try TestSupport.temporaryFolder()
        try FileManager.default.copyItem(atPath: TestSupport.seeds, toPath: workspace + "/seeds")
        let plan = workspace + "/seeds/plan.yaml"
        let text = try String(contentsOfFile: plan, encoding: .utf8)
        try TestSupport.write(text.replacingOccurrences(of: "  end: 2009-12", with: "  end: 2009-13"), to: plan)
        let result = try validate([samples], root: workspace)
        #expect(result.status == 2)
        #expect(result.stderr.contains("plan.yaml"))
        #expect(result.stderr.contains("period.end"))
        #expect(result.stdout.isEmpty)
    }

    /// PRODUCT §3: a third return type needs schema files only.
    @Test func thirdReturnTypeBySchemaFilesAlone() throws {
        let workspace = try TestSupport.temporaryFolder()
        try FileManager.default.copyItem(atPath: TestSupport.seeds, toPath: workspace + "/seeds")
        try TestSupport.write("""
        # 人民调解委员会工作情况表: one more return type, added without code.
        name: mediation
        title: 人民调解委员会工作情况表
        schema:
          fields:
            - name: village_code
              title: 村代码
              type: string
              code: true
              constraints: {required: true, pattern: "[0-9]{12}"}
            - name: period
              title: 报送期间
              type: yearmonth
              planPeriod: true
              constraints: {required: true}
            - name: mediators
              title: 调解员人数
              type: integer
              constraints: {required: true, minimum: 1}
            - name: cases
              title: 受理案件数
              type: integer
              constraints: {required: true, minimum: 0}
            - name: settled
              title: 调解成功数
              type: integer
              constraints: {required: true, minimum: 0}
            - name: trained
              title: 参加培训
              type: boolean
              trueValues: ["是"]
              falseValues: ["否"]
              constraints: {required: true}
          primaryKey: [village_code, period]
          foreignKeys:
            - fields: village_code
              reference: {resource: units, fields: 单位代码}
              unitType: 村
        rules:
          - id: settled-within-cases
            check: settled <= cases
            message: {zh: 调解成功数不能多于受理案件数, en: cases settled cannot exceed cases received}
        """, to: workspace + "/seeds/returns/mediation.yaml")
        let file = workspace + "/调解委员会-2009-06.csv"
        try TestSupport.write("""
        村代码,报送期间,调解员人数,受理案件数,调解成功数,参加培训
        330206110201,2009-06,5,12,11,是
        330206110202,2009年6月,0,3,3,是
        330206110203,2009-06,4,2,3,否
        330206110299,2009-06,4,2,2,否

        """, to: file)
        let result = try validate(["--format", "json", file], root: workspace)
        #expect(result.status == 1, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let issues = try #require(object["issues"] as? [[String: Any]])
        let found = issues.map { "\($0["row"] as? Int ?? 0) \($0["field"] as? String ?? "-") \($0["code"] as? String ?? "")" }
        #expect(found == ["3 mediators constraint-error", "4 settled row-constraint", "5 village_code foreign-key"])
        #expect(issues[1]["rule"] as? String == "settled-within-cases")
        let text = try validate([file], root: workspace)
        #expect(text.stdout.contains("（人民调解委员会工作情况表，UTF-8）"))
    }

    /// Bad input of every kind yields issues, never a crash or a hang, and the other files go on.
    @Test func hostileFilesBesideAGoodOne() throws {
        let folder = try TestSupport.temporaryFolder()
        let manager = FileManager.default
        try Data().write(to: URL(fileURLWithPath: folder + "/empty.csv"))
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }).write(to: URL(fileURLWithPath: folder + "/binary.csv"))
        let good = try String(contentsOfFile: samples + "/企业创建情况表-2009-06-清溪镇企业协会.csv", encoding: .utf8)
        var lines = good.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        lines[2] = lines[2].replacingOccurrences(of: "有限公司", with: "有限\0公司")
        try TestSupport.write(lines.joined(separator: "\r\n") + "\r\n", to: folder + "/nul.csv")
        try Data([0xEF, 0xBB, 0xBF] + Array("村代码,村名称\n".utf8) + [0xB6, 0xAB, 0xE1, 0xBA]).write(to: URL(fileURLWithPath: folder + "/gbk-after-utf8-bom.csv"))
        try Data(repeating: UInt8(ascii: "a"), count: 50 << 20).write(to: URL(fileURLWithPath: folder + "/single-line.csv"))
        let sample = try Data(contentsOf: URL(fileURLWithPath: samples + "/村创建情况表-2009-Q2.xml"))
        try sample.prefix(sample.count / 2).write(to: URL(fileURLWithPath: folder + "/truncated.xml"))
        try Data("PK\u{3}\u{4}".utf8).write(to: URL(fileURLWithPath: folder + "/notes.docx"))
        try manager.copyItem(atPath: samples + "/企业创建情况表-2009-06-清溪镇企业协会.csv", toPath: folder + "/good.csv")
        let files = ["binary.csv", "empty.csv", "gbk-after-utf8-bom.csv", "good.csv", "notes.docx", "nul.csv",
                     "single-line.csv", "truncated.xml"].map { folder + "/" + $0 }
        let result = try validate(["--format", "json"] + files)
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let issues = try #require(object["issues"] as? [[String: Any]])
        func codes(_ name: String) -> [String] {
            issues.filter { ($0["file"] as? String)?.hasSuffix("/" + name) == true }.compactMap { $0["code"] as? String }
        }
        #expect(codes("empty.csv") == ["format-error"])
        #expect(codes("binary.csv") == ["encoding-error"])
        #expect(codes("nul.csv") == ["registry-mismatch"])
        #expect(codes("gbk-after-utf8-bom.csv") == ["encoding-error"])
        #expect(codes("single-line.csv") == ["unknown-return-type"])
        #expect(codes("truncated.xml").contains("format-error"))
        #expect(codes("notes.docx") == ["format-error"])
        #expect(codes("good.csv").isEmpty)
    }

    @Test func billionLaughsAndExternalEntitiesAreRefused() throws {
        let folder = try TestSupport.temporaryFolder()
        var laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE return [\n<!ENTITY lol \"lol\">\n"
        laughs += "<!ENTITY lol1 \"" + String(repeating: "&lol;", count: 10) + "\">\n"
        for i in 2...9 { laughs += "<!ENTITY lol\(i) \"" + String(repeating: "&lol\(i - 1);", count: 10) + "\">\n" }
        laughs += "]>\n<return type=\"village\"><row><name>&lol9;</name></row></return>\n"
        try TestSupport.write(laughs, to: folder + "/laughs.xml")
        try TestSupport.write("""
        <?xml version="1.0"?>
        <!DOCTYPE return [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
        <return type="village"><row><village_code>330206110201</village_code><name>&secret;</name></row></return>

        """, to: folder + "/xxe.xml")
        try TestSupport.write("""
        <?xml version="1.0"?>
        <!DOCTYPE return SYSTEM "file:///etc/passwd">
        <return type="village"><row><name>东岙村</name></row></return>

        """, to: folder + "/external-dtd.xml")
        let result = try validate(["--format", "json", folder + "/laughs.xml", folder + "/xxe.xml", folder + "/external-dtd.xml"])
        #expect(result.status == 1)
        #expect(!result.stdout.contains("root:"))
        #expect(!result.stdout.contains("lollollol"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let issues = try #require(object["issues"] as? [[String: Any]])
        let byFile = Dictionary(grouping: issues) { ($0["file"] as? String).map { ($0 as NSString).lastPathComponent } ?? "" }
        #expect(byFile["laughs.xml"]?.map { $0["code"] as? String } == ["format-error"])
        #expect((byFile["laughs.xml"]?.first?["message"] as? String)?.contains("层层展开") == true)
        #expect((byFile["laughs.xml"]?.first?["detail"] as? String)?.contains("amplification") == true)
        #expect(byFile["xxe.xml"]?.map { $0["code"] as? String } == ["format-error"])
        #expect((byFile["xxe.xml"]?.first?["message"] as? String)?.contains("文件以外的内容") == true)
        #expect((byFile["xxe.xml"]?.first?["detail"] as? String)?.contains("external entity") == true)
        let dtd = byFile["external-dtd.xml"]?.map { $0["code"] as? String ?? "" } ?? []
        #expect(dtd == ["format-error"])
    }
}
