import Testing
@testable import Huizong
import HuizongTestSupport

/// Row-level checks on the shipped schema with a small registry.
@Suite struct RowCheckerTests {
    static func code(_ body: String) -> String {
        body + String(CreditCodeChecksum.expectedCheckCharacter(of: body)!)
    }

    static let factory = code("91330206254801237")
    static let village = "330206110201"
    static let registry = Registry(units: [
        .init(code: village, name: "东岙村", type: "村", villageCode: ""),
        .init(code: factory, name: "宁波清溪五金制品有限公司", type: "企业", villageCode: village),
    ])

    let schema: PlanSchema
    let enterprise: ReturnType

    init() throws {
        schema = try TestSupport.schema()
        enterprise = try #require(schema.returnType(named: "enterprise"))
    }

    var labels: [String] { enterprise.fields.map(\.label) }

    /// A valid enterprise row, by key; tests change what they need.
    static let validRow: [String: String] = [
        "credit_code": factory, "name": "宁波清溪五金制品有限公司", "village_code": village, "period": "2009-06",
        "employees": "120", "contracts": "118", "insured": "115", "workers_congress": "是", "affairs_open": "是",
        "wage_bargaining": "是", "wage_arrears": "0", "labor_disputes": "0", "integrity_score": "92",
        "integrity_rating": "优秀", "harmony_score": "91", "harmony_rating": "优秀", "contact": "王丽",
        "phone": "0574-86123456", "filed_on": "2009-06-20", "explanation": "",
    ]

    func cells(_ changes: [String: String] = [:]) -> [String] {
        enterprise.fields.map { changes[$0.key] ?? Self.validRow[$0.key]! }
    }

    func checker(_ type: ReturnType? = nil) -> RowChecker {
        RowChecker(type: type ?? enterprise, columnFields: enterprise.fields.indices.map { $0 }, width: enterprise.fields.count,
                   schema: schema, registry: Self.registry, file: "t.csv")
    }

    /// The enterprise type with the level of one rule changed.
    func enterprise(_ rule: String, level: RuleLevel) throws -> ReturnType {
        var type = enterprise
        let index = try #require(type.rules.firstIndex { $0.id == rule })
        type.rules[index].level = level
        return type
    }

    func check(_ changes: [String: String]) -> [Huizong.Issue] {
        checker().check(SourceRow(number: 2, cells: cells(changes))).issues
    }

    /// An enum value and a length are read as texts, though checked on bytes: a value written with
    /// a combining accent is the enum's precomposed one, and a line break \r\n is one character.
    @Test func enumsAndLengthsReadCharactersNotBytes() throws {
        var type = enterprise
        func constrain(_ key: String, _ change: (inout FieldConstraints) -> Void) throws {
            let i = try #require(type.fieldIndex(key: key))
            let field = type.fields[i]
            var constraints = field.constraints
            change(&constraints)
            type.fields[i] = Field(key: field.key, label: field.label, type: field.type, constraints: constraints, aliases: field.aliases,
                                   isCode: field.isCode, checksum: field.checksum, trueValues: field.trueValues,
                                   falseValues: field.falseValues, hint: field.hint)
        }
        try constrain("contact") {
            $0.enumValues = ["Café", "王丽"]
            $0.maxLength = 4
        }
        try constrain("name") { $0.maxLength = 3 }
        func issues(_ changes: [String: String]) -> [String] {
            checker(type).check(SourceRow(number: 2, cells: cells(changes))).issues.compactMap(\.constraint)
        }
        #expect(issues(["contact": "Cafe\u{301}", "name": "a\r\nb"]).isEmpty)
        #expect(issues(["contact": "Cafe", "name": "a\r\nbc"]) == ["maxLength", "enum"])
    }

    @Test func validRowIsAcceptedWithCanonicalValues() {
        let outcome = checker().check(SourceRow(number: 2, cells: cells(["employees": "１２０人", "workers_congress": "√",
                                                                          "filed_on": "2009年6月20日", "period": "200906"])))
        #expect(outcome.issues.isEmpty)
        #expect(outcome.isAccepted)
        #expect(outcome.values.map { $0?.canonical ?? "" } == cells(["employees": "120"]))
    }

