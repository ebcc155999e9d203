import Testing
@testable import Huizong

@Suite struct RuleExpressionTests {
    static func field(_ key: String, _ type: FieldType) -> Field {
        Field(key: key, label: key, type: type, constraints: FieldConstraints(), aliases: [], isCode: false,
              checksum: nil, trueValues: [], falseValues: [], hint: nil)
    }

    static let fields = [field("a", .integer), field("b", .integer), field("score", .number), field("rating", .string),
                         field("flag", .boolean), field("period", .yearmonth), field("filed", .date)]
    static let bands = [ScoreBand(label: "优秀", minimum: 90), ScoreBand(label: "良好", minimum: 75),
                        ScoreBand(label: "合格", minimum: 60), ScoreBand(label: "不合格", minimum: 0)]

    func holds(_ source: String, _ values: [Int: RuleValue]) throws -> Bool {
        let expression = try RuleParser.parse(source, fields: Self.fields)
        return expression.evaluate({ values[$0]! }, band: { score in Self.bands.first { score >= $0.minimum }?.label }).isTrue
    }

    @Test func comparisonsAndSums() throws {
        #expect(try holds("a <= b", [0: .number(3), 1: .number(5)]))
        #expect(try !holds("a <= b", [0: .number(6), 1: .number(5)]))
        #expect(try holds("a + b - 1 >= 7", [0: .number(3), 1: .number(5)]))
        #expect(try holds("a != b", [0: .number(3), 1: .number(5)]))
    }

    @Test func implicationIsVacuouslyTrue() throws {
        let rule = "rating == '优秀' implies flag and a == 0"
        #expect(try holds(rule, [3: .text("良好"), 4: .bool(false), 0: .number(5)]))
        #expect(try holds(rule, [3: .text("优秀"), 4: .bool(true), 0: .number(0)]))
        #expect(try !holds(rule, [3: .text("优秀"), 4: .bool(true), 0: .number(1)]))
        #expect(try !holds(rule, [3: .text("优秀"), 4: .bool(false), 0: .number(0)]))
    }

    @Test(arguments: [(95.0, "优秀", true), (90.0, "优秀", true), (89.9, "优秀", false), (75.0, "良好", true),
                      (60.0, "合格", true), (59.5, "不合格", true), (59.5, "合格", false)])
    func bands(score: Double, rating: String, holds expected: Bool) throws {
        #expect(try holds("rating == band(score)", [2: .number(score), 3: .text(rating)]) == expected)
    }

    @Test func datesCompareWithPeriodStart() throws {
        #expect(try holds("filed >= start(period)", [5: .text("2009-06"), 6: .text("2009-06-01")]))
        #expect(try !holds("filed >= start(period)", [5: .text("2009-06"), 6: .text("2009-05-31")]))
    }

    @Test func notOrAndParentheses() throws {
        #expect(try holds("not (a > b) or flag", [0: .number(1), 1: .number(2), 4: .bool(false)]))
        #expect(try !holds("(a > b) or flag", [0: .number(1), 1: .number(2), 4: .bool(false)]))
    }

    @Test func fieldsUsedInOrder() throws {
        let expression = try RuleParser.parse("b + a <= score", fields: Self.fields)
        #expect(expression.fieldsUsed == [1, 0, 2])
    }

    @Test(arguments: [
        "a <=", "a <= nosuch", "a + rating > 1", "rating == 1", "a", "flag and a", "start(a) > filed",
        "a <= (b", "'open", "a # b", "band(rating) == rating",
    ])
    func brokenRulesAreRefused(source: String) {
        #expect(throws: SchemaProblem.self) { try RuleParser.parse(source, fields: Self.fields) }
    }
}
