import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

@Suite struct SchemaLoaderTests {
    @Test func shippedSchemaHasBothReturnTypes() throws {
        let schema = try TestSupport.schema()
        #expect(schema.returnTypes.map(\.name).sorted() == ["enterprise", "village"])
        #expect(schema.period == YearMonth(year: 2009, month: 4)!...YearMonth(year: 2009, month: 12)!)
        #expect(schema.bands.map(\.label) == ["优秀", "良好", "合格", "不合格"])
        #expect(schema.band(of: 89.99) == "良好")
    }

    /// PRODUCT §3.1 and §3.2 pin keys, labels, types and order.
    @Test func fieldsAreExactlyThoseOfTheSpecification() throws {
        let schema = try TestSupport.schema()
        let enterprise = try #require(schema.returnType(named: "enterprise"))
        #expect(enterprise.title == "企业创建情况表")
        #expect(enterprise.fields.map(\.key) == ["credit_code", "name", "village_code", "period", "employees", "contracts",
                                                  "insured", "workers_congress", "affairs_open", "wage_bargaining",
                                                  "wage_arrears", "labor_disputes", "integrity_score", "integrity_rating",
                                                  "harmony_score", "harmony_rating", "contact", "phone", "filed_on", "explanation"])
        #expect(enterprise.fields.map(\.label) == ["统一社会信用代码", "企业名称", "所在村代码", "报送期间", "职工人数",
                                                    "劳动合同签订人数", "参加社会保险人数", "建立职工代表大会", "推行厂务公开",
                                                    "开展工资集体协商", "拖欠工资金额（元）", "劳动争议件数", "诚信守法自评分",
                                                    "诚信守法等级", "劳动关系和谐自评分", "劳动关系和谐等级", "填报人", "联系电话",
                                                    "填报日期", "填报说明"])
        #expect(enterprise.fields.map(\.type.rawValue) == ["string", "string", "string", "yearmonth", "integer", "integer",
                                                            "integer", "boolean", "boolean", "boolean", "number", "integer",
                                                            "number", "string", "number", "string", "string", "string", "date",
                                                            "string"])
        #expect(enterprise.primaryKey.map { enterprise.fields[$0].key } == ["credit_code", "period"])
        #expect(enterprise.fields.filter { !$0.constraints.required }.map(\.key) == ["village_code", "explanation"])
        #expect(enterprise.rules.map(\.id) == ["contracts-within-employees", "insured-within-employees", "integrity-rating-band",
                                               "harmony-rating-band", "harmony-excellent-requirements", "filed-after-period-start",
                                               "employees-change"])

        let village = try #require(schema.returnType(named: "village"))
        #expect(village.title == "民主法治村创建情况表")
        #expect(village.fields.map(\.label) == ["村代码", "村名称", "报送期间", "法律顾问", "法律顾问电话", "普法活动次数",
                                                 "普法参加人次", "调解纠纷件数", "调解成功件数", "土地承包纠纷件数", "环境保护纠纷件数",
                                                 "劳动争议纠纷件数", "征地拆迁纠纷件数", "村务公开", "民主选举制度健全", "民主决策制度健全",
                                                 "民主管理制度健全", "民主监督制度健全", "社区矫正对象人数", "重新犯罪人数", "创建自评分",
                                                 "创建等级", "填报人", "联系电话", "填报日期", "填报说明"])
        #expect(village.fields.filter { !$0.constraints.required }.map(\.key) == ["explanation"])
        #expect(village.primaryKey.map { village.fields[$0].key } == ["village_code", "period"])
        #expect(village.rules.map(\.id) == ["attendance-needs-sessions", "resolved-within-disputes",
                                            "dispute-breakdown-within-total", "reoffended-within-corrections",
                                            "village-rating-band", "village-excellent-requirements", "filed-after-period-start",
                                            "attendance-jump"])
        #expect(village.rules[0].field == village.fieldIndex(key: "law_attendance"))
    }

    /// PRODUCT §11.1, §11.2: the rules of §3 stay errors; the two history rules ask for a word.
    @Test func ruleLevelsAndHistory() throws {
        let schema = try TestSupport.schema()
        let history: [String: (type: String, field: String)] = ["employees-change": ("enterprise", "employees"),
                                                                "attendance-jump": ("village", "law_attendance")]
        for type in schema.returnTypes {
            for rule in type.rules {
                if let expected = history[rule.id] {
                    let field = try #require(type.fieldIndex(key: expected.field))
                    #expect(type.name == expected.type)
                    #expect(rule.level == .verify)
                    #expect(rule.usesHistory)
                    #expect(rule.fieldsUsed == [field])
                    #expect(rule.previousFieldsUsed == [field])
                    #expect(rule.field == field)
                } else {
                    #expect(rule.level == .error, "\(rule.id)")
                    #expect(!rule.usesHistory, "\(rule.id)")
                }
            }
        }
    }

    @Test(arguments: RuleLevel.allCases)
    func ruleLevelIsRead(level: RuleLevel) throws {
        let seeds = try brokenSeeds("returns/village.yaml") {
            $0.replacingOccurrences(of: "    check: reoffended <= corrections\n", with: "    check: reoffended <= corrections\n    level: \(level.rawValue)\n")
        }
        defer { TestSupport.remove((seeds as NSString).deletingLastPathComponent) }
        let village = try #require(try SchemaLoader.load(seeds: seeds).returnType(named: "village"))
        #expect(village.rules.first { $0.id == "reoffended-within-corrections" }?.level == level)
    }

    @Test func unknownRuleLevelNamesFileLineAndPlace() throws {
        let seeds = try brokenSeeds("returns/village.yaml") {
            $0.replacingOccurrences(of: "    check: reoffended <= corrections\n", with: "    check: reoffended <= corrections\n    level: notice\n")
        }
        defer { TestSupport.remove((seeds as NSString).deletingLastPathComponent) }
        let error = try #require(throws: SchemaError.self) { try SchemaLoader.load(seeds: seeds) }
        #expect(error.file.hasSuffix("seeds/returns/village.yaml"))
        #expect(error.place == "rules[3].level")
        #expect(error.line != nil)
        #expect(error.problem == .unknownValue("notice", allowed: ["error", "verify", "warning"]))
    }

    @Test func historyRuleOfTheWrongKindIsRefusedAtLoad() throws {
        let seeds = try brokenSeeds("returns/village.yaml") {
            $0.replacingOccurrences(of: "check: law_attendance <= prev(law_attendance) * 3 + 30",
                                    with: "check: law_attendance <= prev(legal_adviser) * 3 + 30")
        }
        defer { TestSupport.remove((seeds as NSString).deletingLastPathComponent) }
        let error = try #require(throws: SchemaError.self) { try SchemaLoader.load(seeds: seeds) }
        #expect(error.place == "rules[7].check")
        #expect(error.problem == .invalidRule("'*' needs a number, not a text"))
    }

    // MARK: - 填报说明 (PRODUCT §11.1)

    @Test func everyTypeEndsWithTheExplanationField() throws {
        let schema = try TestSupport.schema()
        for type in schema.returnTypes {
            let index = try #require(type.explanationField)
            #expect(index == type.fields.count - 1)
            let field = type.fields[index]
            #expect(field.key == "explanation")
            #expect(field.label == "填报说明")
            #expect(field.aliases == ["说明", "情况说明"])
            #expect(field.type == .string)
            #expect(!field.constraints.required)
            #expect(field.constraints.enumValues == nil && field.constraints.pattern == nil && field.constraints.maxLength == nil)
            #expect(!field.isCode && field.checksum == nil)
            #expect(field.hint?.zh.isEmpty == false)
        }
    }

    @Test func withoutADeclarationNoTypeHasAnExplanation() throws {
        let seeds = try brokenSeeds("plan.yaml") { text in
            let start = text.range(of: "explanation:\n")!
            let end = text.range(of: "# Score bands")!
            return text.replacingCharacters(in: start.lowerBound..<end.lowerBound, with: "")
        }
        defer { TestSupport.remove((seeds as NSString).deletingLastPathComponent) }
        let schema = try SchemaLoader.load(seeds: seeds)
        for type in schema.returnTypes {
            #expect(type.explanationField == nil)
            #expect(type.fieldIndex(key: "explanation") == nil)
            #expect(!type.fields.contains { $0.label == "填报说明" })
        }
        #expect(schema.returnType(named: "enterprise")?.fields.count == 19)
        #expect(schema.returnType(named: "village")?.fields.count == 25)
    }

    @Test func aTypeWithItsOwnExplanationFieldIsRefused() throws {
        let seeds = try brokenSeeds("returns/village.yaml") {
            $0.replacingOccurrences(of: "  primaryKey: [village_code, period]",
                                    with: "    - name: explanation\n      title: 备注\n      type: string\n  primaryKey: [village_code, period]")
        }
        defer { TestSupport.remove((seeds as NSString).deletingLastPathComponent) }
        let error = try #require(throws: SchemaError.self) { try SchemaLoader.load(seeds: seeds) }
        #expect(error.file.hasSuffix("seeds/returns/village.yaml"))
        #expect(error.place == "schema.fields[25].name")
        #expect(error.line != nil)
        #expect(error.problem == .duplicate("explanation"))
    }

    func field(_ type: ReturnType, _ key: String) throws -> Field {
        type.fields[try #require(type.fieldIndex(key: key))]
    }

    @Test func periodFieldsTakeThePlanPeriod() throws {
        let enterprise = try #require(try TestSupport.schema().returnType(named: "enterprise"))
        let period = try field(enterprise, "period")
        #expect(period.constraints.minimum == Bound(value: .text("2009-04"), fromPlanPeriod: true))
        #expect(period.constraints.maximum == Bound(value: .text("2009-12"), fromPlanPeriod: true))
    }

    @Test func phonePattern() throws {
        let enterprise = try #require(try TestSupport.schema().returnType(named: "enterprise"))
        let phone = try #require(try field(enterprise, "phone").constraints.pattern)
        for good in ["13857412345", "0574-86123456", "057486123456", "010-1234567"] { #expect(phone.matches(good)) }
        for bad in ["12857412345", "1385741234", "574-86123456", "0574-861234567", "138574123456"] { #expect(!phone.matches(bad)) }
    }

    // MARK: - Broken schemas: exit 2 with file, line and property

    /// Copies the shipped seeds into a scratch workspace and applies `edit` to one file.
    func brokenSeeds(_ file: String, _ edit: (String) -> String) throws -> String {
        try TestSupport.editedSeeds(file, edit)
    }

    @Test func unknownTypeNamesFileLineAndPlace() throws {
        let seeds = try brokenSeeds("returns/enterprise.yaml") {
            $0.replacingOccurrences(of: "title: 职工人数\n      type: integer", with: "title: 职工人数\n      type: intger")
        }
        let error = try #require(throws: SchemaError.self) { try SchemaLoader.load(seeds: seeds) }
        #expect(error.file.hasSuffix("seeds/returns/enterprise.yaml"))
        #expect(error.place == "schema.fields[4].type")
        #expect(error.line != nil)
        #expect(error.problem == .unknownValue("intger", allowed: FieldType.allCases.map(\.rawValue)))
        let message = error.message(.zh)
        #expect(message.contains("enterprise.yaml") && message.contains("intger") && message.contains("第 \(error.line!) 行"))
    }

    @Test func yamlSyntaxErrorHasALine() throws {
        let seeds = try brokenSeeds("plan.yaml") { $0.replacingOccurrences(of: "  start: 2009-04", with: "  start: [2009-04") }
        let error = try #require(throws: SchemaError.self) { try SchemaLoader.load(seeds: seeds) }
        #expect(error.file.hasSuffix("plan.yaml"))
        #expect(error.line != nil)
    }

    @Test func ruleNamingAnUnknownField() throws {
        let seeds = try brokenSeeds("returns/village.yaml") {
            $0.replacingOccurrences(of: "check: reoffended <= corrections", with: "check: reoffended <= correction")
        }
        let error = try #require(throws: SchemaError.self) { try SchemaLoader.load(seeds: seeds) }
        #expect(error.place == "rules[3].check")
        guard case .invalidRule(let detail) = error.problem else {
            Testing.Issue.record("expected invalidRule, got \(error.problem)")
            return
        }
        #expect(detail.contains("correction"))
    }

    @Test func primaryKeyNamingAnUnknownField() throws {
        let seeds = try brokenSeeds("returns/village.yaml") {
            $0.replacingOccurrences(of: "primaryKey: [village_code, period]", with: "primaryKey: [village_code, month]")
        }
        let error = try #require(throws: SchemaError.self) { try SchemaLoader.load(seeds: seeds) }
        #expect(error.problem == .unknownField("month"))
        #expect(error.place == "schema.primaryKey")
    }

    @Test func missingPlanFile() throws {
        let root = try TestSupport.temporaryFolder()
        let error = try #require(throws: SchemaError.self) { try SchemaLoader.load(seeds: root + "/seeds") }
        #expect(error.problem == .unreadable)
        #expect(error.message(.en).contains("plan.yaml"))
    }

    @Test func invalidPattern() throws {
        let seeds = try brokenSeeds("returns/village.yaml") {
            $0.replacingOccurrences(of: "pattern: \"[0-9]{12}\"", with: "pattern: \"[0-9{12}\"")
        }
        let error = try #require(throws: SchemaError.self) { try SchemaLoader.load(seeds: seeds) }
        #expect(error.problem == .invalidPattern("[0-9{12}"))
        #expect(error.place == "schema.fields[0].constraints.pattern")
    }

    @Test func ruleThatNamesNoFieldIsRefused() throws {
        let seeds = try brokenSeeds("returns/village.yaml") {
            $0.replacingOccurrences(of: "check: reoffended <= corrections", with: "check: band(95) == '优秀'")
        }
        let error = try #require(throws: SchemaError.self) { try SchemaLoader.load(seeds: seeds) }
        #expect(error.problem == .invalidRule("the check names no field"))
    }

    @Test func missingValuesOfTheSchemaReadAsEmpty() throws {
        let seeds = try brokenSeeds("returns/enterprise.yaml") {
            $0.replacingOccurrences(of: "  missingValues: [\"\"]", with: "  missingValues: [\"\", \"-\", \"无\"]")
        }
        let schema = try SchemaLoader.load(seeds: seeds)
        let enterprise = try #require(schema.returnType(named: "enterprise"))
        #expect(enterprise.missingValues == ["", "-", "无"])
        let registry = try Registry.load(path: TestSupport.seeds + "/units.csv")
        let checker = RowChecker(type: enterprise, columnFields: enterprise.fields.indices.map { $0 },
                                 width: enterprise.fields.count, schema: schema, registry: registry, file: "e.csv")
        var row = EnterpriseReturn.row(0)
        row[2] = "-"
        #expect(checker.check(SourceRow(number: 2, cells: row)).issues.isEmpty)
        row[4] = "无"
        #expect(checker.check(SourceRow(number: 3, cells: row)).issues.map { "\($0.field ?? "-") \($0.code.rawValue) \($0.constraint ?? "-")" } == ["employees constraint-error required", "credit_code primary-key -"])
    }

    @Test func unreadableRegistrySaysWhy() throws {
        let root = try TestSupport.temporaryFolder()
        try FileManager.default.copyItem(atPath: TestSupport.seeds, toPath: root + "/seeds")
        try TestSupport.write("单位代码,单位名称,单位类型,所在村代码\n\"330206110201,东岙村,村,\n", to: root + "/seeds/units.csv")
        let error = try #require(throws: SchemaError.self) { try Workspace(root: root) }
        #expect(error.problem == .unreadableTable(.unterminatedQuote(line: 2)))
        #expect(error.message(.zh).contains("units.csv"))
        #expect(error.message(.zh).contains("第 2 行开始的带引号的单元格"))
    }
}
