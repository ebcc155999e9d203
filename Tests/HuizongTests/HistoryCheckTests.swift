import Testing
@testable import Huizong
import HuizongTestSupport

/// History rules (PRODUCT §11.2) on rows as stored: canonical values, the previous period's beside them.
@Suite struct HistoryCheckTests {
    let schema: PlanSchema
    let enterprise: ReturnType
    let village: ReturnType

    init() throws {
        schema = try TestSupport.schema()
        enterprise = try #require(schema.returnType(named: "enterprise"))
        village = try #require(schema.returnType(named: "village"))
    }

    static let validVillage: [String: String] = [
        "village_code": "330206110201", "name": "东岙村", "period": "2009-06", "legal_adviser": "陈律师",
        "adviser_phone": "13857400001", "law_sessions": "4", "law_attendance": "260", "disputes": "6",
        "disputes_resolved": "6", "land_disputes": "1", "environment_disputes": "1", "labor_disputes": "1",
        "demolition_disputes": "0", "affairs_open": "是", "democratic_election": "是", "democratic_decision": "是",
        "democratic_management": "是", "democratic_supervision": "是", "corrections": "3", "reoffended": "0",
        "self_score": "92", "rating": "优秀", "contact": "李红", "phone": "0574-86100001", "filed_on": "2009-06-25",
        "explanation": "",
    ]

    /// A stored row of `type`: the valid row with `changes`, canonical, in field order.
    func row(_ type: ReturnType, _ changes: [String: String] = [:]) -> [String] {
        let valid = type.name == "village" ? Self.validVillage : RowCheckerTests.validRow
        return type.fields.map { changes[$0.key] ?? valid[$0.key]! }
    }

    func issues(_ type: ReturnType, _ changes: [String: String], previous: [String: String]?) -> [Huizong.Issue] {
        let values = row(type, changes)
        return HistoryCheck(type: type, schema: schema).issues(
            file: "t.csv", row: 2, values: values, original: values,
            previous: previous.map { ("2009-05", row(type, $0.merging(["period": "2009-05"]) { new, _ in new })) })
    }

