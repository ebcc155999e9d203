import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// Returns as clerks and export systems really send them: repeated XML fields, invisible
/// characters, reordered headers, files cut short, declarations expat reads itself.
@Suite struct OddInputTests {
    let validator: ReturnValidator

    init() throws {
        validator = try Workspace(root: TestSupport.repositoryRoot).validator
    }

    func validate(_ name: String, _ bytes: [UInt8]) throws -> FileReport {
        let path = try TestSupport.temporaryFolder() + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return validator.validate(path: path, name: name)
    }

    func validate(_ name: String, _ text: String) throws -> FileReport {
        try validate(name, Array(text.utf8))
    }

    func found(_ report: FileReport) -> [String] {
        report.issues.map { "\($0.row.map(String.init) ?? "-") \($0.field ?? "-") \($0.code.rawValue)" }
    }

    static let villageRow = """
        <village_code>330206110201</village_code><name>东岙村</name><period>2009-06</period>
        <legal_adviser>陈律师</legal_adviser><adviser_phone>13857400001</adviser_phone><law_sessions>4</law_sessions>
        <law_attendance>260</law_attendance><disputes>6</disputes><disputes_resolved>6</disputes_resolved>
        <land_disputes>1</land_disputes><environment_disputes>1</environment_disputes><labor_disputes>1</labor_disputes>
        <demolition_disputes>0</demolition_disputes><affairs_open>是</affairs_open><democratic_election>是</democratic_election>
        <democratic_decision>是</democratic_decision><democratic_management>是</democratic_management>
        <democratic_supervision>是</democratic_supervision><corrections>3</corrections><reoffended>0</reoffended>
        <self_score>92</self_score><rating>优秀</rating><contact>李红</contact><phone>0574-86100001</phone>
        <filed_on>2009-06-25</filed_on>
        """

    @Test func repeatedXMLFieldIsAnErrorOfItsRow() throws {
        let xml = "<return type=\"village\">\n<row>\(Self.villageRow)<law_sessions>5</law_sessions></row>\n</return>\n"
        let report = try validate("v.xml", xml)
        #expect(found(report) == ["2 law_sessions extra-cell"])
        #expect(report.issues[0].message(.zh).contains("<law_sessions> 在本行出现了两次"))
        #expect(report.rowsRejected == 1)
    }

    @Test func xmlWithoutTypeSaysSoAndListsTheTypes() throws {
        let report = try validate("v.xml", "<return>\n<row>\(Self.villageRow)</row>\n</return>\n")
        #expect(found(report) == ["- - unknown-return-type"])
        let message = report.issues[0].message(.zh)
        #expect(message.contains("没有写报表类型"))
        #expect(message.contains("<return type=\"village\">（民主法治村创建情况表）"))
    }

    @Test func xmlDeclaredAsASCIIWithCharacterReferences() throws {
        let row = Self.villageRow.unicodeScalars.map { $0.isASCII ? String($0) : "&#\($0.value);" }.joined()
        let xml = "<?xml version=\"1.0\" encoding=\"US-ASCII\"?>\n<return type=\"village\">\n<row>\(row)</row>\n</return>\n"
        let report = try validate("v.xml", xml)
        #expect(report.issues.isEmpty)
        #expect(report.rowsAccepted == 1)
        #expect(report.encoding == "US-ASCII")
    }

    @Test func fileCutShortIsRejectedWholeWithTheRowsBeforeTheCut() throws {
        let xml = "<return type=\"village\">\n<row>\(Self.villageRow)</row>\n"
        let report = try validate("v.xml", xml)
        #expect(found(report) == ["- - format-error"])
        #expect(report.isRejectedWhole)
        #expect((report.rowsRead, report.rowsAccepted, report.rowsRejected) == (1, 0, 1))
    }

    @Test func invisibleCharactersAreDropped() throws {
        let labels = EnterpriseReturn.labels
        var row = EnterpriseReturn.row(0)
        row[0] = "\u{200B}" + row[0].prefix(8) + " " + row[0].dropFirst(8)
        row[1] = row[1] + "\u{FEFF}"
        let text = "\u{FEFF}\u{FEFF}" + labels.joined(separator: ",") + "\n" + row.joined(separator: ",") + "\n"
        let report = try validate("e.csv", text)
        #expect(report.issues.isEmpty, "\(found(report))")
    }

    @Test func valuesInIssuesAreAsGiven() throws {
        var row = EnterpriseReturn.row(0)
        row[2] = "３３０２０６１１０２９９"
        let report = try validate("e.csv", EnterpriseReturn.csv([row]))
        #expect(found(report) == ["2 village_code foreign-key"])
        #expect(report.issues[0].value == "３３０２０６１１０２９９")
    }