    @Test(arguments: [
        ("employees", "十二", IssueCode.typeError, nil as String?),
        ("employees", "-1", .constraintError, "minimum"),
        ("integrity_score", "100.5", .constraintError, "maximum"),
        ("integrity_rating", "优秀秀", .constraintError, "enum"),
        ("phone", "8612345", .constraintError, "pattern"),
        ("contact", "  ", .constraintError, "required"),
        ("credit_code", "9133020625480123", .constraintError, "minLength"),
        ("credit_code", "9133020625480123IX", .constraintError, "pattern"),
        ("period", "2009-03", .constraintError, "minimum"),
        ("period", "2010-01", .constraintError, "maximum"),
        ("filed_on", "2009-06-31", .typeError, nil),
        ("workers_congress", "也许", .typeError, nil),
        ("credit_code", "9.13302E+17", .typeError, nil),
        ("village_code", "33020611020", .constraintError, "pattern"),
    ])
    func oneWrongCell(key: String, value: String, code: IssueCode, constraint: String?) {
        let issues = check([key: value])
        #expect(issues.count == 1)
        #expect(issues.first?.code == code)
        #expect(issues.first?.field == key)
        #expect(issues.first?.row == 2)
        #expect(issues.first?.constraint == constraint)
        #expect(issues.first?.value == value)
    }

    @Test func wrongCheckCharacter() {
        let wrong = String(Self.factory.dropLast()) + (Self.factory.last == "0" ? "1" : "0")
        let issues = check(["credit_code": wrong])
        #expect(issues.map(\.code) == [.checksumError])
        #expect(issues[0].message(.zh).contains("第 18 位"))
    }

    @Test func scientificCodeGetsTheTextFormatHint() {
        let issue = check(["credit_code": "9.13302E+17"])[0]
        #expect(issue.message(.zh).contains("文本"))
        #expect(issue.message(.en).contains("Format the column as Text"))
    }

    /// A valid code with an `E` between digits is a code, not a number Excel mangled; with a wrong
    /// check character it is still taken for one.
    @Test(arguments: ["91510112E600384239", code("91330206E60038423"), code("12330206E00000012")])
    func aCodeWithAnEBetweenDigitsIsACode(code: String) {
        #expect(CreditCodeChecksum.isValid(code))
        #expect(!check(["credit_code": code]).contains { $0.code == .typeError }, "\(code)")
        let wrong = String(code.dropLast()) + (code.last == "0" ? "1" : "0")
        #expect(check(["credit_code": wrong]).map(\.code) == [.typeError])
    }

    @Test func foreignKeys() {
        let unknown = Self.code("91330206999999990")
        #expect(check(["credit_code": unknown]).map(\.code) == [.foreignKey])
        #expect(check(["village_code": "330206110299"]).map(\.code) == [.foreignKey])
        #expect(check(["village_code": "33020611020A"]).map(\.code) == [.constraintError])
        #expect(check(["village_code": ""]).isEmpty)
    }

    @Test func registeredUnitOfTheWrongType() {
        let registry = Registry(units: Self.registry.units + [
            .init(code: "330206110202", name: "下邵村", type: "企业", villageCode: ""),
        ])
        let checker = RowChecker(type: enterprise, columnFields: enterprise.fields.indices.map { $0 },
                                 width: enterprise.fields.count, schema: schema, registry: registry, file: "t.csv")
        let issues = checker.check(SourceRow(number: 3, cells: cells(["village_code": "330206110202"]))).issues
        #expect(issues.map(\.code) == [.foreignKey])
        #expect(issues[0].finding == .wrongUnitType(expected: "村", registeredAs: "企业"))
    }

    @Test func registryMismatchIsAWarning() {
        let outcome = checker().check(SourceRow(number: 2, cells: cells(["name": "清溪五金厂"])))
        #expect(outcome.issues.map(\.code) == [.registryMismatch])
        #expect(outcome.issues[0].severity == .warning)
        #expect(outcome.isAccepted)
    }

    @Test(arguments: [
        (["contracts": "121"], "contracts-within-employees", "contracts"),
        (["insured": "130"], "insured-within-employees", "insured"),
        (["integrity_score": "89.5"], "integrity-rating-band", "integrity_rating"),
        (["harmony_score": "74", "harmony_rating": "良好"], "harmony-rating-band", "harmony_rating"),
        (["wage_arrears": "1,200元"], "harmony-excellent-requirements", "harmony_rating"),
        (["workers_congress": "否"], "harmony-excellent-requirements", "harmony_rating"),
        (["filed_on": "2009-05-31"], "filed-after-period-start", "filed_on"),
    ])
    func rules(changes: [String: String], rule: String, field: String) {
        let issues = check(changes)
        #expect(issues.map(\.code) == [.rowConstraint])
        #expect(issues.first?.rule == rule)
        #expect(issues.first?.field == field)
    }