    @Test func onlyTypesWithPrevRulesHaveAHistoryCheck() {
        #expect(!HistoryCheck(type: enterprise, schema: schema).isEmpty)
        #expect(!HistoryCheck(type: village, schema: schema).isEmpty)
        var plain = enterprise
        plain.rules.removeAll { $0.usesHistory }
        #expect(HistoryCheck(type: plain, schema: schema).isEmpty)
        #expect(HistoryCheck(type: plain, schema: schema).issues(file: "t.csv", row: 2, values: row(plain, ["employees": "900"]),
                                                                original: [], previous: ("2009-05", row(plain))).isEmpty)
    }

    @Test func aFirstPeriodHasNothingToCompareWith() {
        #expect(issues(village, ["law_attendance": "5000"], previous: nil).isEmpty)
        #expect(issues(enterprise, ["employees": "5000", "contracts": "10", "insured": "10"], previous: nil).isEmpty)
    }

    /// A threefold jump (and then some) needs a word; the issue quotes both periods.
    @Test func threefoldJumpNeedsAnExplanation() throws {
        let found = issues(village, ["law_attendance": "400"], previous: ["law_attendance": "100"])
        #expect(found.map(\.code) == [.needsExplanation])
        let issue = try #require(found.first)
        #expect(issue.rule == "attendance-jump")
        #expect(issue.field == "law_attendance")
        #expect(issue.label == "普法参加人次")
        #expect(issue.value == "400")
        #expect(issue.severity == .error)
        #expect(issue.row == 2 && issue.file == "t.csv")
        let rule = try #require(village.rules.first { $0.id == "attendance-jump" })
        #expect(issue.finding == .needsExplanation(rule.message, values: [LabeledValue(label: "普法参加人次", value: "400")],
                                                   previous: [LabeledValue(label: "普法参加人次", value: "100")],
                                                   previousPeriod: "2009-05"))
        #expect(issue.message(.zh) == "本行普法参加人次 400，上期（2009-05）普法参加人次 100。普法参加人次比上期增加两倍以上，如数据无误请在“填报说明”中说明原因。该行暂不采用，请核实后重新报送。")
        #expect(issue.message(.en).hasPrefix("This row has 普法参加人次 400; the previous period (2009-05) had 普法参加人次 100. Law-education"))
    }

    @Test func explainedJumpIsAcceptedWithAWarning() throws {
        let found = issues(village, ["law_attendance": "400", "explanation": "6月开展“法律进村”集中宣传周"],
                           previous: ["law_attendance": "100"])
        #expect(found.map(\.code) == [.explained])
        let issue = try #require(found.first)
        #expect(issue.severity == .warning)
        #expect(issue.rule == "attendance-jump")
        #expect(issue.field == "law_attendance")
        #expect(issue.value == "6月开展“法律进村”集中宣传周")
        #expect(issue.finding == .explained(village.rules.first { $0.id == "attendance-jump" }!.message, previousPeriod: "2009-05"))
        #expect(issue.message(.zh).hasSuffix("填报单位的说明：“6月开展“法律进村”集中宣传周”。本行已采用，待镇法治办审核时对照上期（2009-05）核实。"))
    }

    /// A rule is checked only where every field it reads has a value, now and in the previous period.
    @Test func emptyValuesLeaveTheRuleUnchecked() {
        #expect(issues(village, ["law_attendance": "400"], previous: ["law_attendance": ""]).isEmpty)
        #expect(issues(village, ["law_attendance": ""], previous: ["law_attendance": "100"]).isEmpty)
    }

    /// Rows stored before 填报说明 was added lack its value: it reads as empty, in either period.
    @Test func rowsStoredBeforeAFieldWasAddedReadAsEmpty() throws {
        let check = HistoryCheck(type: village, schema: schema)
        let current = Array(row(village, ["law_attendance": "400"]).dropLast())
        let earlier = Array(row(village, ["law_attendance": "100", "period": "2009-05"]).dropLast())
        let found = check.issues(file: "t.csv", row: 2, values: current, original: Array(current.prefix(3)), previous: ("2009-05", earlier))
        #expect(found.map(\.code) == [.needsExplanation])
        #expect(found.first?.value == "")
        #expect(check.issues(file: "t.csv", row: 2, values: Array(current.prefix(3)), original: [], previous: ("2009-05", earlier)).isEmpty)
    }

    /// The shipped rules on figures a town sees: a small unit's swing of a few people is no news.
    @Test(arguments: [
        (120, 100, true), (150, 100, true), (160, 100, true), (161, 100, false), (40, 100, true), (39, 100, false),
        (12, 2, true), (13, 2, true), (14, 2, false), (0, 15, true), (0, 25, false), (600, 1200, true), (589, 1200, false),
    ])
    func employeesChange(employees: Int, previous: Int, holds: Bool) {
        let changes = ["employees": String(employees), "contracts": "0", "insured": "0"]
        let found = issues(enterprise, changes, previous: ["employees": String(previous)])
        #expect(found.map(\.code) == (holds ? [] : [.needsExplanation]))
        #expect(found.allSatisfy { $0.rule == "employees-change" })
    }

    @Test(arguments: [
        (330, 100, true), (331, 100, false), (30, 0, true), (31, 0, false), (50, 200, true), (0, 260, true), (900, 260, false),
    ])
    func attendanceJump(attendance: Int, previous: Int, holds: Bool) {
        let found = issues(village, ["law_attendance": String(attendance)], previous: ["law_attendance": String(previous)])
        #expect(found.map(\.code) == (holds ? [] : [.needsExplanation]))
    }

    /// A history rule of level `warning` or `error` gives `row-constraint`, its message quoting
    /// the previous period's figure beside the row's.
    @Test(arguments: [RuleLevel.warning, .error])
    func otherLevelsGiveRowConstraint(level: RuleLevel) throws {
        var type = village
        let index = try #require(type.rules.firstIndex { $0.id == "attendance-jump" })
        type.rules[index].level = level
        let values = row(type, ["law_attendance": "400"])
        let found = HistoryCheck(type: type, schema: schema).issues(file: "t.csv", row: 2, values: values, original: values,
                                                                  previous: ("2009-05", row(type, ["law_attendance": "100"])))
        #expect(found.map(\.code) == [.rowConstraint])
        #expect(found.first?.severity == (level == .warning ? .warning : .error))
        #expect(found.first?.rule == "attendance-jump")
        #expect(found.first?.message(.zh).contains("普法参加人次（2009-05） 100") == true)
    }
}