    @Test func duplicateLabelQuotesBothColumns() throws {
        let header = EnterpriseReturn.labels + ["credit_code"]
        let report = try validate("e.csv", header.joined(separator: ",") + "\n")
        #expect(found(report) == ["- credit_code duplicate-label"])
        #expect(report.issues[0].message(.zh) == "表头第 1 列“统一社会信用代码”和第 20 列“credit_code”是同一列。请删除重复的一列。")
    }

    @Test func missingCellNamesTheFirstAbsentColumnInColumnOrder() throws {
        let labels = Array(EnterpriseReturn.labels.reversed())
        let row = Array(EnterpriseReturn.row(0).reversed().prefix(2))
        let report = try validate("e.csv", labels.joined(separator: ",") + "\n" + row.joined(separator: ",") + "\n")
        #expect(found(report) == ["2 contact missing-cell"])
    }

    @Test func lengthMessageCountsTheNormalisedValue() throws {
        var row = EnterpriseReturn.row(0)
        row[0] = " 9133020614410114 "
        let report = try validate("e.csv", EnterpriseReturn.csv([row]))
        #expect(found(report) == ["2 credit_code constraint-error"])
        #expect(report.issues[0].message(.zh).contains("有 16 位，应为 18 位"))
    }

    @Test func bandRuleMessageQuotesThePlansBands() throws {
        var row = EnterpriseReturn.row(0)
        row[12] = "89"
        let report = try validate("e.csv", EnterpriseReturn.csv([row]))
        #expect(found(report) == ["2 integrity_rating row-constraint"])
        let message = report.issues[0].message(.zh)
        #expect(message.contains("方案规定：优秀 ≥ 90，良好 ≥ 75，合格 ≥ 60，不合格 ≥ 0"))
        #expect(message.contains("诚信守法自评分 89"))
    }

    /// Rows are read a batch ahead of the hand-on; over many batches they are still handed on in
    /// file order, and a key is a duplicate of the first row that had it, whichever batch that was.
    @Test func rowsOfManyBatchesAreHandedOnInFileOrder() throws {
        let path = try TestSupport.temporaryFolder() + "/many.csv"
        try TestSupport.write(EnterpriseReturn.csv((0..<9000).map { EnterpriseReturn.row($0 % 5) }), to: path)
        var handedOn: [Int] = []
        let report = validator.validate(path: path, name: "many.csv") { handedOn.append($0.row) }
        #expect(handedOn == Array(2...9001))
        #expect(report.rowsAccepted == 5 && report.rowsRejected == 8995)
        let firstRows = report.issues.map { issue -> Int? in
            if case .duplicateKey(let first, _) = issue.finding { first } else { nil }
        }
        #expect(firstRows.count == 8995 && firstRows.enumerated().allSatisfy { $0.element == 2 + ($0.offset + 5) % 5 })
    }

    /// A fault many batches into a file rejects it whole; the rows before it are still handed on.
    @Test func aFaultBatchesIntoAFileRejectsItWhole() throws {
        let xml = "<return type=\"village\">\n" + String(repeating: "<row>\(Self.villageRow)</row>\n", count: 7000)
        let path = try TestSupport.temporaryFolder() + "/late-fault.xml"
        try TestSupport.write(xml, to: path)
        var handedOn = 0
        let report = validator.validate(path: path, name: "late-fault.xml") { _ in handedOn += 1 }
        #expect(found(report).first == "- - format-error")
        #expect((report.rowsRead, report.rowsAccepted, report.rowsRejected, handedOn) == (7000, 0, 7000, 7000))
    }

    @Test func workbooksGetAClearNotYet() throws {
        let report = try validate("报表.xlsx", [0x50, 0x4B, 0x03, 0x04])
        #expect(found(report) == ["- - format-error"])
        #expect(report.issues[0].message(.zh).contains("另存为"))
    }

    @Test func neitherUTF8NorGB18030NamesBothPlaces() throws {
        let report = try validate("e.csv", Array("统一社会信用代码,企业名称\n".utf8) + [0xB7, 0xA8, 0x80, 0x0A])
        #expect(found(report) == ["- - encoding-error"])
        #expect(report.issues[0].message(.zh).contains("既不是 UTF-8（第 39 个字节起不符合）也不是 GB18030（第 41 个字节起不符合）"))
    }
}