    /// PRODUCT §11.1: a `warning` rule keeps the row with a `row-constraint` warning.
    @Test func warningRuleKeepsTheRow() throws {
        let outcome = checker(try enterprise("contracts-within-employees", level: .warning))
            .check(SourceRow(number: 2, cells: cells(["contracts": "121"])))
        #expect(outcome.issues.map(\.code) == [.rowConstraint])
        #expect(outcome.issues[0].severity == .warning)
        #expect(outcome.issues[0].rule == "contracts-within-employees")
        #expect(outcome.isAccepted)
    }

    /// A `verify` rule holds a row whose 填报说明 is empty, and names the rule.
    @Test(arguments: ["", "  ", "\u{3000}"])
    func verifyRuleWithoutExplanationHoldsTheRow(explanation: String) throws {
        let outcome = checker(try enterprise("insured-within-employees", level: .verify))
            .check(SourceRow(number: 2, cells: cells(["insured": "130", "explanation": explanation])))
        #expect(outcome.issues.map(\.code) == [.needsExplanation])
        let issue = outcome.issues[0]
        #expect(issue.severity == .error)
        #expect(issue.rule == "insured-within-employees")
        #expect(issue.field == "insured")
        #expect(issue.value == "130")
        #expect(issue.finding == .needsExplanation(enterprise.rules[1].message,
                                                   values: [LabeledValue(label: "参加社会保险人数", value: "130"),
                                                            LabeledValue(label: "职工人数", value: "120")],
                                                   previous: [], previousPeriod: nil))
        #expect(!outcome.isAccepted)
        #expect(issue.message(.zh).contains("参加社会保险人数 130"))
    }

    /// A `verify` rule lets in a row whose 填报说明 explains it, with the warning `explained`.
    @Test func verifyRuleWithExplanationAcceptsTheRow() throws {
        let outcome = checker(try enterprise("insured-within-employees", level: .verify))
            .check(SourceRow(number: 2, cells: cells(["insured": "130", "explanation": " 含10名退休返聘人员，已单独参保 "])))
        #expect(outcome.issues.map(\.code) == [.explained])
        let issue = outcome.issues[0]
        #expect(issue.severity == .warning)
        #expect(issue.rule == "insured-within-employees")
        #expect(issue.field == "insured")
        #expect(issue.value == "含10名退休返聘人员,已单独参保")
        #expect(issue.finding == .explained(enterprise.rules[1].message, previousPeriod: nil))
        #expect(outcome.isAccepted)
        #expect(issue.message(.zh).contains("含10名退休返聘人员,已单独参保"))
    }

    /// An explanation is no excuse for an `error` rule.
    @Test func explanationDoesNotExcuseAnErrorRule() {
        let issues = check(["insured": "130", "explanation": "含退休返聘人员"])
        #expect(issues.map(\.code) == [.rowConstraint])
        #expect(issues[0].severity == .error)
    }

    /// Rules that name prev() wait for the merge: a row alone never fails them.
    @Test func historyRulesAreNotCheckedWithTheRowAlone() {
        #expect(check(["employees": "100000", "contracts": "100", "insured": "100"]).isEmpty)
    }

    @Test func rulesSkipFieldsThatAreWrong() {
        #expect(check(["contracts": "many"]).map(\.code) == [.typeError])
    }

    @Test func primaryKeyWithinTheFile() {
        let checker = checker()
        #expect(checker.check(SourceRow(number: 2, cells: cells())).isAccepted)
        let second = checker.check(SourceRow(number: 5, cells: cells(["employees": "130"])))
        #expect(second.issues.map(\.code) == [.primaryKey])
        #expect(second.issues[0].field == "credit_code")
        #expect(second.issues[0].message(.zh).contains("第 2 行"))
        #expect(checker.check(SourceRow(number: 6, cells: cells(["period": "2009-07", "filed_on": "2009-07-02"]))).isAccepted)
    }

    @Test func rejectedRowDoesNotClaimItsKey() {
        let checker = checker()
        #expect(!checker.check(SourceRow(number: 2, cells: cells(["employees": "x"]))).isAccepted)
        #expect(checker.check(SourceRow(number: 3, cells: cells())).isAccepted)
    }

    @Test func cellCounts() {
        let checker = checker()
        let extra = checker.check(SourceRow(number: 4, cells: cells() + ["多余"]))
        #expect(extra.issues.map(\.code) == [.extraCell])
        #expect(extra.issues[0].field == nil)
        #expect(checker.check(SourceRow(number: 5, cells: cells(["period": "2009-08", "filed_on": "2009-08-03"]) + ["", " "])).isAccepted)
        let short = checker.check(SourceRow(number: 6, cells: Array(cells().prefix(10))))
        #expect(short.issues.map(\.code) == [.missingCell])
        #expect(short.issues[0].field == "wage_arrears")
    }

    @Test func trailingOptionalColumnMayBeOmitted() throws {
        let fields = enterprise.fields.indices.filter { enterprise.fields[$0].key != "village_code" } + [enterprise.fieldIndex(key: "village_code")!]
        let checker = RowChecker(type: enterprise, columnFields: fields, width: fields.count, schema: schema,
                                 registry: Self.registry, file: "t.csv")
        let row = fields.dropLast().map { Self.validRow[enterprise.fields[$0].key]! }
        #expect(checker.check(SourceRow(number: 2, cells: row)).issues.isEmpty)
    }

    @Test func messagesNameTheColumnAndValue() {
        for changes in [["employees": "十二"], ["phone": "8612345"], ["integrity_rating": "特优"]] {
            let issue = check(changes)[0]
            for language in Language.allCases {
                let message = issue.message(language)
                #expect(message.contains(issue.label!))
                #expect(message.contains(changes.values.first!))
            }
        }
    }
}