/// The limits of `seeds/plan.yaml` (issue: configurable, safe defaults; a limit hit is an issue on
/// that file, not the end of the night).
@Suite struct ReadLimitsTests {
    /// A workspace whose plan sets `limits` to the given lines.
    func workspace(limits: String) throws -> Workspace {
        let root = try TestSupport.temporaryFolder()
        try FileManager.default.copyItem(atPath: TestSupport.seeds, toPath: root + "/seeds")
        let plan = root + "/seeds/plan.yaml"
        var text = try String(contentsOfFile: plan, encoding: .utf8)
        let start = try #require(text.range(of: "limits:\n"))
        let end = try #require(text.range(of: "# Return types", range: start.upperBound..<text.endIndex))
        text.replaceSubrange(start.lowerBound..<end.lowerBound, with: "limits:\n" + limits + "\n")
        try TestSupport.write(text, to: plan)
        return try Workspace(root: root)
    }

    @Test func shippedDefaults() throws {
        let limits = try TestSupport.schema().limits
        #expect(limits.fileBytes == 2048 << 20 && limits.rowBytes == 64 << 20 && limits.rows == 10_000_000)
        #expect(limits.unzippedBytes == 1024 << 20 && limits.unzipRatio == 200)
    }

    @Test func eachLimitIsAnIssueOnThatFileOnly() throws {
        let workspace = try workspace(limits: "  fileMB: 1\n  rowMB: 1\n  rows: 3")
        let folder = try TestSupport.temporaryFolder()
        try TestSupport.write(EnterpriseReturn.csv((0..<4).map { EnterpriseReturn.row($0) }), to: folder + "/four.csv")
        try TestSupport.write(EnterpriseReturn.csv((0..<3).map { EnterpriseReturn.row($0) }), to: folder + "/three.csv")
        try Data(repeating: UInt8(ascii: "a"), count: (1 << 20) + 10).write(to: URL(fileURLWithPath: folder + "/long-row.csv"))
        try Data(repeating: UInt8(ascii: "\n"), count: 2 << 20).write(to: URL(fileURLWithPath: folder + "/big.csv"))
        let validator = workspace.validator
        let four = validator.validate(path: folder + "/four.csv", name: "four.csv")
        #expect(four.issues.map(\.finding) == [.unreadable(.tooManyRows(limit: 3))])
        #expect(four.issues[0].message(.zh).contains("拆成几个文件"))
        #expect(four.issues[0].detail?.contains("limits: rows in seeds/plan.yaml") == true)
        #expect(validator.validate(path: folder + "/three.csv", name: "three.csv").issues.isEmpty)
        #expect(validator.validate(path: folder + "/long-row.csv", name: "long-row.csv").issues.map(\.code) == [.formatError])
        let big = validator.validate(path: folder + "/big.csv", name: "big.csv")
        #expect(big.issues.map(\.finding) == [.unreadable(.tooLarge(limit: "1 MiB"))])
    }

    /// Rows are read on a thread of their own, batches ahead of the hand-on: a limit the hand-on
    /// finds many batches in stops the reading too.
    @Test func aLimitFoundBatchesIntoAFileStopsIt() throws {
        let workspace = try workspace(limits: "  rows: 5000")
        let path = try TestSupport.temporaryFolder() + "/many.csv"
        try TestSupport.write(EnterpriseReturn.csv((0..<20_000).map { EnterpriseReturn.row($0 % 5) }), to: path)
        var handedOn = 0
        let report = workspace.validator.validate(path: path, name: "many.csv") { _ in handedOn += 1 }
        #expect(report.issues.filter { $0.row == nil }.map(\.finding) == [.unreadable(.tooManyRows(limit: 5000))])
        #expect(report.rowsRead == 5000 && report.rowsAccepted == 0 && report.rowsRejected == 5000)
        #expect(handedOn == 5000)
    }

    @Test func badLimitIsASchemaError() throws {
        #expect(throws: SchemaError.self) { try workspace(limits: "  rows: many") }
    }
}

@Suite struct TerminalTextTests {
    /// A cell carrying an escape sequence cannot reach the clerk's terminal through `validate`.
    @Test func controlCharactersAreShownNotSent() throws {
        var row = EnterpriseReturn.row(0)
        row[1] = "宁波\u{1B}]0;pwned\u{7}公司"
        let folder = try TestSupport.temporaryFolder()
        try TestSupport.write(EnterpriseReturn.csv([row]), to: folder + "/e\u{1B}[31m.csv")
        let result = try BinaryRunner.run(["validate", "--root", TestSupport.repositoryRoot, folder + "/e\u{1B}[31m.csv"])
        #expect(result.status == 0)
        #expect(!result.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        #expect(result.stdout.contains("宁波␛]0;pwned␇公司"))
        #expect(result.stdout.contains("e␛[31m.csv"))
    }
}