@Suite struct HeaderMatcherTests {
    let schema: PlanSchema
    let matcher: HeaderMatcher

    init() throws {
        schema = try TestSupport.schema()
        matcher = HeaderMatcher(schema: schema)
    }

    var villageLabels: [String] { schema.returnType(named: "village")!.fields.map(\.label) }

    @Test func recognisesTypeByLabelsOrKeys() throws {
        #expect(matcher.match(villageLabels, file: "v.csv")?.type.name == "village")
        let keys = schema.returnType(named: "enterprise")!.fields.map(\.key)
        let match = try #require(matcher.match(keys, file: "e.csv"))
        #expect(match.type.name == "enterprise")
        #expect(match.issues.isEmpty)
    }

    @Test func toleratesWidthAndSpaces() throws {
        let labels = schema.returnType(named: "enterprise")!.fields.map(\.label)
            .map { $0 == "拖欠工资金额（元）" ? " 拖欠工资金额(元) " : $0 }
        let match = try #require(matcher.match(labels, file: "e.csv"))
        #expect(match.issues.isEmpty)
        #expect(match.columnFields.allSatisfy { $0 != nil })
    }

    @Test func unknownHeader() {
        #expect(matcher.match(["姓名", "年龄", "住址"], file: "x.csv") == nil)
        #expect(matcher.match(["报送期间", "姓名"], file: "x.csv") == nil)
    }

    @Test func fileLevelHeaderIssues() throws {
        var labels = villageLabels
        labels[5] = ""
        labels.append("村代码")
        labels.append("备注")
        labels.remove(at: labels.firstIndex(of: "法律顾问")!)
        let match = try #require(matcher.match(labels + ["", ""], file: "v.csv"))
        #expect(match.width == labels.count)
        let found = match.issues.map { "\($0.code.rawValue):\($0.field ?? "-")" }
        #expect(found == ["blank-label:-", "duplicate-label:village_code", "extra-label:-", "missing-label:legal_adviser",
                          "missing-label:law_sessions"])
        #expect(match.issues.allSatisfy { $0.row == nil })
    }

    /// 填报说明 binds by its label, key or aliases, in any column, and is never required.
    @Test(arguments: ["填报说明", "explanation", "说明", "情况说明", " 情况说明 "])
    func explanationColumnBinds(label: String) throws {
        let village = try #require(schema.returnType(named: "village"))
        let labels = Array(villageLabels.dropLast())
        let match = try #require(matcher.match([labels[0], label] + labels.dropFirst(), file: "v.csv"))
        #expect(match.issues.isEmpty)
        #expect(match.columnFields[1] == village.explanationField)
        #expect(try #require(matcher.match(labels, file: "v.csv")).issues.isEmpty)
    }

    @Test func columnsThatHuizongWritesAreIgnored() throws {
        let match = try #require(matcher.match(villageLabels + ["来源文件", "来源行号", "错误说明", "原行号"], file: "v.csv"))
        #expect(match.issues.isEmpty)
    }
}
